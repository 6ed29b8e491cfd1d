using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Npgsql;
using SqliteGen.Cli.Migrations;
using SqliteGen.PostgreSql;

namespace SqliteGen.Cli.Commands;

/// <summary>
/// <c>sqlitegen migrate status|up|down|script &lt;connection&gt;</c>: a PostgreSQL database (an Npgsql connection string in
/// place of the file) against the project's frozen snapshots, with the PostgreSQL steps of the same versions and
/// <see cref="PostgreSqlMigrator"/> (one transaction, the advisory lock).
/// </summary>
internal static class PostgreSqlMigrate
{
    /// <summary>Whether the command's database argument is a PostgreSQL connection string rather than a file: <c>Host=...</c> and more.</summary>
    public static bool IsConnectionString(string argument) =>
        argument.Contains('=', StringComparison.Ordinal)
        && argument.Split(';').Any(part => part.Split('=')[0].Trim() is { } key
            && (key.Equals("Host", StringComparison.OrdinalIgnoreCase) || key.Equals("Server", StringComparison.OrdinalIgnoreCase)));

    public static int Run(CommandContext context, string action, string connectionString, string folder)
    {
        if (action == "adopt")
            throw new UsageException("adopt works on SQLite files; a PostgreSQL database made by 'sqlitegen copy' already has its history");
        NpgsqlDataSource dataSource;
        try
        {
            dataSource = NpgsqlDataSource.Create(connectionString);
        }
        catch (ArgumentException error)
        {
            throw new UsageException($"the PostgreSQL connection string is not valid: {error.Message}");
        }
        using (dataSource)
        {
            SnapshotHistory history = SnapshotHistory.Load(folder, context.Args.Value("database"));
            IReadOnlyList<Migration> migrations = history.PostgreSqlMigrations;
            int newest = migrations.Count;
            if (action == "script")
            {
                int from = MigrateCommand.Version(context, "from") ?? PostgreSqlMigrator.ReadVersion(dataSource);
                int to = MigrateCommand.Version(context, "to") ?? newest;
                MigrateCommand.CheckRange(from, newest, "from");
                MigrateCommand.CheckRange(to, newest, "to");
                context.Out.Write(PostgreSqlMigrator.Script(history.DatabaseName, migrations, from, to));
                return ExitCodes.Ok;
            }

            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            string where = $"PostgreSQL database '{builder.Database}' on {builder.Host}:{builder.Port.ToString(CultureInfo.InvariantCulture)}";
            if (action == "status")
                return Status(context, dataSource, where, history.DatabaseName, migrations);

            int current = PostgreSqlMigrator.ReadVersion(dataSource);
            int target = MigrateCommand.Version(context, "to") ?? (action == "up" ? newest : throw new UsageException("down needs --to <version> (0 drops every table)"));
            MigrateCommand.CheckRange(target, newest, "to");
            if (action == "up" && target < current)
                throw new UsageException($"the database is at version {current}; up --to {target} would go down (use 'migrate down')");
            if (action == "down" && target > current)
                throw new UsageException($"the database is at version {current}; down --to {target} would go up (use 'migrate up')");

            bool allowDataLoss = context.Args.Has("allow-data-loss");
            string loss = string.Join("; ", action == "up"
                ? migrations.Where(m => m.Version > current && m.Version <= target && m.UpLosesData is not null).Select(m => m.UpLosesData)
                : migrations.Where(m => m.Version <= current && m.Version > target && m.DownLosesData is not null).OrderByDescending(m => m.Version).Select(m => m.DownLosesData));
            if (!allowDataLoss && loss.Length > 0)
                throw new SqliteGenException($"migrating the {where} from version {current} to {target} drops data ({loss}). Nothing was changed; run it again with --allow-data-loss to apply it.");
            int reached = PostgreSqlMigrator.Migrate(dataSource, history.DatabaseName, migrations, target, new MigrationOptions { AllowDataLoss = allowDataLoss });
            context.Out.WriteLine($"{where}: {history.DatabaseName} version {current} -> {reached}");
            return ExitCodes.Ok;
        }
    }

    private static int Status(CommandContext context, NpgsqlDataSource dataSource, string where, string databaseName, IReadOnlyList<Migration> migrations)
    {
        var recorded = new Dictionary<int, (string Checksum, string AppliedAt, string How)>();
        using (NpgsqlConnection connection = dataSource.OpenConnection())
        {
            using var exists = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL", connection);
            exists.Parameters.AddWithValue("table", PostgreSqlMigrator.HistoryTable);
            if ((bool)exists.ExecuteScalar()!)
            {
                using var command = new NpgsqlCommand("SELECT version, checksum, applied_at, how FROM " + PostgreSqlMigrator.HistoryTable + " ORDER BY version", connection);
                using NpgsqlDataReader reader = command.ExecuteReader();
                while (reader.Read())
                    recorded[reader.GetInt32(0)] = (reader.GetString(1), reader.GetString(2), reader.GetString(3));
            }
        }
        int version = recorded.Count;
        context.Out.WriteLine($"{where}: {databaseName}, at version {version}; snapshots up to version {migrations.Count}");
        if (version > migrations.Count)
            context.Out.WriteLine($"the database is newer than every snapshot here (version {version}): a newer build migrated it");
        bool drift = false;
        var table = new TextTable("version", "in the database", "checksum", "up drops", "down drops");
        foreach (Migration step in migrations)
        {
            string state = recorded.TryGetValue(step.Version, out var row)
                ? (string.Equals(row.Checksum, step.Checksum, StringComparison.Ordinal) ? $"{row.How} {row.AppliedAt}" : "DRIFT: recorded " + row.Checksum[..Math.Min(12, row.Checksum.Length)])
                : "not applied";
            drift |= state.StartsWith("DRIFT", StringComparison.Ordinal);
            table.Add(step.Version.ToString(CultureInfo.InvariantCulture), state, step.Checksum[..12], step.UpLosesData ?? "-", step.DownLosesData ?? "-");
        }
        table.WriteTo(context.Out);
        if (!drift)
            return ExitCodes.Ok;
        context.Error.WriteLine($"sqlitegen migrate: the {where} went through a version whose recorded checksum differs from its snapshot's PostgreSQL step (drift): the version was changed after the database was migrated.");
        return ExitCodes.Failed;
    }
}
