using System.Collections.Generic;
using SqliteGen.Generator.Migrations;
using SqliteGen.Generator.Model;

namespace SqliteGen.Generator.Emitting;

/// <summary>Emits the database's <c>Migrations</c> list and the snapshot file the freeze target copies out.</summary>
internal static class MigrationsEmitter
{
    private const string Migration = "global::SqliteGen.Migration";

    /// <summary>Writes the <c>Migrations</c> property and the dry-run helper into the open database class.</summary>
    public static void EmitMembers(SourceWriter w, DatabaseModel database, IReadOnlyList<MigrationStep> steps) => Members(w, steps,
        new[]
        {
            "The version history, oldest first: <c>Migrations[k - 1]</c> takes a file from version k - 1 to k and back.",
            "Generated from the frozen snapshots in <c>sqlitegen/</c> and the current records (docs/migrations.md).",
        },
        new[]
        {
            "The dry run: the SQL that migrating a file from <paramref name=\"fromVersion\"/> to <paramref name=\"toVersion\"/>",
            "(0 is the empty file) would run, as one script. Nothing is opened or changed.",
        },
        $"global::SqliteGen.Runtime.Migrator.Script({SourceWriter.Literal(database.TypeName)}, Migrations, fromVersion, toVersion)");

    /// <summary>
    /// The same members for the PostgreSQL target (<c>ShopDb.PostgreSql</c>): its <c>Migrations</c>, the PostgreSQL steps of
    /// the same versions (<see cref="MigrationPlanner.PlanPostgreSql"/>), and the PostgreSQL migrator's dry run.
    /// </summary>
    public static void EmitPostgreSqlMembers(SourceWriter w, DatabaseModel database, IReadOnlyList<MigrationStep> steps) => Members(w, steps,
        new[]
        {
            "The version history as PostgreSQL steps, oldest first: the versions of the SQLite class's <c>Migrations</c>, from the",
            "same snapshots, each written with PostgreSQL's native <c>ALTER TABLE</c> (docs/postgresql.md). What <c>OpenPostgreSql</c>,",
            "<c>PostgreSqlMigrator</c> and <c>sqlitegen migrate</c> apply to a PostgreSQL database and record in its history.",
        },
        new[]
        {
            "The dry run: the SQL that migrating a PostgreSQL database from <paramref name=\"fromVersion\"/> to",
            "<paramref name=\"toVersion\"/> (0 is the empty database) would run, as one script. Nothing is opened or changed.",
        },
        $"global::SqliteGen.PostgreSql.PostgreSqlMigrator.Script({SourceWriter.Literal(database.TypeName)}, Migrations, fromVersion, toVersion)");

    private static void Members(SourceWriter w, IReadOnlyList<MigrationStep> steps, string[] historyDoc, string[] scriptDoc, string scriptCall)
    {
        Summary(w, historyDoc);
        Steps(w, steps);
        w.Line();
        Summary(w, scriptDoc);
        w.Line("public static string MigrationScript(int fromVersion, int toVersion) =>");
        w.Line("    " + scriptCall + ";");
    }

    private static void Summary(SourceWriter w, string[] lines)
    {
        w.Line("/// <summary>");
        foreach (string line in lines)
            w.Line("/// " + line);
        w.Line("/// </summary>");
    }

    /// <summary>The <c>Migrations</c> property: one <c>Migration</c> per step, its SQL as raw literals.</summary>
    private static void Steps(SourceWriter w, IReadOnlyList<MigrationStep> steps)
    {
        w.Line($"public static global::System.Collections.Generic.IReadOnlyList<{Migration}> Migrations {{ get; }} = new {Migration}[]");
        w.Line("{");
        w.Indent();
        foreach (MigrationStep step in steps)
        {
            w.Line($"new {Migration}({step.Version},");
            w.Indent();
            int literalIndent = (w.IndentLevel + 1) * 4;
            w.Line($"up: {SourceWriter.RawLiteral(step.Up, literalIndent).TrimStart()},");
            w.Line($"down: {SourceWriter.RawLiteral(step.Down, literalIndent).TrimStart()},");
            w.Line($"upLosesData: {Nullable(step.UpLosesData)},");
            string dataStep = step.DataStepMethod is { } method ? $".WithDataStep({SourceWriter.Literal(method)}, {method})" : "";
            string seedData = step.SeedDataMethod is { } seed ? $".WithSeedData({SourceWriter.Literal(seed)}, {seed})" : "";
            w.Line($"downLosesData: {Nullable(step.DownLosesData)}){dataStep}{seedData},");
            w.Outdent();
        }
        w.Outdent();
        w.Line("};");
    }

    private static string Nullable(string? text) => text is null ? "null" : SourceWriter.Literal(text);

    /// <summary>
    /// A file holding only a comment: the current schema as the snapshot JSON. <c>dotnet build -t:SqliteGenFreeze</c>
    /// copies it to <c>sqlitegen/</c> (see build/SqliteGen.targets); it is also what a reviewer can read to see the schema.
    /// </summary>
    public static string EmitSnapshotFile(DatabaseModel database, MigrationPlan plan)
    {
        var w = new SourceWriter();
        EmitterCommon.Header(w);
        w.Line($"// The schema of {database.TypeName} version {database.Version} as the current records describe it.");
        w.Line($"// `dotnet build -t:SqliteGenFreeze` writes it to sqlitegen/{plan.SnapshotFileName} (never over an existing file).");
        w.Line("// sqlitegen-snapshot-file: " + plan.SnapshotFileName);
        w.Line("/* sqlitegen-snapshot-begin");
        w.Lines(plan.SnapshotJson.TrimEnd('\n'));
        w.Line("sqlitegen-snapshot-end */");
        return w.ToString();
    }
}
