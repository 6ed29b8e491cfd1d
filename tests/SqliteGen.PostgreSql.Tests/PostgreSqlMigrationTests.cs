using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using SqliteGen.Generator.Dialects.PostgreSql;
using SqliteGen.Generator.Schema;
using Xunit;
using static SqliteGen.PostgreSql.Tests.MigrationSchemas;

namespace SqliteGen.PostgreSql.Tests;

/// <summary>
/// <see cref="PostgreSqlMigrator"/> on a real server with the PostgreSQL steps of the shop history: a new database and a
/// migrated one reach a fresh database's catalogue; the whole path in one transaction (a failing step leaves the
/// catalogue, history and rows of the version it started at); two migrators at once migrate once; drift, data loss, a
/// newer database, a foreign one and C# data steps refused before anything changes; down; the dry-run script.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlMigrationTests(PostgresServer server)
{
    private const string Name = "ShopDb";

    /// <summary>The shop history as the generated PostgreSQL Migrations hold it: versions 1..<paramref name="count"/>.</summary>
    private static List<Migration> ShopMigrations(int count = 7)
    {
        var migrations = new List<Migration>();
        DatabaseSchema older = Empty;
        foreach (DatabaseSchema newer in Shop().Take(count))
        {
            (string up, string? upLoses, string down, string? downLoses) = PostgreSqlStepWriter.Step(older, newer);
            migrations.Add(new Migration(newer.Version, up, down, upLoses, downLoses));
            older = newer;
        }
        return migrations;
    }

    [Fact]
    public void A_new_database_gets_every_step_in_one_go_and_a_second_run_does_nothing()
    {
        string connectionString = server.CreateDatabase();
        using NpgsqlDataSource source = NpgsqlDataSource.Create(connectionString);
        List<Migration> migrations = ShopMigrations();
        Assert.Equal(7, PostgreSqlMigrator.MigrateToLatest(source, Name, migrations));
        using NpgsqlConnection db = Catalog.Open(connectionString);
        Assert.Equal(MigrationCatalog.Fresh(server, Shop()[6]), MigrationCatalog.Describe(db));
        List<string> history = History(db);
        Assert.Equal(migrations.Select(m => $"{m.Version} {m.Checksum} created"), history);
        Assert.Equal(7, PostgreSqlMigrator.MigrateToLatest(source, Name, migrations));
        Assert.Equal(history, History(db));
        Assert.Equal(7, PostgreSqlMigrator.ReadVersion(source));
    }

    [Fact]
    public void A_path_that_drops_data_is_refused_whole_until_allowed_then_goes_up_and_down_with_the_rows()
    {
        string connectionString = server.CreateDatabase();
        using NpgsqlDataSource source = NpgsqlDataSource.Create(connectionString);
        List<Migration> migrations = ShopMigrations();
        Assert.Equal(2, PostgreSqlMigrator.Migrate(source, Name, migrations, 2));
        using NpgsqlConnection db = Catalog.Open(connectionString);
        MigrationCatalog.Seed(db, Shop()[1]);
        List<string> before = MigrationCatalog.Describe(db);

        MigrationException refused = Assert.Throws<MigrationException>(() => PostgreSqlMigrator.MigrateToLatest(source, Name, migrations));
        Assert.Equal((2, 7), (refused.CurrentVersion, refused.FailedVersion));
        Assert.Contains("drops data (version 6 to 7: column users.display_name)", refused.Message);
        Assert.Equal(before, MigrationCatalog.Describe(db));
        Assert.Equal(2, History(db).Count);

        Assert.Equal(7, PostgreSqlMigrator.Migrate(source, Name, migrations, 7, new MigrationOptions { AllowDataLoss = true }));
        Assert.Equal(MigrationCatalog.Fresh(server, Shop()[6]), MigrationCatalog.Describe(db));
        Assert.Equal(["1|1|text 1", "2|2|text 2", "3|3|text 3"], MigrationCatalog.Rows(db, Shop()[6], (t, c) => c.Name is "id" or "user_id" or "body")["memos"]);
        Assert.Equal(["1 created", "2 created", "3 up", "4 up", "5 up", "6 up", "7 up"], History(db).Select(h => h.Split(' ')[0] + " " + h.Split(' ')[2]));

        Assert.Throws<MigrationException>(() => PostgreSqlMigrator.Migrate(source, Name, migrations, 3)); // 7's Down drops memos.embedding
        Assert.Equal(3, PostgreSqlMigrator.Migrate(source, Name, migrations, 3, new MigrationOptions { AllowDataLoss = true }));
        Assert.Equal(MigrationCatalog.Fresh(server, Shop()[2]), MigrationCatalog.Describe(db));
        Assert.Equal(3, History(db).Count);
        Assert.Equal(["1|text 1", "2|text 2", "3|text 3"], MigrationCatalog.Rows(db, Shop()[2], (t, c) => c.Name is "id" or "email")["users"]);
    }

    [Fact]
    public void A_step_that_fails_rolls_back_every_step_before_it_and_names_itself_and_its_statement()
    {
        string connectionString = server.CreateDatabase();
        using NpgsqlDataSource source = NpgsqlDataSource.Create(connectionString);
        List<Migration> migrations = ShopMigrations();
        PostgreSqlMigrator.Migrate(source, Name, migrations, 2);
        using NpgsqlConnection db = Catalog.Open(connectionString);
        MigrationCatalog.Seed(db, Shop()[1]);
        List<string> catalog = MigrationCatalog.Describe(db);
        Dictionary<string, List<string>> rows = MigrationCatalog.Rows(db, Shop()[1]);
        List<string> history = History(db);

        // Step 5 ends with a statement PostgreSQL refuses: steps 3 and 4 ran before it in the same transaction.
        Migration five = migrations[4];
        migrations[4] = new Migration(5, five.Up + "\nALTER TABLE users ADD COLUMN email text;", five.Down, five.UpLosesData, five.DownLosesData);
        MigrationException failed = Assert.Throws<MigrationException>(() => PostgreSqlMigrator.Migrate(source, Name, migrations, 6));
        Assert.Equal((2, 5), (failed.CurrentVersion, failed.FailedVersion));
        Assert.Contains("from version 4 to 5 (on the way from version 2 to 6) failed", failed.Message);
        Assert.True(failed.Message.Contains("in:\nALTER TABLE users ADD COLUMN email text\n", StringComparison.Ordinal), failed.Message);
        Assert.Contains("still at version 2", failed.Message);
        Assert.IsType<PostgresException>(failed.InnerException);
        Assert.Equal(catalog, MigrationCatalog.Describe(db));
        Assert.Equal(rows, MigrationCatalog.Rows(db, Shop()[1]));
        Assert.Equal(history, History(db));
    }

    [Fact]
    public async Task Two_migrators_at_once_migrate_once_the_second_waits_on_the_advisory_lock_and_finds_the_work_done()
    {
        string connectionString = server.CreateDatabase();
        List<Migration> migrations = ShopMigrations(6);
        using NpgsqlConnection holder = Catalog.Open(connectionString);
        using NpgsqlTransaction held = holder.BeginTransaction();
        using (var take = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", holder))
        {
            take.Parameters.AddWithValue("key", PostgreSqlMigrator.LockKey(Name));
            take.ExecuteNonQuery();
        }

        // Two data sources: two pools, as two processes have.
        using NpgsqlDataSource first = NpgsqlDataSource.Create(connectionString);
        using NpgsqlDataSource second = NpgsqlDataSource.Create(connectionString);
        Task<int> a = Task.Run(() => PostgreSqlMigrator.MigrateToLatest(first, Name, migrations));
        Task<int> b = Task.Run(() => PostgreSqlMigrator.MigrateToLatest(second, Name, migrations));
        // Both are waiting on the lock (PostgreSQL's pg_locks says so) before it is let go.
        using (NpgsqlConnection watcher = Catalog.Open(connectionString))
        {
            DateTime guard = DateTime.UtcNow.AddMinutes(2);
            while (Catalog.Long(watcher, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted") < 2)
            {
                Assert.True(DateTime.UtcNow < guard, "the two migrators never waited on the advisory lock");
                Assert.False(a.IsCompleted || b.IsCompleted, "a migrator finished while the lock was held");
                await Task.Delay(20);
            }
        }
        held.Commit();
        Assert.Equal(6, await a);
        Assert.Equal(6, await b);

        using NpgsqlConnection db = Catalog.Open(connectionString);
        Assert.Equal(migrations.Select(m => $"{m.Version} {m.Checksum} created"), History(db));
        Assert.Equal(MigrationCatalog.Fresh(server, Shop()[5]), MigrationCatalog.Describe(db));
    }

    [Fact]
    public void Drift_a_newer_database_a_foreign_one_and_CSharp_data_steps_are_refused_before_anything_changes()
    {
        string connectionString = server.CreateDatabase();
        using NpgsqlDataSource source = NpgsqlDataSource.Create(connectionString);
        List<Migration> migrations = ShopMigrations();
        PostgreSqlMigrator.Migrate(source, Name, migrations, 3);
        using NpgsqlConnection db = Catalog.Open(connectionString);
        List<string> catalog = MigrationCatalog.Describe(db);
        List<string> history = History(db);

        List<Migration> drifted = ShopMigrations();
        drifted[1] = new Migration(2, drifted[1].Up + "\nCREATE INDEX ix_notes_body ON notes (body);", drifted[1].Down, null, drifted[1].DownLosesData);
        MigrationException drift = Assert.Throws<MigrationException>(() => PostgreSqlMigrator.Migrate(source, Name, drifted, 4));
        Assert.Equal(2, drift.FailedVersion);
        Assert.Contains("(drift): version 2 was changed", drift.Message);
        // Drift is found on the path without the lock too: a database already at the target.
        Assert.Equal(2, Assert.Throws<MigrationException>(() => PostgreSqlMigrator.Migrate(source, Name, drifted, 3)).FailedVersion);

        MigrationException newer = Assert.Throws<MigrationException>(() => PostgreSqlMigrator.MigrateToLatest(source, Name, ShopMigrations(2)));
        Assert.Contains("is at schema version 3, newer than ShopDb's latest version 2", newer.Message);

        List<Migration> withDataStep = ShopMigrations();
        withDataStep[3] = withDataStep[3].WithDataStep("FillNames", _ => throw new InvalidOperationException("never runs"));
        MigrationException code = Assert.Throws<MigrationException>(() => PostgreSqlMigrator.Migrate(source, Name, withDataStep, 6));
        Assert.Equal(4, code.FailedVersion);
        Assert.Contains("Version 4 of ShopDb has the C# data step 'FillNames'", code.Message);

        Assert.Equal(catalog, MigrationCatalog.Describe(db));
        Assert.Equal(history, History(db));

        string foreign = server.CreateDatabase();
        using (NpgsqlConnection other = Catalog.Open(foreign))
            MigrationCatalog.Execute(other, "CREATE TABLE accounts (id bigint PRIMARY KEY)");
        using NpgsqlDataSource foreignSource = NpgsqlDataSource.Create(foreign);
        MigrationException notOurs = Assert.Throws<MigrationException>(() => PostgreSqlMigrator.MigrateToLatest(foreignSource, Name, migrations));
        Assert.Contains("already holds 1 tables but no sqlitegen_migrations table", notOurs.Message);
        using NpgsqlConnection otherDb = Catalog.Open(foreign);
        Assert.Equal(["accounts"], Catalog.Tables(otherDb));
    }

    [Fact]
    public void The_dry_run_script_run_by_hand_gives_what_the_migrator_gives_and_its_history_table_is_the_copy_s()
    {
        List<Migration> migrations = ShopMigrations();
        string script = PostgreSqlMigrator.Script(Name, migrations, 0, 7);
        Assert.Contains("pg_advisory_xact_lock(" + PostgreSqlMigrator.LockKey(Name), script);
        Assert.Contains("-- DROPS DATA: column users.display_name (needs AllowDataLoss)", script);
        using NpgsqlConnection scripted = Catalog.Open(server.CreateDatabase());
        MigrationCatalog.Execute(scripted, script);
        Assert.Equal(MigrationCatalog.Fresh(server, Shop()[6]), MigrationCatalog.Describe(scripted));
        Assert.Equal(migrations.Select(m => $"{m.Version} {m.Checksum} up"), History(scripted));

        // The migrator's history table is the one sqlitegen copy creates (the dialect's DDL of the same columns).
        using NpgsqlConnection copied = Catalog.Open(server.CreateDatabase());
        MigrationCatalog.Execute(copied, PostgreSqlDialect.Instance.CreateTableStatement(PostgreSqlDialect.HistoryTable(PostgreSqlMigrator.HistoryTable)));
        Assert.Equal(HistoryShape(copied), HistoryShape(scripted));
    }

    private static List<string> History(NpgsqlConnection db)
    {
        var rows = new List<string>();
        using var command = new NpgsqlCommand("SELECT version, checksum, how, applied_at FROM sqlitegen_migrations ORDER BY version", db);
        using NpgsqlDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", reader.GetString(3)); // SQLite's migrator's form
            rows.Add($"{reader.GetInt32(0)} {reader.GetString(1)} {reader.GetString(2)}");
        }
        return rows;
    }

    private static List<string> HistoryShape(NpgsqlConnection db) =>
        Catalog.Columns(db).Where(c => c.Table == PostgreSqlMigrator.HistoryTable).Select(c => c.ToString()).OrderBy(c => c, StringComparer.Ordinal)
            .Concat(Catalog.PrimaryKeys(db).Where(k => k.Table == PostgreSqlMigrator.HistoryTable).Select(k => k.ToString())).ToList();
}
