using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using SqliteGen.Generator.Dialects.Sqlite;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Schema;
using Xunit;

namespace SqliteGen.PostgreSql.Tests;

/// <summary>
/// The column kind in snapshot files: written and read back; optional, so the snapshots committed before it still read
/// (and mean what they meant); and never a migration step of its own.
/// </summary>
public sealed class SnapshotKindTests
{
    [Fact]
    public void The_generated_snapshot_records_each_column_kind_and_reads_back_equal()
    {
        string json = GeneratedSchemas.SnapshotJsonOf("LearningDb");
        Assert.Contains("{ \"name\": \"user_id\", \"type\": \"TEXT\", \"kind\": \"guid\", \"notNull\": true, \"primaryKey\": 1 }", json);
        Assert.Contains("\"kind\": \"json\"", json);
        Assert.Contains("\"kind\": \"datetimeoffset\"", json);
        (DatabaseSchema? schema, string? database, string? error) = SnapshotJson.Read(json);
        Assert.True(schema is not null, error);
        Assert.Equal(json, SnapshotJson.Write(database!, schema!));
    }

    [Fact]
    public void A_snapshot_without_kinds_reads_with_none_and_a_step_to_the_same_schema_with_kinds_is_empty()
    {
        (DatabaseSchema? before, _, string? error) = SnapshotJson.Read(File.ReadAllText(QuickStartSnapshot()));
        Assert.True(before is not null, error);
        Assert.All(before!.Tables.SelectMany(t => t.Columns), c => Assert.Null(c.Kind));

        // The same schema with every column's kind recorded: no SQL either way, so no version step and no checksum changes.
        DatabaseSchema after = before with
        {
            Version = 2,
            Tables = before.Tables.Select(t => t with
            {
                Columns = t.Columns.Select(c => c with { Kind = c.Type == "INTEGER" ? ColumnKinds.Int64 : ColumnKinds.String }).ToEquatableArray(),
            }).ToEquatableArray(),
        };
        Assert.NotEqual(before.Tables, after.Tables);
        (string up, string? upLoses, string down, string? downLoses) = StepWriter.Step(before, after, SqliteDialect.Instance);
        Assert.Equal("", up);
        Assert.Equal("", down);
        Assert.Null(upLoses);
        Assert.Null(downLoses);
    }

    private static string QuickStartSnapshot([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "samples", "QuickStart", "sqlitegen", "NotesDb.v1.json");
}
