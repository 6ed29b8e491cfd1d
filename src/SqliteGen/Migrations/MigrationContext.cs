using System;
using Microsoft.Data.Sqlite;

namespace SqliteGen;

/// <summary>What a custom data step gets: the connection, inside the step's transaction.</summary>
public sealed class MigrationContext
{
    internal MigrationContext(SqliteConnection connection, int version, string filePath)
    {
        Connection = connection;
        Version = version;
        FilePath = filePath;
    }

    /// <summary>The writer connection, with the step's transaction open. Do not commit or roll back.</summary>
    public SqliteConnection Connection { get; }

    /// <summary>The version being migrated to.</summary>
    public int Version { get; }

    /// <summary>The database file.</summary>
    public string FilePath { get; }

    /// <summary>Runs <paramref name="sql"/> with optional named parameters (<c>("$name", value)</c>); returns the rows changed.</summary>
    public int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using SqliteCommand command = Connection.CreateCommand();
        command.CommandText = sql;
        foreach ((string name, object? value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command.ExecuteNonQuery();
    }
}
