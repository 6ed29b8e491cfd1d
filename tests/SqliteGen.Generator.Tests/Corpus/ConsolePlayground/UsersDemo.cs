// Corpus look-alike of milenaszdl/Suzdalova-Milena-211-325-MobileDev:cnsSQLite/Program.cs (pattern only): the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using Microsoft.Data.Sqlite;

internal static class UsersDemo
{
    private static SqliteConnection db = null!;
    private static SqliteCommand cmdDB = null!;

    public static void Run(string[] args)
    {
        db = new SqliteConnection("Data Source=users.db");
        db.Open();
        cmdDB = new SqliteCommand();
        cmdDB.Connection = db;

        cmdDB.CommandText = "CREATE TABLE IF NOT EXISTS Users (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT UNIQUE, name varchar(50) NOT NULL, age INTEGER NOT NULL)";
        cmdDB.ExecuteNonQuery();

        cmdDB.CommandText = "INSERT INTO Users (name, age) VALUES (@name, @age)";
        cmdDB.Parameters.Add(new("@name", args.Length > 0 ? args[0] : "Yura"));
        cmdDB.Parameters.Add(new("@age", 25));
        cmdDB.ExecuteNonQuery();
        cmdDB.Parameters.Clear();

        cmdDB.CommandText = "SELECT COUNT(*) FROM Users";
        Console.WriteLine($"count={cmdDB.ExecuteScalar()}");

        int minAge = args.Length > 1 ? int.Parse(args[1]) : 18;
        cmdDB.CommandText = "SELECT * FROM Users WHERE age >= " + minAge; // expect: SQLG301
        using var r = cmdDB.ExecuteReader();
        while (r.Read())
            Console.WriteLine($"{r["id"]} | {r["name"]} | {r["age"]}");
    }
}
