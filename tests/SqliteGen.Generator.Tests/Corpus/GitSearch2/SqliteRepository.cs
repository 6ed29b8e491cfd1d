// Corpus look-alike of toddlang/GitSearch2:src/GitSearch2.Repository.Sqlite/SqliteRepository.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace GitSearch2.Repository.Sqlite
{
    /// <summary>One connection per call, opened by the helpers below; the web server and the indexer share the file.</summary>
    public abstract class SqliteRepository
    {
        private readonly string _connectionString;

        protected SqliteRepository(SqliteOptions options)
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
                throw new ArgumentException("A connection string is required.", nameof(options));
            _connectionString = options.ConnectionString;
        }

        protected async Task ExecuteNonQueryAsync(string sql, params SqliteParameter[] parameters)
        {
            using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(); // expect: SQLG201
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddRange(parameters);
            await command.ExecuteNonQueryAsync();
        }

        protected async Task<List<T>> ExecuteReaderAsync<T>(string sql, Func<SqliteDataReader, T> read, params SqliteParameter[] parameters)
        {
            var rows = new List<T>();
            using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(); // expect: SQLG201
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddRange(parameters);
            using SqliteDataReader reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                rows.Add(read(reader));
            return rows;
        }

        protected async Task<long> ExecuteScalarAsync(string sql, params SqliteParameter[] parameters)
        {
            using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(); // expect: SQLG201
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddRange(parameters);
            object? result = await command.ExecuteScalarAsync();
            return result is null or DBNull ? 0 : Convert.ToInt64(result);
        }

        protected static SqliteParameter Parameter(string name, object? value) => new SqliteParameter(name, value ?? DBNull.Value);
    }
}
