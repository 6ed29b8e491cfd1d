using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Npgsql;
using SqliteGen.PostgreSql;
using SqliteGen.PostgreSql.Tests;
using Xunit;

namespace SqliteGen.Generator.Tests.Migrations;

/// <summary>
/// The generated <c>OpenPostgreSql</c> across versions, on a real PostgreSQL server: each version of <see cref="ShopHistory"/>
/// compiled with the real generator, the PostgreSQL target on and the snapshots frozen by the builds before it, as an
/// application's releases would be. A database created by one release's <c>OpenPostgreSql</c> is upgraded by the next
/// release's, records what <see cref="PostgreSqlMigrator"/> expects (no drift), and has the catalogue (PostgreSQL's own,
/// <see cref="MigrationCatalog"/>) of a database the newer release created fresh.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlOpenMigrationTests(PostgresServer server, PostgreSqlOpenMigrationTests.Builds builds) : IClassFixture<PostgreSqlOpenMigrationTests.Builds>
{
    /// <summary>Every version compiled once with the PostgreSQL target on.</summary>
    public sealed class Builds
    {
        private readonly List<Assembly> _assemblies = new();

        public Builds()
        {
            var snapshots = new List<(string Path, string Text)>();
            for (int version = 1; version <= ShopHistory.Latest; version++)
            {
                Compilation compilation = Harness.Compile(ShopHistory.Source(version)).AddReferences(PostgreSqlTargetTests.s_postgreSql);
                GeneratorOutput output = Harness.Generate(compilation, snapshots);
                Assert.Empty(output.GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
                using var stream = new MemoryStream();
                Microsoft.CodeAnalysis.Emit.EmitResult result = output.Compilation.Emit(stream);
                Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
                _assemblies.Add(Assembly.Load(stream.ToArray()));
                snapshots.Add(($"/repo/sqlitegen/ShopDb.v{version}.json", GeneratedMigrationTests.FrozenSnapshot(output)));
            }
        }

        private Type Db(int version) => _assemblies[version - 1].GetType("Shop.ShopDb", throwOnError: true)!;

        private Type PostgreSqlClass(int version) => Db(version).GetNestedType("PostgreSql")!;

        /// <summary>Version <paramref name="version"/>'s <c>ShopDb.PostgreSql.Migrations</c>.</summary>
        public IReadOnlyList<Migration> Migrations(int version) =>
            (IReadOnlyList<Migration>)PostgreSqlClass(version).GetProperty("Migrations")!.GetValue(null)!;

        /// <summary>Version <paramref name="version"/>'s <c>ShopDb.OpenPostgreSql(dataSource, options)</c> (no search options), then disposed.</summary>
        public void Open(int version, NpgsqlDataSource dataSource, MigrationOptions? options = null)
        {
            try
            {
                using var db = (IDisposable)Db(version).GetMethod("OpenPostgreSql")!.Invoke(null, [dataSource, options, null])!;
            }
            catch (TargetInvocationException error) when (error.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error.InnerException).Throw();
            }
        }
    }

    private static readonly MigrationOptions s_allowDataLoss = new() { AllowDataLoss = true };

    private NpgsqlDataSource NewDatabase() => NpgsqlDataSource.Create(server.CreateDatabase());

    private static List<(int Version, string Checksum, string How)> History(NpgsqlDataSource dataSource)
    {
        var rows = new List<(int, string, string)>();
        using NpgsqlCommand command = dataSource.CreateCommand("SELECT version, checksum, how FROM sqlitegen_migrations ORDER BY version");
        using NpgsqlDataReader reader = command.ExecuteReader();
        while (reader.Read())
            rows.Add((reader.GetInt32(0), reader.GetString(1), reader.GetString(2)));
        return rows;
    }

    private static List<string> Describe(NpgsqlDataSource dataSource)
    {
        using NpgsqlConnection connection = dataSource.OpenConnection();
        return MigrationCatalog.Describe(connection);
    }

    private static void Execute(NpgsqlDataSource dataSource, string sql)
    {
        using NpgsqlCommand command = dataSource.CreateCommand(sql);
        command.ExecuteNonQuery();
    }

    private static long Count(NpgsqlDataSource dataSource, string table)
    {
        using NpgsqlCommand command = dataSource.CreateCommand("SELECT count(*) FROM " + table);
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public void Each_release_s_open_upgrades_the_database_the_release_before_created_to_the_catalogue_of_a_fresh_one()
    {
        for (int version = 1; version < ShopHistory.Latest; version++)
        {
            using NpgsqlDataSource dataSource = NewDatabase();
            builds.Open(version, dataSource);
            Assert.Equal(Enumerable.Range(1, version).Select(v => (v, builds.Migrations(version)[v - 1].Checksum, "created")), History(dataSource));
            Execute(dataSource, ShopHistory.Seed(version)); // plain INSERTs: rows the upgrade must keep

            builds.Open(version + 1, dataSource, s_allowDataLoss);

            using NpgsqlDataSource fresh = NewDatabase();
            builds.Open(version + 1, fresh);
            Assert.Equal(Describe(fresh), Describe(dataSource));
            List<(int Version, string Checksum, string How)> history = History(dataSource);
            Assert.Equal(History(fresh).Select(h => (h.Version, h.Checksum)), history.Select(h => (h.Version, h.Checksum)));
            Assert.Equal("up", history[^1].How);
            foreach (string table in ShopHistory.Tables(version + 1)) // notes (memos from version 6) are seeded from version 2
                Assert.Equal(table == "users" ? 2 : version >= 2 ? 3 : 0, Count(dataSource, table));
            // The migrator and a later open agree with what was recorded: no drift, nothing to do.
            Assert.Equal(version + 1, PostgreSqlMigrator.MigrateToLatest(dataSource, "ShopDb", builds.Migrations(version + 1)));
            builds.Open(version + 1, dataSource);
        }
    }

    [Fact]
    public void The_oldest_database_is_taken_through_every_version_in_one_open_and_a_step_that_drops_data_needs_the_opt_in()
    {
        using NpgsqlDataSource dataSource = NewDatabase();
        builds.Open(1, dataSource);
        Execute(dataSource, ShopHistory.Seed(1));
        List<string> before = Describe(dataSource);

        // Version 7 drops users.display_name: refused as a whole, before any step runs, naming what it drops.
        var refused = Assert.Throws<MigrationException>(() => builds.Open(ShopHistory.Latest, dataSource));
        Assert.Contains("drops data", refused.Message, StringComparison.Ordinal);
        Assert.Contains("display_name", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, Describe(dataSource));
        Assert.Single(History(dataSource));

        builds.Open(ShopHistory.Latest, dataSource, s_allowDataLoss);
        using NpgsqlDataSource fresh = NewDatabase();
        builds.Open(ShopHistory.Latest, fresh);
        Assert.Equal(Describe(fresh), Describe(dataSource));
        Assert.Equal(["created", "up", "up", "up", "up", "up", "up"], History(dataSource).Select(h => h.How));
        Assert.Equal(2, Count(dataSource, "users"));
    }

    [Fact]
    public void A_newer_database_and_one_with_drift_are_refused_naming_the_versions_and_left_as_they_are()
    {
        using NpgsqlDataSource dataSource = NewDatabase();
        builds.Open(3, dataSource);
        var newer = Assert.Throws<MigrationException>(() => builds.Open(2, dataSource));
        Assert.Contains("ShopDb at schema version 3, newer than this build's latest version 2", newer.Message, StringComparison.Ordinal);

        // A history that does not match this build's PostgreSQL steps (here: version 2 recorded with another checksum).
        Execute(dataSource, "UPDATE sqlitegen_migrations SET checksum = 'edited' WHERE version = 2");
        List<string> before = Describe(dataSource);
        var drift = Assert.Throws<MigrationException>(() => builds.Open(4, dataSource));
        Assert.Contains("version 2 of ShopDb with checksum edited", drift.Message, StringComparison.Ordinal);
        Assert.Contains("(drift)", drift.Message, StringComparison.Ordinal);
        Assert.Equal(3, History(dataSource).Count);
        Assert.Equal(before, Describe(dataSource));
        // The database's own build refuses it too, without the lock (the path of a database at the latest version).
        Assert.Throws<MigrationException>(() => builds.Open(3, dataSource));
    }

    [Fact]
    public async Task Processes_opening_an_old_database_at_once_apply_each_version_once()
    {
        using NpgsqlDataSource created = NewDatabase();
        builds.Open(2, created);
        Execute(created, ShopHistory.Seed(2));
        string connectionString = created.ConnectionString;

        // Each opener with a data source (a pool, connections) of its own, as separate processes have.
        using var start = new Barrier(4);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            using NpgsqlDataSource own = NpgsqlDataSource.Create(connectionString);
            start.SignalAndWait();
            builds.Open(6, own);
        })));

        Assert.Equal([(1, "created"), (2, "created"), (3, "up"), (4, "up"), (5, "up"), (6, "up")], History(created).Select(h => (h.Version, h.How)));
        using NpgsqlDataSource fresh = NewDatabase();
        builds.Open(6, fresh);
        Assert.Equal(Describe(fresh), Describe(created));
        Assert.Equal(3, Count(created, "memos"));
    }
}
