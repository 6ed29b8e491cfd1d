using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using CsCheck;
using Microsoft.Data.Sqlite;
using SqliteGen.Generator.Dialects.Sqlite;
using SqliteGen.Generator.Migrations;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Schema;
using SqliteGen.Runtime;
using SqliteGen.Tests.Migrations;
using Xunit;
using Xunit.Abstractions;

namespace SqliteGen.Generator.Tests.Migrations;

/// <summary>
/// The property-based differential test of the migration steps (CsCheck): random histories of declared
/// schema changes (tables and columns added, dropped and renamed; types, nullability, defaults, checks and keys
/// changed; columns moved; AUTOINCREMENT added and removed; foreign keys with actions, and renames of the tables
/// they point at; indexes, partial ones too; C# data steps; seed data at every version) over random rows, NULLs and
/// AUTOINCREMENT tables with their top row deleted among them. The steps are what the generator writes (<see cref="StepWriter"/>), applied by
/// the runtime's <see cref="Migrator"/> to real files. For every history:
/// <list type="bullet">
/// <item>each step on its own: Up gives the schema of a fresh file at the newer version, Down gives the older one
/// back, with the rows (value and storage class) where Up dropped nothing, and the AUTOINCREMENT counters as
/// SQLite keeps them;</item>
/// <item>the whole path: a seeded version-1 file migrated up step by step and one migrated directly are equal in
/// schema, rows (with <c>typeof</c>) and <c>sqlite_sequence</c>, their schema is a fresh file's, every row is still
/// there, <c>integrity_check</c> and <c>foreign_key_check</c> are clean, and Python's sqlite3 reads the same
/// schema and rows from both; going down to version 1 gives a fresh version-1 schema and, where nothing was
/// declared lost, the rows it started with.</item>
/// </list>
/// A failure is shrunk by CsCheck to a short history, printed change by change. SQLITEGEN_MIGRATION_CASES sets the
/// number of fresh histories for a long run (CI runs twelve fixed seeds); docs/migrations.md has the long run.
/// </summary>
public sealed partial class RandomChangeTests : IDisposable
{
    private static readonly SqliteDialect Dialect = SqliteDialect.Instance;
    private static readonly DatabaseSchema Empty = new(0, EquatableArray<TableSchema>.Empty);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sqlitegen-random-" + Guid.NewGuid().ToString("N"));
    private readonly ITestOutputHelper _output;

    public RandomChangeTests(ITestOutputHelper output)
    {
        _output = output;
        Directory.CreateDirectory(_folder);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static int Cases =>
        int.TryParse(Environment.GetEnvironmentVariable("SQLITEGEN_MIGRATION_CASES"), NumberStyles.None, CultureInfo.InvariantCulture, out int cases) && cases > 0 ? cases : 12;

    /// <summary>A history is a tape of choices: CsCheck shrinks the tape, the mutator reads it the same way every time.</summary>
    private static readonly Gen<int[]> Tapes = Gen.Int[0, 1 << 20].Array[1, 64];

    /// <summary>
    /// The histories CI runs: one per seed, the same on every run (CsCheck runs a given seed first and then draws fresh
    /// ones, so a fixed list with one iteration each is what keeps CI deterministic). A long run
    /// (<c>SQLITEGEN_MIGRATION_CASES</c>) draws that many fresh histories; <c>SQLITEGEN_MIGRATION_SEED</c> replays one.
    /// </summary>
    private static readonly string[] CiSeeds =
    {
        "5eed0f5q1ite", "bSJExhEidzI1", "dfbxnRtoVbA1", "1eed0f5q1ite", "2eed0f5q1ite", "3eed0f5q1ite",
        "4eed0f5q1ite", "6eed0f5q1ite", "7eed0f5q1ite", "8eed0f5q1ite", "9eed0f5q1ite", "aeed0f5q1ite",
    };

    [Fact]
    public void Random_histories_migrate_up_step_by_step_directly_and_down_exactly()
    {
        var watch = Stopwatch.StartNew();
        string? replay = Environment.GetEnvironmentVariable("SQLITEGEN_MIGRATION_SEED");
        if (replay is null && Environment.GetEnvironmentVariable("SQLITEGEN_MIGRATION_CASES") is null)
        {
            foreach (string seed in CiSeeds)
                Tapes.Sample(tape => CheckHistory(History.From(tape)), seed: seed, iter: 1, threads: 1, print: tape => History.From(tape).ToString());
            _output.WriteLine($"{CiSeeds.Length} seeded histories in {watch.Elapsed.TotalSeconds:F1} s");
            return;
        }
        Tapes.Sample(tape => CheckHistory(History.From(tape)), seed: replay, iter: replay is null ? Cases : 1, threads: 1,
            print: tape => History.From(tape).ToString());
        _output.WriteLine($"{Cases} histories in {watch.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>Regression: a rebuilt AUTOINCREMENT table keeps its counter (seq 6, top row 6 deleted: the next id is 7, not 6).</summary>
    [Fact]
    public void A_rebuild_keeps_the_autoincrement_counter_up_down_and_in_the_script()
    {
        TableSchema v1 = Table("t_0", autoIncrement: true, Column("c_1", "TEXT", notNull: true));
        TableSchema v2 = v1 with { Columns = v1.Columns.Select(c => c.Name == "c_1" ? c with { NotNull = false } : c).ToEquatableArray() };
        History history = History.Of(new DatabaseSchema(1, new[] { v1 }.ToEquatableArray()), new DatabaseSchema(2, new[] { v2 }.ToEquatableArray()));
        Assert.Contains("sqlitegen_new_t_0", history.Steps[1].Up); // a rebuild
        CheckHistory(history);

        string file = NewFile();
        Migrate(file, history, 1);
        Execute(file, "INSERT INTO t_0 (c_1) VALUES ('a'), ('b'), ('c'); DELETE FROM t_0 WHERE id_0 = 3;");
        Execute(file, Migrator.Script("Db", history.Steps, 1, 2));
        Assert.Equal(3L, Scalar(file, "SELECT seq FROM sqlite_sequence WHERE name = 't_0'"));
        Execute(file, Migrator.Script("Db", history.Steps, 2, 1));
        Assert.Equal(3L, Scalar(file, "SELECT seq FROM sqlite_sequence WHERE name = 't_0'"));
        Execute(file, "INSERT INTO t_0 (c_1) VALUES ('d')");
        Assert.Equal(4L, Scalar(file, "SELECT max(id_0) FROM t_0"));
    }

    /// <summary>Regression: renaming a table another table references renames it natively; the child is not rebuilt and reads as a fresh one.</summary>
    [Fact]
    public void Renaming_a_referenced_table_leaves_its_children_as_a_fresh_create_has_them()
    {
        TableSchema parent = Table("t_0", autoIncrement: false, Column("c_1", "TEXT", notNull: false));
        TableSchema child = Table("t_2", autoIncrement: false, Column("c_3", "INTEGER", notNull: false)) with
        {
            ForeignKeys = new[] { new ForeignKeySchema("c_3", "t_0", "id_0", "CASCADE", "SET NULL") }.ToEquatableArray(),
        };
        TableSchema renamed = parent with { Name = "t_4", RenamedFrom = new[] { "t_0" }.ToEquatableArray(), Columns = parent.Columns.Select(c => c.Name == "id_0" ? c with { Name = "id_5", RenamedFrom = new[] { "id_0" }.ToEquatableArray() } : c).ToEquatableArray() };
        TableSchema follows = child with { ForeignKeys = new[] { new ForeignKeySchema("c_3", "t_4", "id_5", "CASCADE", "SET NULL") }.ToEquatableArray() };
        History history = History.Of(new DatabaseSchema(1, new[] { parent, child }.ToEquatableArray()), new DatabaseSchema(2, new[] { renamed, follows }.ToEquatableArray()));
        Assert.DoesNotContain("sqlitegen_new_", history.Steps[1].Up);
        Assert.DoesNotContain("sqlitegen_new_", history.Steps[1].Down);
        CheckHistory(history);
    }

    private static TableSchema Table(string name, bool autoIncrement, params ColumnSchema[] columns) =>
        new(name, EquatableArray<string>.Empty,
            new[] { Column("id_0", "INTEGER", notNull: true) with { PrimaryKey = 1, AutoIncrement = autoIncrement } }.Concat(columns).ToEquatableArray(),
            EquatableArray<IndexSchema>.Empty, EquatableArray<ForeignKeySchema>.Empty, EquatableArray<CompanionSchema>.Empty);

    private static ColumnSchema Column(string name, string type, bool notNull, string? defaultValue = null) =>
        new(name, EquatableArray<string>.Empty, type, notNull, 0, false, defaultValue, null, null);

    // ---- the property ----

    private void CheckHistory(History history)
    {
        for (int version = 2; version <= history.Schemas.Count; version++)
            CheckStep(history, version);
        CheckPath(history);
        CheckSeedData(history);
    }

    /// <summary>
    /// The history with seed data at every version: a new file (built by the runtime from the steps, in one transaction),
    /// a file created at version 1 and migrated step by step, and one migrated directly are equal in schema (a fresh
    /// file's), rows (the seed rows, through every later change and data step), <c>sqlite_sequence</c> and history; a
    /// second open runs nothing; a last seed that throws leaves a version-1 file as it was.
    /// </summary>
    private void CheckSeedData(History history)
    {
        int latest = history.Schemas.Count;
        string created = NewFile(), stepwise = NewFile(), direct = NewFile();
        Assert.Equal(latest, OpenSeeded(created, history.SeededSteps));
        Assert.Equal(1, Migrate(stepwise, history.SeededSteps, 1));
        Assert.Equal(1, Migrate(direct, history.SeededSteps, 1));
        IReadOnlyList<string> startRows = Dump(direct);

        if (latest > 1)
        {
            var failing = history.SeededSteps.ToList();
            failing[^1] = failing[^1].WithSeedData("seed_v" + latest, _ => throw new InvalidOperationException("the last seed failed on purpose"));
            MigrationException error = Assert.Throws<MigrationException>(() => Migrate(direct, failing, latest));
            Assert.Contains("the last seed failed on purpose", error.Message);
            Assert.Equal(1L, Scalar(direct, "PRAGMA user_version"));
            Assert.True(startRows.SequenceEqual(Dump(direct)), "a failed seed left rows behind:\n" + Diff(startRows, Dump(direct)));
            AssertSchema(Create(history.Schemas[0]), direct, "after a failed seed");
        }

        for (int version = 2; version <= latest; version++)
            Assert.Equal(version, Migrate(stepwise, history.SeededSteps, version));
        Assert.Equal(latest, Migrate(direct, history.SeededSteps, latest));

        string fresh = Create(history.Schemas[^1]);
        IReadOnlyList<string> rows = Dump(created);
        int lastSeed = 50 + latest; // the last version's seed row is there as written: nothing came after it
        Assert.True(rows.Any(r => Regex.IsMatch(r, $@"'t{lastSeed}_\d+'|={lastSeed}\d\d(\.5)?:|X'{lastSeed:x2}")), "the last seed's row is missing:\n" + string.Join("\n", rows));
        foreach ((string name, string file) in new[] { ("created", created), ("step by step", stepwise), ("directly", direct) })
        {
            AssertSchema(fresh, file, $"seed data, {name}");
            Assert.True(rows.SequenceEqual(Dump(file)), $"seed data: the new file and the one migrated {name} differ in rows:\n" + Diff(rows, Dump(file)));
            Assert.Equal(Describe(Sequences(created)), Describe(Sequences(file)));
            Assert.Equal(Recorded(created), Recorded(file));
            AssertClean(file, $"seed data, {name}");
            Assert.Equal(PythonDump(created), PythonDump(file));
        }
        Assert.Equal(latest, OpenSeeded(created, history.SeededSteps)); // again: nothing runs twice
        Assert.True(rows.SequenceEqual(Dump(created)), "a second open changed the rows");
    }

    private static List<string> Recorded(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        connection.Open();
        return Strings(connection, $"SELECT version || ' ' || checksum FROM {Migrator.HistoryTable} ORDER BY version");
    }

    private static int OpenSeeded(string file, IReadOnlyList<Migration> steps)
    {
        using SqliteConnectionPool pool = SqliteConnectionPool.Open(file);
        return Migrator.MigrateToLatest(pool, "Db", steps, "SELECT 'not used: a database with seed data is created from its steps'");
    }

    /// <summary>One step on its own, on a file created fresh at the older version and seeded.</summary>
    private void CheckStep(History history, int version)
    {
        DatabaseSchema older = history.Schemas[version - 2], newer = history.Schemas[version - 1];
        Migration step = history.Steps[version - 1];
        string context = $"step {version - 1} -> {version}";
        string file = Create(older);
        SeedRows(file, older);
        IReadOnlyList<string> rows = Dump(file);
        Dictionary<string, long> sequences = Sequences(file);

        Apply(file, step.Up, context + " up");
        AssertSchema(Create(newer), file, context + " up:\n" + step.Up);
        AssertSequences(ExpectedSequences(older, newer, history.Maps[version - 1], sequences, file), file, context + " up:\n" + step.Up);
        AssertClean(file, context + " up");

        Dictionary<string, long> afterUp = Sequences(file);
        Apply(file, step.Down, context + " down");
        AssertSchema(Create(older), file, context + " down:\n" + step.Down);
        AssertSequences(ExpectedSequences(newer, older, history.Maps[version - 1].Inverse(), afterUp, file), file, context + " down:\n" + step.Down);
        AssertClean(file, context + " down");
        if (step.UpLosesData is null)
            Assert.True(rows.SequenceEqual(Dump(file)), $"{context}: rows changed by up and down:\n{step.Up}\n--\n{step.Down}\n{Diff(rows, Dump(file))}");
    }

    private static void AssertSequences(IEnumerable<KeyValuePair<string, long>> expected, string file, string context) =>
        Assert.True(Describe(expected) == Describe(Sequences(file)), $"{context}\nsqlite_sequence: {Describe(Sequences(file))}, expected {Describe(expected)}");

    /// <summary>The whole history on a seeded version-1 file: step by step, directly, and back down.</summary>
    private void CheckPath(History history)
    {
        int latest = history.Schemas.Count;
        string stepwise = NewFile(), direct = NewFile();
        Migrate(stepwise, history, 1);
        SeedRows(stepwise, history.Schemas[0]);
        SqliteConnection.ClearAllPools(); // the last connection checkpoints the WAL into the file copied
        File.Copy(stepwise, direct);
        IReadOnlyList<string> startRows = Dump(stepwise);
        Dictionary<string, int> startCounts = Counts(stepwise);

        for (int version = 2; version <= latest; version++)
            Assert.Equal(version, Migrate(stepwise, history, version));
        Assert.Equal(latest, Migrate(direct, history, latest));

        string fresh = Create(history.Schemas[^1]);
        AssertSchema(fresh, stepwise, "step by step to the latest version");
        AssertSchema(fresh, direct, "directly to the latest version");
        IReadOnlyList<string> rows = Dump(direct);
        Assert.True(Dump(stepwise).SequenceEqual(rows), "step by step and directly differ in rows:\n" + Diff(Dump(stepwise), rows));
        Assert.Equal(Describe(Sequences(stepwise)), Describe(Sequences(direct)));
        AssertClean(direct, "the latest version");
        Dictionary<string, int> endCounts = Counts(direct);
        foreach ((string table, string first) in history.Survivors())
            Assert.True(endCounts[table] == startCounts[first], $"table {table} (version 1: {first}) has {endCounts[table]} rows at version {latest}, {startCounts[first]} at version 1");
        Assert.Equal(PythonDump(stepwise), PythonDump(direct));
        Assert.Equal(PythonDump(fresh, schemaOnly: true), PythonDump(direct, schemaOnly: true));
        Assert.Equal(string.Join("\n", rows), PythonRows(direct)); // the second reader sees the same rows

        Assert.Equal(1, Migrate(direct, history, 1));
        AssertSchema(Create(history.Schemas[0]), direct, "down to version 1");
        AssertClean(direct, "down to version 1");
        if (!history.DeclaresLoss)
            Assert.True(startRows.SequenceEqual(Dump(direct)), "down to version 1 changed rows:\n" + Diff(startRows, Dump(direct)));
    }

    /// <summary>What sqlite_sequence holds after a step: the counter carried where AUTOINCREMENT stays on the same column, else what a fresh table with these rows has.</summary>
    private static IEnumerable<KeyValuePair<string, long>> ExpectedSequences(DatabaseSchema older, DatabaseSchema newer, RenameMap map, Dictionary<string, long> before, string file)
    {
        var expected = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (TableSchema table in newer.Tables)
        {
            if (table.Columns.FirstOrDefault(c => c.AutoIncrement) is not { } key)
                continue;
            string? olderName = map.OlderTable(table.Name);
            TableSchema? was = olderName is null ? null : older.Tables.First(t => t.Name == olderName);
            bool carried = was is not null && map.OlderColumn(table.Name, key.Name) is { } olderKey && was.Columns.Any(c => c.Name == olderKey && c.AutoIncrement);
            if (carried && before.TryGetValue(olderName!, out long seq))
                expected[table.Name] = seq;
            else if (!carried && Scalar(file, $"SELECT max(rowid) FROM \"{table.Name}\"") is long top)
                expected[table.Name] = top;
        }
        return expected;
    }

    // ---- files ----

    private string NewFile() => Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".db");

    private static int Migrate(string file, History history, int version) => Migrate(file, history.Steps, version);

    private static int Migrate(string file, IReadOnlyList<Migration> steps, int version)
    {
        using SqliteConnectionPool pool = SqliteConnectionPool.Open(file);
        return Migrator.Migrate(pool, "Db", steps, version, new MigrationOptions { AllowDataLoss = true });
    }

    private string Create(DatabaseSchema schema)
    {
        string path = NewFile();
        Execute(path, string.Join("\n", schema.Tables.SelectMany(t => Dialect.CreateTable(t))));
        return path;
    }

    /// <summary>
    /// Four rows per table (three in an AUTOINCREMENT table, whose top row is then deleted), distinct in every
    /// column (unique indexes and new keys hold), the second NULL in every column that allows it (not keys or foreign
    /// keys), foreign keys pointing at the parent's first row.
    /// </summary>
    private static void SeedRows(string path, DatabaseSchema schema)
    {
        var sql = new System.Text.StringBuilder();
        foreach (TableSchema table in schema.Tables)
        {
            bool autoIncrement = table.Columns.Any(c => c.AutoIncrement);
            for (int row = 1; row <= 4; row++)
            {
                IEnumerable<string> values = History.RowValues(table, row, nulls: row == 2);
                sql.AppendLine($"INSERT INTO \"{table.Name}\" ({string.Join(", ", table.Columns.Select(c => "\"" + c.Name + "\""))}) VALUES ({string.Join(", ", values)});");
            }
            if (autoIncrement)
                sql.AppendLine($"DELETE FROM \"{table.Name}\" WHERE rowid = (SELECT max(rowid) FROM \"{table.Name}\");");
        }
        Execute(path, sql.ToString());
    }

    private static void Apply(string path, string sql, string context)
    {
        try
        {
            Execute(path, "PRAGMA foreign_keys = OFF; BEGIN IMMEDIATE;\n" + sql + "\nCOMMIT;");
        }
        catch (SqliteException error)
        {
            Assert.Fail($"{context}:\n{sql}\nfailed: {error.Message}");
        }
    }

    private static void AssertSchema(string expectedFile, string actualFile, string context)
    {
        IReadOnlyList<string> expected = SchemaShape.Read(expectedFile), actual = SchemaShape.Read(actualFile);
        Assert.True(expected.SequenceEqual(actual),
            $"{context}\nOnly fresh:\n  {string.Join("\n  ", expected.Except(actual))}\nOnly migrated:\n  {string.Join("\n  ", actual.Except(expected))}");
    }

    private static void AssertClean(string path, string context)
    {
        Assert.True("ok".Equals(Scalar(path, "PRAGMA integrity_check")), $"{context}: integrity_check is not ok");
        Assert.True(Scalar(path, "SELECT count(*) FROM pragma_foreign_key_check") is 0L, $"{context}: foreign_key_check found dangling rows");
    }

    /// <summary>Every row of every table (the history table left out) with its rowid, each value as SQLite quotes it and its storage class.</summary>
    private static IReadOnlyList<string> Dump(string path)
    {
        var rows = new List<string>();
        using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        connection.Open();
        foreach (string table in Tables(connection))
        {
            var columns = Strings(connection, $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid");
            string values = string.Join(" || ' | ' || ", columns.Select(c => $"'{c}=' || quote(\"{c}\") || ':' || typeof(\"{c}\")"));
            rows.AddRange(Strings(connection, $"SELECT '{table} ' || rowid || ': ' || {values} FROM \"{table}\" ORDER BY rowid"));
        }
        return rows;
    }

    private static Dictionary<string, int> Counts(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        connection.Open();
        return Tables(connection).ToDictionary(t => t, t => int.Parse(Strings(connection, $"SELECT count(*) FROM \"{t}\"")[0], CultureInfo.InvariantCulture));
    }

    private static Dictionary<string, long> Sequences(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        connection.Open();
        if (Strings(connection, "SELECT name FROM sqlite_schema WHERE name = 'sqlite_sequence'").Count == 0)
            return new Dictionary<string, long>();
        return Strings(connection, "SELECT name || '=' || seq FROM sqlite_sequence").Select(s => s.Split('=')).ToDictionary(p => p[0], p => long.Parse(p[1], CultureInfo.InvariantCulture));
    }

    private static string Describe(IEnumerable<KeyValuePair<string, long>> sequences) =>
        string.Join(", ", sequences.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value));

    private static List<string> Tables(SqliteConnection connection) =>
        Strings(connection, $"SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '{Migrator.HistoryTable}' ORDER BY name");

    private static List<string> Strings(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        using SqliteDataReader reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
            values.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
        return values;
    }

    private static string Diff(IReadOnlyList<string> expected, IReadOnlyList<string> actual) =>
        $"before only:\n  {string.Join("\n  ", expected.Except(actual))}\nafter only:\n  {string.Join("\n  ", actual.Except(expected))}";

    private static object? Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        object? value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    private static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous = OFF;\n" + sql; // test files: no fsync per statement
        command.ExecuteNonQuery();
    }

    // ---- the second reader: Python's sqlite3 ----

    private const string PythonReader = """
        import sqlite3, sys
        path, mode = sys.argv[1], sys.argv[2]
        db = sqlite3.connect(path)
        q = lambda sql: db.execute(sql).fetchall()
        tables = [r[0] for r in q("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'sqlitegen_migrations' ORDER BY name")]
        out = []
        for t in tables:
            cols = [r[1] for r in q(f"PRAGMA table_info('{t}')")]
            if mode == 'rows':
                values = " || ' | ' || ".join(f"'{c}=' || quote(\"{c}\") || ':' || typeof(\"{c}\")" for c in cols)
                out += [r[0] for r in q(f"SELECT '{t} ' || rowid || ': ' || {values} FROM \"{t}\" ORDER BY rowid")]
                continue
            out.append(f"table {t}")
            out += [f"  column {r[1]} {r[2]} notnull={r[3]} default={r[4]} pk={r[5]} hidden={r[6]}" for r in q(f"PRAGMA table_xinfo('{t}')")]
            for ix in sorted(q(f"PRAGMA index_list('{t}')"), key=lambda r: r[1]):
                where = q(f"SELECT sql FROM sqlite_schema WHERE name = '{ix[1]}'")
                where = ' '.join((where[0][0] or '').replace('"', '').split()).split(' WHERE ', 1)[1:] if where else []
                columns = [r[2] for r in q("PRAGMA index_info('%s')" % ix[1])]
                out.append(f"  index {ix[1]} unique={ix[2]} origin={ix[3]} partial={ix[4]} columns={columns} where={where}")
            out += [f"  foreign key {r[3]} -> {r[2]}({r[4]}) on update {r[5]} on delete {r[6]}" for r in q(f"PRAGMA foreign_key_list('{t}')")]
            out += [f"  trigger {r[0]}" for r in q(f"SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = '{t}' ORDER BY name")]
            if mode == 'all':
                out += [f"  row {r}" for r in q(f"SELECT rowid, * FROM \"{t}\" ORDER BY rowid")]
        if mode == 'all' and 'sqlite_sequence' in [r[0] for r in q("SELECT name FROM sqlite_schema")]:
            out += [f"sequence {r[0]}={r[1]}" for r in q("SELECT name, seq FROM sqlite_sequence ORDER BY name")]
        print("\n".join(out))
        """;

    private string? _pythonScript;

    private string PythonDump(string path, bool schemaOnly = false) => Python(path, schemaOnly ? "schema" : "all");

    private string PythonRows(string path) => Python(path, "rows");

    private string Python(string path, string mode)
    {
        if (_pythonScript is null)
        {
            _pythonScript = Path.Combine(_folder, "dump.py");
            File.WriteAllText(_pythonScript, PythonReader);
        }
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(_pythonScript);
        start.ArgumentList.Add(path);
        start.ArgumentList.Add(mode);
        using Process python = Process.Start(start)!;
        string output = python.StandardOutput.ReadToEnd();
        string error = python.StandardError.ReadToEnd();
        python.WaitForExit();
        Assert.True(python.ExitCode == 0, "python3 could not read " + path + ": " + error);
        return output.TrimEnd('\n');
    }
}
