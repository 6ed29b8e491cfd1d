using System;
using System.Collections.Generic;
using System.Linq;
using Npgsql;
using SqliteGen.Generator.Dialects.PostgreSql;
using SqliteGen.Generator.Dialects.Sqlite;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Schema;
using Xunit;
using static SqliteGen.PostgreSql.Tests.MigrationSchemas;

namespace SqliteGen.PostgreSql.Tests;

/// <summary>
/// PostgreSQL's migration steps (<see cref="PostgreSqlStepWriter"/>) on a real server, with PostgreSQL's catalogue as the
/// oracle: a database taken through steps 1..k has the catalogue (<see cref="MigrationCatalog"/>: columns with type,
/// nullability, default, collation and identity; keys, CHECKs and foreign keys by name with their definitions; indexes;
/// identity sequences; collations) of a fresh database created at k by <see cref="PostgreSqlDialect.CreateSchema"/>;
/// stepping down from k gives k-1's; rows inserted before a step are there after it (every value of every column that
/// keeps its type, as text), and after up and down again where nothing was dropped. Each step drops what SQLite's step of
/// the same versions drops, in the same words.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class MigrationStepTests(PostgresServer server)
{
    [Fact]
    public void The_shop_history_migrates_step_by_step_up_and_down_with_the_catalogue_of_a_fresh_database()
    {
        IReadOnlyList<DatabaseSchema> versions = Shop();
        DatabaseSchema older = Empty;
        foreach (DatabaseSchema newer in versions)
        {
            CheckStep(older, newer);
            older = newer;
        }
    }

    [Fact]
    public void The_whole_shop_history_on_one_database_keeps_its_rows_up_to_the_latest_and_back_down_to_empty()
    {
        IReadOnlyList<DatabaseSchema> versions = Shop();
        using NpgsqlConnection db = Catalog.Open(server.CreateDatabase());
        Run(db, PostgreSqlStepWriter.Step(Empty, versions[0]).Up);
        MigrationCatalog.Seed(db, versions[0]);
        for (int k = 1; k < versions.Count; k++)
        {
            Run(db, PostgreSqlStepWriter.Step(versions[k - 1], versions[k]).Up);
            Assert.Equal(MigrationCatalog.Fresh(server, versions[k]), MigrationCatalog.Describe(db));
        }
        // Both users and all three memos made it through every version (users' ids and emails, memos' bodies).
        Assert.Equal(["1|text 1", "2|text 2", "3|text 3"], MigrationCatalog.Rows(db, versions[^1], (t, c) => t.Name == "users" ? c.Name is "id" or "email" : false)["users"]);
        for (int k = versions.Count - 1; k >= 1; k--)
        {
            Run(db, PostgreSqlStepWriter.Step(versions[k - 1], versions[k]).Down);
            Assert.Equal(MigrationCatalog.Fresh(server, versions[k - 1]), MigrationCatalog.Describe(db));
        }
        Run(db, PostgreSqlStepWriter.Step(Empty, versions[0]).Down);
        Assert.Empty(MigrationCatalog.Describe(db));
    }

    public static TheoryData<string> Databases() => new(GeneratedSchemas.Databases);

    /// <summary>Each seed database's schema created by its first step (and removed by its Down), against CreateSchema.</summary>
    [Theory]
    [MemberData(nameof(Databases))]
    public void A_seed_schema_created_by_its_first_step_equals_a_fresh_create_and_its_down_step_empties_the_database(string database)
    {
        CheckStep(Empty, GeneratedSchemas.Of(database));
    }

    /// <summary>
    /// The full-text index (a GIN index on the <c>[FullText]</c> columns' document) through the changes that touch it: added,
    /// given another column, a column under it renamed, its table renamed, removed; each step up and down against a
    /// fresh database. The companion is the FTS5 table SQLite's dialect writes, which the PostgreSQL side reads its columns from.
    /// </summary>
    [Fact]
    public void The_full_text_index_follows_its_columns_and_table_through_every_step()
    {
        static TableSchema FullText(TableSchema table, params string[] columns) => table with
        {
            Companions = new[] { new CompanionSchema(table.Name + "_fts", "fts5",
                $"CREATE VIRTUAL TABLE {table.Name}_fts USING fts5({string.Join(", ", columns)}, content='{table.Name}', content_rowid='rowid');") }.ToEquatableArray(),
        };
        TableSchema plain = Table("notes", [Column("id", "long", key: 1), Column("title", "string"), Column("body", "string", notNull: false)]);
        TableSchema renamedColumn = Table("notes", [Column("id", "long", key: 1), Column("title", "string"), Column("text", "string", notNull: false, renamedFrom: ["body"])]);
        TableSchema renamedTable = Table("memos", [Column("id", "long", key: 1), Column("title", "string"), Column("text", "string", notNull: false)], renamedFrom: ["notes"]);
        DatabaseSchema[] versions =
        [
            Schema(1, plain),
            Schema(2, FullText(plain, "body")),
            Schema(3, FullText(plain, "title", "body")),
            Schema(4, FullText(renamedColumn, "title", "text")),
            Schema(5, FullText(renamedTable, "title", "text")),
            Schema(6, renamedTable with { RenamedFrom = EquatableArray<string>.Empty }),
        ];
        Assert.Contains("USING gin", PostgreSqlStepWriter.Step(versions[0], versions[1]).Up, StringComparison.Ordinal);
        DatabaseSchema older = Empty;
        foreach (DatabaseSchema newer in versions)
        {
            CheckStep(older, newer);
            older = newer;
        }
    }

    [Fact]
    public void An_enum_changes_between_its_number_and_its_name_with_every_row_converted()
    {
        EnumName[] names = [new("", "healthy", "0"), new("", "warning", "1"), new("", "down", "2")];
        var older = Schema(1, Table("servers", [Column("id", "long", key: 1), Column("status", "enum", enumNames: names)], [Index("ix_servers_status", false, "status")]));
        var newer = Schema(2, Table("servers", [Column("id", "long", key: 1),
            Column("status", "enum-text", check: SqliteDialect.EnumCheck("status", names), enumNames: names, @default: "'healthy'")], [Index("ix_servers_status", false, "status")]));
        CheckStep(older, newer);

        using NpgsqlConnection db = Migrated(older, newer);
        Assert.Equal(["1|warning", "2|down", "3|healthy"], MigrationCatalog.Rows(db, newer)["servers"]);
    }

    [Fact]
    public void Renamed_tables_and_columns_keep_their_rows_and_take_their_keys_sequences_and_checks_names_along()
    {
        var older = Schema(1,
            Table("a", [Column("id", "long", key: 1, identity: true), Column("x", "int", check: "x >= 0"), Column("y", "int", check: "y < 1000")]),
            Table("b", [Column("id", "long", key: 1, identity: true), Column("a_id", "long", notNull: false)], [Index("ix_b_a_id", false, "a_id")], [Key("a_id", "a", "id", onDelete: "SET NULL")]));
        // The CHECK of a renamed column names it by its new name, as the records' Check does.
        var newer = Schema(2,
            Table("accounts", [Column("id", "long", key: 1, identity: true), Column("low", "int", check: "low >= 0", renamedFrom: ["x"]), Column("y", "int", check: "y < 1000")], renamedFrom: ["a"]),
            Table("bills", [Column("id", "long", key: 1, identity: true), Column("account_id", "long", notNull: false, renamedFrom: ["a_id"])], [Index("ix_b_a_id", false, "account_id")], [Key("account_id", "accounts", "id", onDelete: "SET NULL")], renamedFrom: ["b"]));
        CheckStep(older, newer);

        using NpgsqlConnection db = Migrated(older, newer);
        // The identity sequence was renamed with its table, not recreated: it continues after the copied ids.
        MigrationCatalog.Execute(db, "INSERT INTO accounts (low, y) VALUES (1, 2)");
        Assert.Equal(4, Catalog.Long(db, "SELECT max(id) FROM accounts"));
    }

    [Fact]
    public void A_column_that_becomes_NOT_NULL_takes_its_default_where_it_held_NULL_and_AUTOINCREMENT_comes_and_goes()
    {
        var older = Schema(1, Table("items", [Column("id", "long", key: 1), Column("label", "string", notNull: false)]));
        var newer = Schema(2, Table("items", [Column("id", "long", key: 1, identity: true), Column("label", "string", @default: "'none'")]));
        CheckStep(older, newer);

        using NpgsqlConnection db = Catalog.Open(server.CreateDatabase());
        Run(db, PostgreSqlStepWriter.Step(Empty, older).Up);
        MigrationCatalog.Seed(db, older);
        MigrationCatalog.Execute(db, "UPDATE items SET label = NULL WHERE id = 2");
        Run(db, PostgreSqlStepWriter.Step(older, newer).Up);
        Assert.Equal(["1|text 1", "2|none", "3|text 3"], MigrationCatalog.Rows(db, newer)["items"]);
        // The identity continues after the largest id, as SQLite's counter does for a table rebuilt with AUTOINCREMENT.
        MigrationCatalog.Execute(db, "INSERT INTO items (label) VALUES ('new')");
        Assert.Equal(4, Catalog.Long(db, "SELECT id FROM items WHERE label = 'new'"));
    }

    [Fact]
    public void A_referenced_key_that_changes_type_takes_its_foreign_keys_down_and_back_and_a_NOCASE_collation_comes_and_goes()
    {
        var older = Schema(1,
            Table("teams", [Column("id", "int", key: 1), Column("name", "string")], [Index("ux_teams_name", true, "name")]),
            Table("players", [Column("id", "int", key: 1), Column("team_id", "int"), Column("active", "bool", @default: "1")],
                [new IndexSchema("ix_players_active", new[] { "team_id" }.ToEquatableArray(), false, "active = 1")], [Key("team_id", "teams", "id", onDelete: "CASCADE", onUpdate: "CASCADE")]));
        var newer = Schema(2,
            Table("teams", [Column("id", "long", key: 1), Column("name", "string", collate: "NOCASE")], [Index("ux_teams_name", true, "name")]),
            Table("players", [Column("id", "long", key: 1), Column("team_id", "long"), Column("active", "bool", @default: "0")],
                [new IndexSchema("ix_players_active", new[] { "team_id" }.ToEquatableArray(), false, "active = 1")], [Key("team_id", "teams", "id", onDelete: "CASCADE", onUpdate: "CASCADE")]));
        CheckStep(older, newer);
    }

    [Fact]
    public void Dropped_tables_whose_keys_form_a_cycle_are_dropped_and_created_again_by_the_down_step()
    {
        var older = Schema(1, Table("users", [Column("id", "long", key: 1)]));
        var newer = Schema(2,
            Table("users", [Column("id", "long", key: 1)]),
            Table("employees", [Column("id", "long", key: 1), Column("team_id", "long", notNull: false), Column("user_id", "long")], [], [Key("team_id", "teams", "id"), Key("user_id", "users", "id")]),
            Table("teams", [Column("id", "long", key: 1), Column("lead_id", "long", notNull: false)], [], [Key("lead_id", "employees", "id", onDelete: "SET NULL")]));
        CheckStep(older, newer);
    }

    [Fact]
    public void Long_names_give_the_names_PostgreSQL_truncates_to()
    {
        string table = "a_table_whose_name_is_long_enough_to_be_cut_" + new string('t', 10);
        string column = "a_column_whose_name_is_long_as_well_" + new string('c', 10);
        var older = Schema(1, Table(table, [Column("id", "long", key: 1), Column(column, "int", notNull: false, check: column + " > 0")]));
        var newer = Schema(2, Table(table + "2", [Column("id", "long", key: 1, identity: true), Column(column + "2", "int", notNull: false, check: column + "2 > 0", renamedFrom: [column])], renamedFrom: [table]));
        CheckStep(older, newer);
    }

    /// <summary>
    /// The oracle for one step: up from a database at <paramref name="older"/> (made by the steps, seeded) equals a fresh
    /// <paramref name="newer"/> with the rows kept; down again equals a fresh <paramref name="older"/>, rows as before where
    /// neither direction drops any. The data loss named is SQLite's.
    /// </summary>
    private void CheckStep(DatabaseSchema older, DatabaseSchema newer)
    {
        (string up, string? upLoses, string down, string? downLoses) = PostgreSqlStepWriter.Step(older, newer);
        (_, string? sqliteUpLoses, _, string? sqliteDownLoses) = StepWriter.Step(older, newer, SqliteDialect.Instance);
        Assert.Equal(sqliteUpLoses, upLoses);
        Assert.Equal(sqliteDownLoses, downLoses);
        Assert.DoesNotContain("CREATE TABLE sqlitegen", up, StringComparison.Ordinal); // never a rebuild

        List<string> freshOlder = MigrationCatalog.Fresh(server, older);
        List<string> freshNewer = MigrationCatalog.Fresh(server, newer);
        using NpgsqlConnection db = Catalog.Open(server.CreateDatabase());
        Run(db, PostgreSqlStepWriter.Step(Empty, older).Up);
        Assert.Equal(freshOlder, MigrationCatalog.Describe(db));
        MigrationCatalog.Seed(db, older);
        Dictionary<string, List<string>> before = MigrationCatalog.Rows(db, older);
        (DatabaseSchema keptBefore, DatabaseSchema keptAfter) = KeptColumns(older, newer);
        Dictionary<string, List<string>> kept = MigrationCatalog.Rows(db, keptBefore);

        Run(db, up);
        AssertCatalog(freshNewer, MigrationCatalog.Describe(db), up);
        Dictionary<string, List<string>> after = MigrationCatalog.Rows(db, keptAfter);
        foreach (TableSchema table in keptAfter.Tables)
            Assert.True(kept[table.RenamedFrom[0]].SequenceEqual(after[table.Name]), $"rows of {table.Name} after the step:\n{string.Join("\n", after[table.Name])}\nbefore:\n{string.Join("\n", kept[table.RenamedFrom[0]])}");

        Run(db, down);
        AssertCatalog(freshOlder, MigrationCatalog.Describe(db), down);
        if (upLoses is null && downLoses is null)
            Assert.Equal(before, MigrationCatalog.Rows(db, older));
    }

    private static void AssertCatalog(List<string> expected, List<string> actual, string sql)
    {
        if (!expected.SequenceEqual(actual))
            Assert.Fail($"the migrated catalogue differs from a fresh one.\nonly fresh:\n  {string.Join("\n  ", expected.Except(actual))}\nonly migrated:\n  {string.Join("\n  ", actual.Except(expected))}\nafter:\n{sql}");
    }

    /// <summary>
    /// The tables both schemas have, with the columns that continue with the same PostgreSQL type: before the step under
    /// their older names (each table's older name), after it under the newer ones, in the same order. The newer table
    /// records its older name as its only <see cref="TableSchema.RenamedFrom"/>.
    /// </summary>
    private static (DatabaseSchema Before, DatabaseSchema After) KeptColumns(DatabaseSchema older, DatabaseSchema newer)
    {
        PostgreSqlDialect dialect = PostgreSqlDialect.Instance;
        RenameMap map = RenameMap.Resolve(older, newer);
        var before = new List<TableSchema>();
        var after = new List<TableSchema>();
        foreach (TableSchema table in newer.Tables)
        {
            if (map.OlderTable(table.Name) is not { } olderName)
                continue;
            TableSchema was = older.Tables.Single(t => t.Name == olderName);
            var pairs = table.Columns
                .Select(c => (Newer: c, Older: map.OlderColumn(table.Name, c.Name) is { } o ? was.Columns.Single(w => w.Name == o) : null))
                .Where(p => p.Older is not null && dialect.ColumnType(p.Older) == dialect.ColumnType(p.Newer))
                .ToList();
            before.Add(was with { Columns = pairs.Select(p => p.Older!).ToEquatableArray() });
            after.Add(table with { Columns = pairs.Select(p => p.Newer).ToEquatableArray(), RenamedFrom = new[] { olderName }.ToEquatableArray() });
        }
        return (Schema(older.Version, before.ToArray()), Schema(newer.Version, after.ToArray()));
    }

    private NpgsqlConnection Migrated(DatabaseSchema older, DatabaseSchema newer)
    {
        NpgsqlConnection db = Catalog.Open(server.CreateDatabase());
        Run(db, PostgreSqlStepWriter.Step(Empty, older).Up);
        MigrationCatalog.Seed(db, older);
        Run(db, PostgreSqlStepWriter.Step(older, newer).Up);
        return db;
    }

    /// <summary>A step's SQL in one transaction, as the migrator runs it.</summary>
    private static void Run(NpgsqlConnection db, string sql)
    {
        if (string.IsNullOrWhiteSpace(sql))
            return;
        using NpgsqlTransaction transaction = db.BeginTransaction();
        using (var command = new NpgsqlCommand(sql, db, transaction))
        {
            try
            {
                command.ExecuteNonQuery();
            }
            catch (PostgresException error)
            {
                Assert.Fail($"PostgreSQL refused the step: {error.MessageText} {error.Detail}\nin: {error.BatchCommand?.CommandText}\nstep:\n{sql}");
            }
        }
        transaction.Commit();
    }
}
