// Corpus look-alike of jeffandmsum/waitlist:samples/SqlitePlayground/Program.cs (pattern only): the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.IO;
using Microsoft.Data.Sqlite;

Console.WriteLine("Checking for the local database file");
if (File.Exists("MyLocalDatabase.db"))
    File.Delete("MyLocalDatabase.db");

using (var connection = new SqliteConnection("Data Source=MyLocalDatabase.db"))
{
    connection.Open();
    var command = connection.CreateCommand();
    command.CommandText = "CREATE TABLE TestTbl1 (ID INT IDENTITY(1,1), Name NVARCHAR(255))";
    command.ExecuteNonQuery();

    foreach (var name in new[] { "jeffand", "otherperson" })
    {
        command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO TestTbl1 (Name) VALUES ('{name}')"; // expect: SQLG301
        command.ExecuteNonQuery();
    }

    command = connection.CreateCommand();
    command.CommandText = "SELECT Name from TestTbl1";
    using (var reader = command.ExecuteReader())
    {
        while (reader.Read())
            Console.WriteLine($"Hello, {reader.GetString(0)}!");
    }

    command = connection.CreateCommand();
    command.CommandText = "DELETE FROM TestTbl1";
    command.ExecuteNonQuery();
}
