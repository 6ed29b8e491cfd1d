using System;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace SqliteGen.Cli.Tests;

/// <summary>Plain Microsoft.Data.Sqlite access to the test files: what a user would check with the sqlite3 shell.</summary>
public static class Db
{
    public static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA busy_timeout = 5000");
        return connection;
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static long Long(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public static string Text(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? "";
    }

    public static long Long(string path, string sql)
    {
        using SqliteConnection connection = Open(path);
        return Long(connection, sql);
    }

    public static string Text(string path, string sql)
    {
        using SqliteConnection connection = Open(path);
        return Text(connection, sql);
    }

    /// <summary>
    /// A database of <paramref name="rows"/> notes (~300 bytes each) with a unique index, in WAL or
    /// rollback mode, at user_version 7. Closed afterwards, so its WAL is checkpointed and gone.
    /// </summary>
    public static void CreateNotes(string path, int rows, bool wal = true)
    {
        using SqliteConnection connection = Open(path);
        Execute(connection, wal ? "PRAGMA journal_mode = WAL" : "PRAGMA journal_mode = DELETE");
        Execute(connection, "PRAGMA user_version = 7");
        Execute(connection, "CREATE TABLE notes (id INTEGER PRIMARY KEY, slug TEXT NOT NULL, body TEXT NOT NULL)");
        Execute(connection, "CREATE UNIQUE INDEX ux_notes_slug ON notes (slug)");
        Execute(connection, "CREATE TABLE tags (note_id INTEGER NOT NULL, tag TEXT NOT NULL)");
        Execute(connection, "CREATE INDEX ix_tags_tag ON tags (tag)");
        InsertNotes(connection, 0, rows);
        Execute(connection, "INSERT INTO tags SELECT id, 'tag' || (id % 10) FROM notes WHERE id % 2 = 0");
    }

    public static void InsertNotes(SqliteConnection connection, int from, int count)
    {
        Execute(connection, "BEGIN");
        using SqliteCommand insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO notes (id, slug, body) VALUES ($id, $slug, $body)";
        SqliteParameter id = insert.Parameters.Add("$id", SqliteType.Integer);
        SqliteParameter slug = insert.Parameters.Add("$slug", SqliteType.Text);
        SqliteParameter body = insert.Parameters.Add("$body", SqliteType.Text);
        for (int i = from; i < from + count; i++)
        {
            id.Value = i;
            slug.Value = "note-" + i.ToString(CultureInfo.InvariantCulture);
            body.Value = new string((char)('a' + i % 26), 300);
            insert.ExecuteNonQuery();
        }
        Execute(connection, "COMMIT");
    }
}
