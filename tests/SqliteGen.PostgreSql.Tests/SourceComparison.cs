using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Npgsql;
using SqliteGen.Generator.Schema;
using Xunit;

namespace SqliteGen.PostgreSql.Tests;

/// <summary>
/// Row by row, value by value: a table as Microsoft.Data.Sqlite reads the SQLite file (the stored integers, reals, text
/// and blobs, nothing converted) against the same table as Npgsql reads it from PostgreSQL. What each stored form must
/// become is written here with the BCL's own parsers, independently of the copy's conversions; times are compared to
/// the microsecond PostgreSQL keeps.
/// </summary>
internal static class SourceComparison
{
    /// <summary>Compares every row of every table of <paramref name="schema"/>; returns the rows compared.</summary>
    public static long Compare(string sqlitePath, NpgsqlConnection target, DatabaseSchema schema)
    {
        long compared = 0;
        using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = sqlitePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        source.Open();
        foreach (TableSchema table in schema.Tables)
        {
            List<object?[]> sourceRows = SqliteRows(source, table);
            List<(object?[] Values, string[] Types)> targetRows = PostgresRows(target, table);
            Assert.True(sourceRows.Count == targetRows.Count, $"{table.Name}: {sourceRows.Count} rows in the file, {targetRows.Count} on PostgreSQL");
            for (int r = 0; r < sourceRows.Count; r++)
            {
                for (int c = 0; c < table.Columns.Count; c++)
                {
                    string where = $"{table.Name} row {r + 1} column {table.Columns[c].Name}";
                    Same(where, sourceRows[r][c], targetRows[r].Values[c], targetRows[r].Types[c]);
                }
                compared++;
            }
        }
        return compared;
    }

    private static void Same(string where, object? stored, object? copied, string type)
    {
        if (stored is null || copied is null)
        {
            Assert.True(stored is null && copied is null, $"{where}: {stored ?? "NULL"} in the file, {copied ?? "NULL"} on PostgreSQL");
            return;
        }
        bool same = type switch
        {
            "boolean" => (long)stored == ((bool)copied ? 1 : 0),
            "smallint" or "integer" or "bigint" => (long)stored == Convert.ToInt64(copied, CultureInfo.InvariantCulture),
            "real" => (float)(double)stored == (float)copied,
            "double precision" => BitConverter.DoubleToInt64Bits((double)stored) == BitConverter.DoubleToInt64Bits((double)copied),
            // numeric keeps the scale: 1.10 stays 1.10.
            "numeric" => (string)stored == ((decimal)copied).ToString(CultureInfo.InvariantCulture),
            "text" => (string)stored == (string)copied,
            "bytea" => ((byte[])stored).AsSpan().SequenceEqual((byte[])copied),
            "uuid" => Guid.Parse((string)stored) == (Guid)copied,
            "timestamp with time zone" => Microseconds(DateTimeOffset.Parse((string)stored, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).UtcTicks) == ((DateTime)copied).Ticks
                && ((DateTime)copied).Kind == DateTimeKind.Utc,
            "date" => DateOnly.Parse((string)stored, CultureInfo.InvariantCulture) == (copied is DateOnly day ? day : DateOnly.FromDateTime((DateTime)copied)),
            "time without time zone" => Microseconds(TimeOnly.Parse((string)stored, CultureInfo.InvariantCulture).Ticks) == (copied is TimeOnly time ? time.Ticks : ((TimeSpan)copied).Ticks),
            "interval" => Microseconds((long)stored) == ((TimeSpan)copied).Ticks,
            "jsonb" => JsonNode.DeepEquals(JsonNode.Parse((string)stored), JsonNode.Parse((string)copied)),
            _ => throw new InvalidOperationException($"{where}: no comparison for {type}"),
        };
        Assert.True(same, $"{where} ({type}): '{Show(stored)}' in the file, '{Show(copied)}' on PostgreSQL");
    }

    private static string Show(object value) => value is byte[] bytes ? Convert.ToHexString(bytes.AsSpan(0, Math.Min(bytes.Length, 32))) : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";

    private static long Microseconds(long ticks) => ticks - ticks % 10;

    private static string OrderBy(TableSchema table, Func<string, string> quote) =>
        string.Join(", ", table.Columns.Where(c => c.PrimaryKey > 0).OrderBy(c => c.PrimaryKey).Select(c => quote(c.Name)));

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

    private static List<object?[]> SqliteRows(SqliteConnection source, TableSchema table)
    {
        var rows = new List<object?[]>();
        using SqliteCommand command = source.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", table.Columns.Select(c => Quote(c.Name)))} FROM {Quote(table.Name)} ORDER BY {OrderBy(table, Quote)}";
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i)).ToArray());
        return rows;
    }

    private static List<(object?[], string[])> PostgresRows(NpgsqlConnection target, TableSchema table)
    {
        var rows = new List<(object?[], string[])>();
        // Both sides in key order: uuid keys sort as their lowercase text does, text keys are COLLATE "C" (bytewise, as SQLite's BINARY).
        using var command = new NpgsqlCommand($"SELECT {string.Join(", ", table.Columns.Select(c => Quote(c.Name)))} FROM {Quote(table.Name)} ORDER BY {OrderBy(table, Quote)}", target);
        using NpgsqlDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add((Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i)).ToArray(),
                Enumerable.Range(0, reader.FieldCount).Select(reader.GetDataTypeName).ToArray()));
        }
        return rows;
    }
}
