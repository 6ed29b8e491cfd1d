using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Data.Sqlite;
using SqliteGen.Generator.Dialects;
using SqliteGen.Generator.Migrations;
using SqliteGen.Generator.Model;
using SqliteGen.Tests.Migrations;
using Xunit;

namespace SqliteGen.Generator.Tests.Migrations;

/// <summary>
/// Property-style: seeded random sequences of schema changes (tables and columns added, dropped and
/// renamed, types, nullability, defaults and keys changed, columns moved, indexes added and dropped).
/// For every step, on a real file with rows: Up gives exactly the schema of a fresh file at the new
/// version, Down gives the old one back, and where Up dropped nothing the rows come back unchanged.
/// The seed is in the failure message, so a failing sequence can be replayed.
/// </summary>
public sealed class RandomChangeTests : IDisposable
{
    private const int Sequences = 40;
    private const int StepsPerSequence = 5;
    private static readonly SqliteDialect Dialect = SqliteDialect.Instance;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sqlitegen-random-" + Guid.NewGuid().ToString("N"));

    public RandomChangeTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void Random_change_sequences_migrate_up_and_down_exactly()
    {
        for (int seed = 0; seed < Sequences; seed++)
        {
            var random = new Random(seed);
            var generator = new SchemaMutator(random);
            DatabaseSchema schema = generator.InitialSchema();
            for (int step = 1; step <= StepsPerSequence; step++)
            {
                (DatabaseSchema next, string change) = generator.Mutate(schema);
                string context = $"seed {seed}, step {step} ({change})";
                CheckStep(schema, next, context);
                schema = SchemaMutator.ForgetRenames(next);
            }
        }
    }

    private void CheckStep(DatabaseSchema older, DatabaseSchema newer, string context)
    {
        RenameMap map = RenameMap.Resolve(older, newer);
        (string up, string? upLoses) = SqliteStepWriter.Write(older, newer, map, Dialect);
        (string down, _) = SqliteStepWriter.Write(newer, older, map.Inverse(), Dialect);

        string file = Create(older);
        Seed(file, older);
        IReadOnlyList<string> rows = Dump(file, older);
        Apply(file, up, context + ", up:\n" + up);
        AssertSchema(Create(newer), file, context + " up:\n" + up);
        Apply(file, down, context + ", down:\n" + down);
        AssertSchema(Create(older), file, context + " down:\n" + down);
        if (upLoses is null)
            Assert.True(rows.SequenceEqual(Dump(file, older)), $"{context}: rows changed by up and down:\n{up}\n--\n{down}");
    }

    private string Create(DatabaseSchema schema)
    {
        string path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".db");
        Execute(path, string.Join("\n", schema.Tables.SelectMany(t => Dialect.CreateTable(t))));
        return path;
    }

    /// <summary>Three rows per table, distinct in every column (unique indexes and new keys hold), never NULL.</summary>
    private static void Seed(string path, DatabaseSchema schema)
    {
        foreach (TableSchema table in schema.Tables)
        {
            for (int row = 1; row <= 3; row++)
            {
                IEnumerable<string> values = table.Columns.Select((c, i) => c.Type switch
                {
                    "INTEGER" => (row * 100 + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "REAL" => (row * 100 + i) + ".5",
                    "BLOB" => $"X'{row:x2}{i:x2}'",
                    _ => $"'t{row}_{i}'",
                });
                Execute(path, $"INSERT INTO {Dialect.Identifier(table.Name)} ({string.Join(", ", table.Columns.Select(c => Dialect.Identifier(c.Name)))}) VALUES ({string.Join(", ", values)});");
            }
        }
    }

    private static void Apply(string path, string sql, string context)
    {
        try
        {
            Execute(path, "PRAGMA foreign_keys = OFF; BEGIN IMMEDIATE;\n" + sql + "\nCOMMIT;");
        }
        catch (SqliteException error)
        {
            Assert.Fail($"{context}\nfailed: {error.Message}");
        }
    }

    private static void AssertSchema(string expectedFile, string actualFile, string context)
    {
        IReadOnlyList<string> expected = SchemaShape.Read(expectedFile), actual = SchemaShape.Read(actualFile);
        Assert.True(expected.SequenceEqual(actual),
            $"{context}\nOnly fresh:\n  {string.Join("\n  ", expected.Except(actual))}\nOnly migrated:\n  {string.Join("\n  ", actual.Except(expected))}");
    }

    private static IReadOnlyList<string> Dump(string path, DatabaseSchema schema)
    {
        var rows = new List<string>();
        using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        connection.Open();
        foreach (TableSchema table in schema.Tables)
        {
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = $"SELECT rowid, * FROM {Dialect.Identifier(table.Name)} ORDER BY rowid";
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
                rows.Add(table.Name + ": " + string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetName(i) + "=" + Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }
        return rows;
    }

    private static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Random schemas and random single changes to them.</summary>
    private sealed class SchemaMutator(Random random)
    {
        private int _names;

        /// <summary>SQL keywords, used once each as names while they last.</summary>
        private static readonly string[] Keywords = { "order", "select", "group", "where", "from", "table", "index", "values", "default", "check", "key", "limit" };

        /// <summary>
        /// A fresh name: every fourth an SQL keyword (while they last), every fourth one with a double quote, a backslash,
        /// a space and a non-ASCII letter, so every statement the step writer writes must quote what it names.
        /// </summary>
        private string NewName(string prefix)
        {
            int n = _names++;
            return (n % 4) switch
            {
                1 when n / 4 < Keywords.Length => Keywords[n / 4],
                3 => $"{prefix} \"q\" \\ ü_{n}",
                _ => prefix + "_" + n,
            };
        }

        public DatabaseSchema InitialSchema() =>
            new(1, Enumerable.Range(0, random.Next(1, 4)).Select(_ => NewTable()).ToEquatableArray());

        private TableSchema NewTable()
        {
            var columns = new List<ColumnSchema> { Column(NewName("id"), "INTEGER", notNull: true) with { PrimaryKey = 1 } };
            columns.AddRange(Enumerable.Range(0, random.Next(1, 4)).Select(_ => NewColumn()));
            return new TableSchema(NewName("t"), EquatableArray<string>.Empty, columns.ToEquatableArray(), EquatableArray<IndexSchema>.Empty, EquatableArray<ForeignKeySchema>.Empty, EquatableArray<CompanionSchema>.Empty);
        }

        private static ColumnSchema Column(string name, string type, bool notNull, string? defaultValue = null) =>
            new(name, EquatableArray<string>.Empty, type, notNull, 0, false, defaultValue, null, null);

        private ColumnSchema NewColumn()
        {
            string type = new[] { "INTEGER", "REAL", "TEXT", "BLOB" }[random.Next(4)];
            bool notNull = random.Next(2) == 0;
            // A NOT NULL column added to a table with rows needs a default to fill them.
            string? fallback = type switch { "INTEGER" => "7", "REAL" => "0.5", "TEXT" => "'x'", _ => "X'00'" };
            return Column(NewName("c"), type, notNull, notNull || random.Next(3) == 0 ? fallback : null);
        }

        public static DatabaseSchema ForgetRenames(DatabaseSchema schema) => schema with
        {
            Tables = schema.Tables.Select(t => t with
            {
                RenamedFrom = EquatableArray<string>.Empty,
                Columns = t.Columns.Select(c => c with { RenamedFrom = EquatableArray<string>.Empty }).ToEquatableArray(),
            }).ToEquatableArray(),
        };

        public (DatabaseSchema Next, string Change) Mutate(DatabaseSchema schema)
        {
            var tables = schema.Tables.ToList();
            int which = random.Next(tables.Count);
            TableSchema table = tables[which];
            var columns = table.Columns.ToList();
            int c = random.Next(1, columns.Count + 1); // a non-key column, or one past the end
            ColumnSchema? column = c < columns.Count ? columns[c] : null;
            string change;
            switch (random.Next(12))
            {
                case 0:
                    tables.Add(NewTable());
                    return (Next(schema, tables), "table added");
                case 1 when tables.Count > 1:
                    tables.RemoveAt(which);
                    return (Next(schema, tables), $"table {table.Name} dropped");
                case 2:
                    tables[which] = table with { Name = NewName("t"), RenamedFrom = new[] { table.Name }.ToEquatableArray() };
                    return (Next(schema, tables), $"table {table.Name} renamed");
                case 3:
                    columns.Add(NewColumn());
                    change = $"column added to {table.Name}";
                    break;
                case 4 when column is { PrimaryKey: 0 } && columns.Count > 2:
                    columns.Remove(column);
                    change = $"column {table.Name}.{column.Name} dropped";
                    break;
                case 5 when column is not null:
                    columns[c] = column with { Name = NewName("c"), RenamedFrom = new[] { column.Name }.ToEquatableArray() };
                    change = $"column {table.Name}.{column.Name} renamed";
                    break;
                case 6 when column is { Type: "INTEGER", PrimaryKey: 0 }:
                    columns[c] = column with { Type = random.Next(2) == 0 ? "TEXT" : "REAL", Default = null };
                    change = $"column {table.Name}.{column.Name} type changed";
                    break;
                case 7 when column is { PrimaryKey: 0 }:
                    columns[c] = column with { NotNull = !column.NotNull, Default = column.Default ?? (column.NotNull ? null : Fallback(column.Type)) };
                    change = $"column {table.Name}.{column.Name} nullability changed";
                    break;
                case 8 when column is not null:
                    columns[c] = column with { Default = column.Default is null || column.Default != Fallback(column.Type) ? Fallback(column.Type) : OtherFallback(column.Type) };
                    change = $"column {table.Name}.{column.Name} default changed";
                    break;
                case 9 when column is not null && c > 1:
                    columns.RemoveAt(c);
                    columns.Insert(1, column);
                    change = $"column {table.Name}.{column.Name} moved";
                    break;
                case 10 when column is { Type: not "REAL", PrimaryKey: 0 } && columns[0].PrimaryKey > 0:
                    // The key moves to another column (its values are distinct, so the new key holds).
                    columns[0] = columns[0] with { PrimaryKey = 0 };
                    columns[c] = column with { PrimaryKey = 1, NotNull = true, Default = column.Default ?? Fallback(column.Type) };
                    change = $"primary key of {table.Name} moved to {column.Name}";
                    break;
                case 11 when column is not null:
                    var indexes = table.Indexes.ToList();
                    if (indexes.Count > 0 && random.Next(2) == 0)
                    {
                        indexes.RemoveAt(random.Next(indexes.Count));
                        change = $"index dropped from {table.Name}";
                    }
                    else
                    {
                        indexes.Add(new IndexSchema(NewName("ix"), new[] { column.Name }.ToEquatableArray(), random.Next(2) == 0, null));
                        change = $"index added on {table.Name}.{column.Name}";
                    }
                    tables[which] = table with { Indexes = indexes.ToEquatableArray() };
                    return (Next(schema, tables), change);
                default:
                    columns.Add(NewColumn());
                    change = $"column added to {table.Name}";
                    break;
            }
            tables[which] = table with { Columns = columns.ToEquatableArray(), Indexes = KeepIndexes(table, columns) };
            return (Next(schema, tables), change);
        }

        private static DatabaseSchema Next(DatabaseSchema schema, List<TableSchema> tables) =>
            schema with { Version = schema.Version + 1, Tables = tables.ToEquatableArray() };

        private static string OtherFallback(string type) => type switch { "INTEGER" => "8", "REAL" => "1.5", "TEXT" => "'y'", _ => "X'01'" };

        /// <summary>Indexes on columns that are gone or renamed follow them: dropped, or pointed at the new name.</summary>
        private static EquatableArray<IndexSchema> KeepIndexes(TableSchema table, List<ColumnSchema> columns) =>
            table.Indexes
                .Select(i => i with { Columns = i.Columns.Select(n => columns.FirstOrDefault(c => c.Name == n || c.RenamedFrom.Contains(n))?.Name ?? "").ToEquatableArray() })
                .Where(i => i.Columns.All(n => n.Length > 0))
                .ToEquatableArray();

        private static string Fallback(string type) => type switch { "INTEGER" => "7", "REAL" => "0.5", "TEXT" => "'x'", _ => "X'00'" };
    }
}
