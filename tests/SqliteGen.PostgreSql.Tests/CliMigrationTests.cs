using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Npgsql;
using SqliteGen.Cli;
using SqliteGen.Generator.Schema;
using SqliteGen.Tests.Entities;
using Xunit;
using static SqliteGen.PostgreSql.Tests.MigrationSchemas;

namespace SqliteGen.PostgreSql.Tests;

/// <summary>
/// <c>sqlitegen migrate</c> with a PostgreSQL connection string in place of the file, against a real server: the shop
/// history's snapshots in a folder, up (refused while it drops data, then allowed), status, down, and the script run by
/// hand; every result compared with a fresh database's catalogue.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CliMigrationTests(PostgresServer server) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sqlitegen-pgmigrate-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>The shop history's snapshot files, as <c>dotnet build -t:SqliteGenFreeze</c> writes them; the folder.</summary>
    private string Snapshots()
    {
        string folder = Path.Combine(_folder, "sqlitegen");
        Directory.CreateDirectory(folder);
        foreach (DatabaseSchema schema in Shop())
            File.WriteAllText(Path.Combine(folder, $"ShopDb.v{schema.Version}.json"), SnapshotJson.Write("ShopDb", schema));
        return folder;
    }

    private static CliResult Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = SqliteGenCli.Run(args, output, error);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Migrate_up_status_down_and_script_work_on_a_connection_string()
    {
        string snapshots = Snapshots();
        string target = server.CreateDatabase();

        CliResult up = Run("migrate", "up", target, "--snapshots", snapshots, "--to", "6");
        Assert.True(up.ExitCode == 0, up.Error);
        Assert.Contains("ShopDb version 0 -> 6", up.Out);
        using NpgsqlConnection db = Catalog.Open(target);
        Assert.Equal(MigrationCatalog.Fresh(server, Shop()[5]), MigrationCatalog.Describe(db));

        CliResult refused = Run("migrate", "up", target, "--snapshots", snapshots);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("drops data (column users.display_name)", refused.Error);
        Assert.Contains("--allow-data-loss", refused.Error);
        Assert.Equal(MigrationCatalog.Fresh(server, Shop()[5]), MigrationCatalog.Describe(db));

        CliResult latest = Run("migrate", "up", target, "--snapshots", snapshots, "--allow-data-loss");
        Assert.True(latest.ExitCode == 0, latest.Error);
        Assert.Equal(MigrationCatalog.Fresh(server, Shop()[6]), MigrationCatalog.Describe(db));

        CliResult status = Run("migrate", "status", target, "--snapshots", snapshots);
        Assert.True(status.ExitCode == 0, status.Error);
        Assert.Contains("ShopDb, at version 7; snapshots up to version 7", status.Out);
        Assert.Contains("column users.display_name", status.Out);

        CliResult down = Run("migrate", "down", target, "--snapshots", snapshots, "--to", "2", "--allow-data-loss");
        Assert.True(down.ExitCode == 0, down.Error);
        Assert.Equal(MigrationCatalog.Fresh(server, Shop()[1]), MigrationCatalog.Describe(db));

        CliResult script = Run("migrate", "script", target, "--snapshots", snapshots, "--to", "7");
        Assert.True(script.ExitCode == 0, script.Error);
        Assert.Contains("from version 2 to 7", script.Out);
        MigrationCatalog.Execute(db, script.Out);
        Assert.Equal(MigrationCatalog.Fresh(server, Shop()[6]), MigrationCatalog.Describe(db));
        Assert.Equal(7, Catalog.Long(db, "SELECT count(*) FROM sqlitegen_migrations"));

        Assert.Equal(2, Run("migrate", "adopt", target, "--snapshots", snapshots, "--version", "1").ExitCode);
    }

    [Fact]
    public void A_database_made_by_copy_has_the_PostgreSQL_steps_checksums_so_migrate_finds_no_drift()
    {
        string file = Path.Combine(_folder, "learning.db");
        using (LearningDb db = LearningDb.Open(file))
            db.Users.Insert(new User(Guid.NewGuid(), "ada@example.com", "Ada", DateTimeOffset.UtcNow));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        string snapshots = GeneratedSchemas.WriteSnapshots(_folder, "LearningDb");
        string target = server.CreateDatabase();
        CliResult copy = Run("copy", file, target, "--snapshots", snapshots);
        Assert.True(copy.ExitCode == 0, copy.Error);

        CliResult status = Run("migrate", "status", target, "--snapshots", snapshots);
        Assert.True(status.ExitCode == 0, status.Out + status.Error);
        Assert.Contains("LearningDb, at version 1", status.Out);
        Assert.DoesNotContain("DRIFT", status.Out);
        using NpgsqlDataSource source = NpgsqlDataSource.Create(target);
        var history = Cli.Migrations.SnapshotHistory.Load(snapshots, "LearningDb");
        Assert.Equal(1, PostgreSqlMigrator.MigrateToLatest(source, "LearningDb", history.PostgreSqlMigrations));
        // The SQLite step's checksum would be drift here: the two engines' steps differ.
        Assert.NotEqual(history.Migrations[0].Checksum, history.PostgreSqlMigrations[0].Checksum);
    }

    public static TheoryData<string> Databases() => new(GeneratedSchemas.Databases);

    /// <summary>
    /// A database <c>OpenPostgreSql</c> created: <c>sqlitegen migrate status</c> on the build's frozen snapshot and the
    /// migrator with the generated PostgreSQL steps find it at the version, without drift; the steps run from an empty
    /// database give the catalogue <c>OpenPostgreSql</c> created (its <c>CreateSchemaSql</c>).
    /// </summary>
    [Theory]
    [MemberData(nameof(Databases))]
    public void A_database_made_by_OpenPostgreSql_is_what_migrate_and_the_migrator_expect(string database)
    {
        (Func<NpgsqlDataSource, IDisposable> open, IReadOnlyList<Migration> migrations) = database switch
        {
            "LearningDb" => ((Func<NpgsqlDataSource, IDisposable>)(s => LearningDb.OpenPostgreSql(s)), LearningDb.PostgreSql.Migrations),
            "MonitorDb" => (s => MonitorDb.OpenPostgreSql(s), MonitorDb.PostgreSql.Migrations),
            "OddNamesDb" => (s => OddNamesDb.OpenPostgreSql(s), OddNamesDb.PostgreSql.Migrations),
            "PatternsDb" => (s => PatternsDb.OpenPostgreSql(s), PatternsDb.PostgreSql.Migrations),
            "SearchDb" => (s => SearchDb.OpenPostgreSql(s), SearchDb.PostgreSql.Migrations),
            "TypesDb" => (s => TypesDb.OpenPostgreSql(s), TypesDb.PostgreSql.Migrations),
            _ => throw new ArgumentOutOfRangeException(nameof(database)),
        };
        string target = server.CreateDatabase();
        using NpgsqlDataSource opened = NpgsqlDataSource.Create(target);
        open(opened).Dispose();

        string snapshots = GeneratedSchemas.WriteSnapshots(_folder, database);
        CliResult status = Run("migrate", "status", target, "--snapshots", snapshots);
        Assert.True(status.ExitCode == 0, status.Out + status.Error);
        Assert.Contains($"{database}, at version 1", status.Out);
        Assert.DoesNotContain("DRIFT", status.Out);
        Assert.Equal(Cli.Migrations.SnapshotHistory.Load(snapshots, database).PostgreSqlMigrations.Select(m => m.Checksum), migrations.Select(m => m.Checksum));
        Assert.Equal(1, PostgreSqlMigrator.MigrateToLatest(opened, database, migrations));

        using NpgsqlDataSource stepped = NpgsqlDataSource.Create(server.CreateDatabase());
        Assert.Equal(1, PostgreSqlMigrator.MigrateToLatest(stepped, database, migrations));
        using NpgsqlConnection created = opened.OpenConnection();
        using NpgsqlConnection migrated = stepped.OpenConnection();
        Assert.Equal(MigrationCatalog.Describe(created), MigrationCatalog.Describe(migrated));
    }
}
