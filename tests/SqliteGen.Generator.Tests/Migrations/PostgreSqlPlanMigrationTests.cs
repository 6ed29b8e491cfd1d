using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Dialects.PostgreSql;
using SqliteGen.Generator.Dialects.Sqlite;
using SqliteGen.Generator.Migrations;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Schema;
using Xunit;

namespace SqliteGen.Generator.Tests.Migrations;

/// <summary>
/// <see cref="MigrationPlanner.PlanPostgreSql"/> on the snapshots the real generator froze for <see cref="ShopHistory"/>:
/// the same versions, data-loss descriptions and diagnostics as the SQLite plan, each step PostgreSQL's
/// (<see cref="PostgreSqlStepWriter"/> between the frozen schemas), never a rebuild. The steps themselves are run on a
/// real PostgreSQL server by tests/SqliteGen.PostgreSql.Tests (MigrationStepTests).
/// </summary>
public sealed class PostgreSqlPlanMigrationTests(GeneratedMigrationTests.Builds builds) : IClassFixture<GeneratedMigrationTests.Builds>
{
    [Fact]
    public void The_PostgreSQL_plan_has_the_SQLite_plan_s_versions_and_losses_with_PostgreSQL_s_steps()
    {
        List<SnapshotFile> files = builds.Snapshots.Select(s => new SnapshotFile(s.Path, s.Text)).ToList();
        var schemas = files.Select(f => SnapshotJson.Read(f.Text).Item1!).ToList();
        var database = new DatabaseModel("Shop", "ShopDb", "Shop.ShopDb", "public", EquatableArray<ContainingType>.Empty, ShopHistory.Latest,
            EquatableArray<string>.Empty, false, null, EquatableArray<string>.Empty, EquatableArray<DataStepModel>.Empty, null);
        DatabaseSchema current = schemas[^1];

        MigrationPlan sqlite = MigrationPlanner.Plan(database, current, files, SqliteDialect.Instance);
        // The model built here plans what the generator planned: the build's own steps.
        Assert.Equal(builds.Migrations(ShopHistory.Latest).Select(m => (m.Up, m.Down)), sqlite.Steps.Select(s => (s.Up, s.Down)));

        MigrationPlan postgreSql = MigrationPlanner.PlanPostgreSql(database, current, files);
        Assert.Equal(sqlite.Steps.Select(s => (s.Version, s.UpLosesData, s.DownLosesData)), postgreSql.Steps.Select(s => (s.Version, s.UpLosesData, s.DownLosesData)));
        Assert.Equal(sqlite.Diagnostics.Select(d => d.Descriptor.Id), postgreSql.Diagnostics.Select(d => d.Descriptor.Id));
        Assert.Equal(sqlite.SnapshotJson, postgreSql.SnapshotJson);
        DatabaseSchema older = new(0, EquatableArray<TableSchema>.Empty);
        foreach (MigrationStep step in postgreSql.Steps)
        {
            DatabaseSchema newer = schemas[step.Version - 1];
            (string up, _, string down, _) = PostgreSqlStepWriter.Step(older, newer);
            Assert.Equal((up, down), (step.Up, step.Down));
            Assert.DoesNotContain("sqlitegen_new_", step.Up + step.Down);
            older = newer;
        }
        Assert.Contains("ALTER TABLE notes RENAME TO memos;", postgreSql.Steps[5].Up);
        Assert.Contains("ALTER TABLE memos RENAME CONSTRAINT notes_pkey TO memos_pkey;", postgreSql.Steps[5].Up);
        Assert.Contains("ALTER TABLE users ALTER COLUMN age TYPE text COLLATE \"C\" USING age::text;", postgreSql.Steps[6].Up);
    }
}
