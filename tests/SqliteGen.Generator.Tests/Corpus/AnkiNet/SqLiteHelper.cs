// Corpus look-alike of salty-flower/Anki.NET.Next:src/AnkiNet/Helpers/SqLiteHelper.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using Microsoft.Data.Sqlite;

namespace AnkiNet.Helpers;

internal static class SqLiteHelper
{
    internal static void ExecuteSqLiteCommand(SqliteConnection conn, string toExecute)
    {
        try
        {
            using var command = new SqliteCommand(toExecute, conn);
            command.ExecuteNonQuery();
        }
        catch (Exception e)
        {
            throw new InvalidOperationException("Cannot execute: " + toExecute, e);
        }
    }

    internal static long ExecuteScalar(SqliteConnection conn, string query)
    {
        using var command = new SqliteCommand(query, conn);
        return Convert.ToInt64(command.ExecuteScalar());
    }
}
