// Corpus look-alike of cw7 mvc repo (find_string hit 49496458253):Models/SqliteMoviesRepo.cs (pattern only): the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Collections.Generic;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace MoviesMvc.Models;

public sealed record Movie(int Id, string Title, string Director, int Year);

public interface IMoviesRepo
{
    void AddMovie(Movie movie);
    void Delete(int id);
    IEnumerable<Movie> GetAll();
    IEnumerable<Movie> Search(string title);
}

public class SqliteMoviesRepo : IMoviesRepo
{
    private readonly string? _connectionString;

    public SqliteMoviesRepo(IConfiguration configuration)
    {
        _connectionString = configuration.GetConnectionString("sqlite");
    }

    public void AddMovie(Movie movie)
    {
        using var connection = new SqliteConnection(_connectionString);
        using var command = connection.CreateCommand();
        command.CommandText = @"INSERT INTO Movies (title, director, year)
                        VALUES (@title, @director, @year)";
        command.Parameters.AddWithValue("@title", movie.Title);
        command.Parameters.AddWithValue("@director", movie.Director);
        command.Parameters.AddWithValue("@year", movie.Year);
        connection.Open(); // expect: SQLG201
        command.ExecuteNonQuery();
        connection.Close();
    }

    public void Delete(int id)
    {
        using var connection = new SqliteConnection(_connectionString);
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM Movies WHERE id = " + id; // expect: SQLG301
        connection.Open(); // expect: SQLG201
        command.ExecuteNonQuery();
    }

    public IEnumerable<Movie> GetAll()
    {
        var movies = new List<Movie>();
        using var connection = new SqliteConnection(_connectionString);
        connection.Open(); // expect: SQLG201
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, title, director, year FROM Movies";
        using var reader = command.ExecuteReader();
        while (reader.Read())
            movies.Add(new Movie(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3)));
        return movies;
    }

    public IEnumerable<Movie> Search(string title)
    {
        var movies = new List<Movie>();
        using var connection = new SqliteConnection(_connectionString);
        connection.Open(); // expect: SQLG201
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, title, director, year FROM Movies WHERE title LIKE '%{title}%'"; // expect: SQLG301
        using var reader = command.ExecuteReader();
        while (reader.Read())
            movies.Add(new Movie(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3)));
        return movies;
    }
}
