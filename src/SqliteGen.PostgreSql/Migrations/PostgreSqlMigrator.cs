using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using NpgsqlTypes;
using SqliteGen.Runtime;

namespace SqliteGen.PostgreSql;

/// <summary>
/// Applies a database's PostgreSQL <see cref="Migration"/>s (generated from the same snapshots as its SQLite steps, with
/// PostgreSQL's native <c>ALTER TABLE</c>) to a PostgreSQL database, with the rules of SQLite's migrator: the same
/// history table (<see cref="HistoryTable"/>: version, checksum, applied_at, how), drift refused naming the version, a
/// path through a step that drops data refused unless <see cref="MigrationOptions.AllowDataLoss"/>, and a database newer
/// than the build refused. docs/migrations.md, "PostgreSQL".
/// </summary>
/// <remarks>
/// <para>
/// All or nothing: PostgreSQL's DDL is transactional, so the whole path (every step, its history row) runs in one
/// transaction; a step that fails rolls back every step before it too, and the database stays at the version it had.
/// </para>
/// <para>
/// One migrator at a time: the transaction first takes <c>pg_advisory_xact_lock(</c><see cref="LockKey"/><c>)</c>, a
/// transaction-level advisory lock on a key derived from the database name, so a second migrator (another process, or
/// another data source in this one) waits for the first to commit, then reads the history again and finds the work done.
/// The lock is released by the commit or rollback, also when the connection is lost.
/// </para>
/// <para>
/// C# data steps and seed data are SQLite code (<see cref="MigrationContext"/> holds a SQLite connection): a path through
/// a version with either is refused before anything runs, naming the version.
/// </para>
/// </remarks>
public static class PostgreSqlMigrator
{
    /// <summary>The history table, as on SQLite: one row per version the database went through.</summary>
    public const string HistoryTable = "sqlitegen_migrations";

    /// <summary>The history table, as <c>sqlitegen copy</c> creates it too (the PostgreSQL dialect's DDL of the same columns).</summary>
    internal const string CreateHistorySql =
        "CREATE TABLE IF NOT EXISTS " + HistoryTable + " (\n    version integer NOT NULL,\n    checksum text NOT NULL COLLATE \"C\",\n"
        + "    applied_at text NOT NULL COLLATE \"C\",\n    how text NOT NULL COLLATE \"C\",\n    PRIMARY KEY (version)\n);";

    /// <summary>The time a history row records, in the text SQLite's migrator writes (<c>2026-12-06T16:33:19.123Z</c>).</summary>
    private const string NowSql = "to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";

    /// <summary>Migrates the database to the latest version (the last of <paramref name="migrations"/>); returns it.</summary>
    /// <exception cref="MigrationException">Drift, a newer database, a foreign one, or a step that failed or was refused.</exception>
    public static int MigrateToLatest(NpgsqlDataSource dataSource, string databaseName, IReadOnlyList<Migration> migrations) =>
        Migrate(dataSource, databaseName, migrations, migrations.Count);

    /// <summary>
    /// Migrates the database up or down to <paramref name="targetVersion"/> (0 drops every table the steps created) and
    /// returns it. Everything that can refuse the path is decided before its first step; the steps run in one transaction.
    /// </summary>
    /// <exception cref="MigrationException">Drift, a newer database, a foreign one, or a step that failed or was refused.</exception>
    public static int Migrate(NpgsqlDataSource dataSource, string databaseName, IReadOnlyList<Migration> migrations, int targetVersion, MigrationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        Validate(databaseName, migrations);
        if (targetVersion < 0 || targetVersion > migrations.Count)
            throw new ArgumentOutOfRangeException(nameof(targetVersion), targetVersion, $"{databaseName} has versions 1 to {migrations.Count}.");
        options ??= MigrationOptions.Default;
        string where = Describe(dataSource);

        using NpgsqlConnection connection = dataSource.OpenConnection();
        // The common case, a database already at the target: checked without the lock.
        if (ReadHistory(async: false, connection, null, CancellationToken.None).GetAwaiter().GetResult() is { } seen && seen.Count == targetVersion && seen.Count > 0)
        {
            VerifyHistory(where, databaseName, migrations, seen);
            return targetVersion;
        }

        using NpgsqlTransaction transaction = connection.BeginTransaction();
        MigrateInTransaction(connection, transaction, where, databaseName, migrations, targetVersion, options, LockKey(databaseName));
        transaction.Commit(); // also keeps a history table created just now
        return targetVersion;
    }

    /// <summary>
    /// The migration itself, inside the caller's transaction on the schema <c>current_schema()</c> names (the caller
    /// commits): takes <c>pg_advisory_xact_lock(<paramref name="lockKey"/>)</c>, checks the history and applies the
    /// steps. Returns the version the database was at. A tenant schema's migration passes its own key, so tenants on
    /// one server migrate side by side; null when the caller took the lock already (a tenant transaction sends it as its
    /// first statement, with the tenant's start: <see cref="LockCommand"/>).
    /// </summary>
    internal static int MigrateInTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction, string where, string databaseName,
        IReadOnlyList<Migration> migrations, int targetVersion, MigrationOptions options, long? lockKey)
    {
        if (lockKey is { } key)
            Lock(async: false, connection, transaction, key, CancellationToken.None).GetAwaiter().GetResult();
        int start = ReadVerifiedVersion(connection, transaction, where, databaseName, migrations);
        if (start == targetVersion)
            return start;
        if (start > 0) // an empty database has nothing to lose
            RefuseDataLoss(where, migrations, start, targetVersion, options);
        RefuseCSharpSteps(where, databaseName, migrations, start, targetVersion);
        for (int current = start; current != targetVersion; current += current < targetVersion ? 1 : -1)
            ApplyStep(async: false, connection, transaction, where, databaseName, migrations, start, targetVersion, current, CancellationToken.None).GetAwaiter().GetResult();
        return start;
    }

    /// <summary>
    /// The version the database is at: the number of versions its history lists (0 without a history table). Read without
    /// the lock: a migration under way elsewhere is not seen until it commits.
    /// </summary>
    public static int ReadVersion(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        using NpgsqlConnection connection = dataSource.OpenConnection();
        return ReadHistory(async: false, connection, null, CancellationToken.None).GetAwaiter().GetResult()?.Count ?? 0;
    }

    /// <summary>
    /// The advisory lock key of a database's migrations: the first 8 bytes (big-endian) of the SHA-256 of
    /// <c>sqlitegen_migrations:</c> followed by the database name (the class name, e.g. <c>NotesDb</c>). Fixed for a name, so
    /// every process migrating that database takes the same lock, and distinct from other databases' in practice.
    /// </summary>
    public static long LockKey(string databaseName)
    {
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(HistoryTable + ":" + databaseName));
        return BinaryPrimitives.ReadInt64BigEndian(hash);
    }

    /// <summary>Takes the migrations' advisory lock (<see cref="LockKey"/>) for the rest of <paramref name="transaction"/>: what every open and migration of the database does first.</summary>
    internal static async ValueTask Lock(bool async, NpgsqlConnection connection, NpgsqlTransaction transaction, long lockKey, CancellationToken cancellationToken)
    {
        using NpgsqlCommand command = LockCommand(lockKey);
        command.Connection = connection;
        command.Transaction = transaction;
        if (async)
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        else
            command.ExecuteNonQuery();
    }

    /// <summary>The command that takes the migrations' advisory lock <paramref name="lockKey"/> for the rest of the transaction it runs in (bound to no connection).</summary>
    internal static NpgsqlCommand LockCommand(long lockKey)
    {
        var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)");
        PostgreSqlValues.Add(command.Parameters, lockKey, NpgsqlDbType.Bigint);
        return command;
    }

    /// <summary>
    /// The dry run: the SQL <see cref="Migrate"/> would run from <paramref name="fromVersion"/> to <paramref name="toVersion"/>,
    /// as one script in one transaction (lock, history, steps), touching nothing.
    /// </summary>
    public static string Script(string databaseName, IReadOnlyList<Migration> migrations, int fromVersion, int toVersion)
    {
        ArgumentNullException.ThrowIfNull(databaseName);
        ArgumentNullException.ThrowIfNull(migrations);
        Migrator.ValidateScript(databaseName, migrations, fromVersion, toVersion);

        var script = new StringBuilder();
        script.Append("-- ").Append(databaseName).Append(" on PostgreSQL: from version ").Append(fromVersion).Append(" to ").Append(toVersion)
            .AppendLine(". Generated by SqliteGen as a dry run: nothing was applied.");
        script.AppendLine("BEGIN;");
        script.Append("SELECT pg_advisory_xact_lock(").Append(LockKey(databaseName).ToString(CultureInfo.InvariantCulture)).AppendLine("); -- one migrator at a time");
        script.AppendLine(CreateHistorySql);
        for (int current = fromVersion; current != toVersion; current += current < toVersion ? 1 : -1)
        {
            bool up = current < toVersion;
            Migration step = up ? migrations[current] : migrations[current - 1];
            int next = up ? current + 1 : current - 1;
            script.AppendLine();
            script.Append("-- version ").Append(current).Append(" -> ").Append(next).Append(up ? " (up" : " (down").Append(", checksum ").Append(step.Checksum).AppendLine(")");
            if ((up ? step.UpLosesData : step.DownLosesData) is { } loss)
                script.Append("-- DROPS DATA: ").Append(loss).AppendLine(" (needs AllowDataLoss)");
            string sql = (up ? step.Up : step.Down).TrimEnd();
            if (sql.Length > 0)
                script.AppendLine(sql);
            script.AppendLine(up
                ? $"INSERT INTO {HistoryTable} (version, checksum, applied_at, how) VALUES ({step.Version.ToString(CultureInfo.InvariantCulture)}, '{step.Checksum}', {NowSql}, 'up');"
                : $"DELETE FROM {HistoryTable} WHERE version = {step.Version.ToString(CultureInfo.InvariantCulture)};");
        }
        script.AppendLine("COMMIT;");
        return script.ToString();
    }

    private static void Validate(string databaseName, IReadOnlyList<Migration> migrations)
    {
        ArgumentNullException.ThrowIfNull(databaseName);
        ArgumentNullException.ThrowIfNull(migrations);
        Migrator.Validate(databaseName, migrations);
    }

    /// <summary>How errors name the database: <c>PostgreSQL database 'app' on db.example.com:5432</c>.</summary>
    internal static string Describe(NpgsqlDataSource dataSource)
    {
        var builder = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        return $"PostgreSQL database '{builder.Database}' on {builder.Host}:{builder.Port.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>The history's rows in version order, or null when the current schema has no history table.</summary>
    internal static async ValueTask<List<(int Version, string Checksum)>?> ReadHistory(bool async, NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        // Read from pg_tables with the statement's snapshot: to_regclass may answer from a cache that has not yet seen
        // the table another migrator committed while this one waited for the lock.
        using (var exists = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = $1)", connection, transaction))
        {
            PostgreSqlValues.Add(exists.Parameters, HistoryTable, NpgsqlDbType.Text);
            if (!(bool)(async ? await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) : exists.ExecuteScalar())!)
                return null;
        }
        var rows = new List<(int, string)>();
        using var command = new NpgsqlCommand($"SELECT version, checksum FROM {HistoryTable} ORDER BY version", connection, transaction);
        NpgsqlDataReader reader = async ? await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false) : command.ExecuteReader();
        try
        {
            while (async ? await reader.ReadAsync(cancellationToken).ConfigureAwait(false) : reader.Read())
                rows.Add((reader.GetInt32(0), reader.GetString(1)));
        }
        finally
        {
            if (async)
                await reader.DisposeAsync().ConfigureAwait(false);
            else
                reader.Dispose();
        }
        return rows;
    }

    /// <summary>
    /// The database's version under the lock, after checking its history against the steps. An empty database gets the
    /// history table; one with tables but no history is refused (not SqliteGen's, or copied without it).
    /// </summary>
    private static int ReadVerifiedVersion(NpgsqlConnection connection, NpgsqlTransaction transaction, string where, string databaseName, IReadOnlyList<Migration> migrations)
    {
        if (ReadHistory(async: false, connection, transaction, CancellationToken.None).GetAwaiter().GetResult() is not { } recorded)
        {
            long tables;
            using (var count = new NpgsqlCommand("SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()", connection, transaction))
                tables = (long)count.ExecuteScalar()!;
            if (tables > 0)
                throw new MigrationException(where, 0, null, $"The {where} already holds {tables} tables but no {HistoryTable} table, which SqliteGen writes into every database it creates, migrates or copies ('sqlitegen copy'), so {databaseName} will not migrate it. Nothing was changed.");
            using var create = new NpgsqlCommand(CreateHistorySql, connection, transaction);
            create.ExecuteNonQuery();
            return 0;
        }
        if (recorded.Count > migrations.Count)
            throw new MigrationException(where, recorded.Count, null, $"The {where} is at schema version {recorded.Count}, newer than {databaseName}'s latest version {migrations.Count}: it was migrated by a newer build of the application. Nothing was changed.");
        VerifyHistory(where, databaseName, migrations, recorded);
        return recorded.Count;
    }

    /// <summary>Refuses a history that is not versions 1..n, or a recorded checksum that differs from the step's (drift).</summary>
    internal static void VerifyHistory(string where, string databaseName, IReadOnlyList<Migration> migrations, List<(int Version, string Checksum)> recorded)
    {
        for (int i = 0; i < recorded.Count; i++)
        {
            if (recorded[i].Version != i + 1)
                throw new MigrationException(where, recorded.Count, null, $"The {HistoryTable} table of the {where} lists versions {string.Join(", ", recorded.Select(r => r.Version))}, not 1 to {recorded.Count}: the history was edited by hand. Nothing was changed.");
        }
        if (recorded.Count > migrations.Count)
            throw new MigrationException(where, recorded.Count, null, $"The {where} is at schema version {recorded.Count}, newer than {databaseName}'s latest version {migrations.Count}: it was migrated by a newer build of the application. Nothing was changed.");
        foreach ((int version, string checksum) in recorded)
        {
            string compiled = migrations[version - 1].Checksum;
            if (!string.Equals(checksum, compiled, StringComparison.Ordinal))
                throw new MigrationException(where, recorded.Count, version,
                    $"The {where} went through version {version} of {databaseName} with checksum {Short(checksum)}, but this build's PostgreSQL step to version {version} has checksum {Short(compiled)} (drift): version {version} was changed after databases were migrated with it. Restore it as it was and put the change in a new version. Nothing was changed.");
        }
    }

    private static string Short(string checksum) => checksum.Length > 12 ? checksum[..12] + "…" : checksum;

    /// <summary>Refuses the whole path, before any step runs, when a step on it drops data and the options do not allow it.</summary>
    internal static void RefuseDataLoss(string where, IReadOnlyList<Migration> migrations, int start, int target, MigrationOptions options)
    {
        if (options.AllowDataLoss)
            return;
        List<(int Version, string Description)> losses = Migrator.LossesOnPath(migrations, start, target);
        if (losses.Count > 0)
            throw new MigrationException(where, start, losses[0].Version,
                $"Migrating the {where} from version {start} to {target} drops data ({string.Join("; ", losses.Select(l => l.Description))}). Nothing was changed: the database is still at version {start}. Pass MigrationOptions {{ AllowDataLoss = true }} to apply it.");
    }

    /// <summary>Refuses a path up through a version with a C# data step or seed data: both are written against SQLite.</summary>
    internal static void RefuseCSharpSteps(string where, string databaseName, IReadOnlyList<Migration> migrations, int start, int target)
    {
        for (int current = start; current < target; current++)
        {
            Migration step = migrations[current];
            string? code = step.DataStepName is { } data ? $"the C# data step '{data}'" : step.SeedDataName is { } seed ? $"the C# seed data '{seed}'" : null;
            if (code is not null)
                throw new MigrationException(where, start, step.Version,
                    $"Version {step.Version} of {databaseName} has {code}, which runs against SQLite (its MigrationContext holds a SQLite connection), so PostgreSQL migrations do not run it. Nothing was changed: the {where} is still at version {start}.");
        }
    }

    /// <summary>
    /// The statements of a step's SQL: split at each <c>;</c> outside quotes, identifiers, dollar-quoted bodies and
    /// comments. SQL with <c>$$</c> quoting (a function body) is left whole, one statement for PostgreSQL to split.
    /// </summary>
    internal static List<string> Statements(string sql)
    {
        var statements = new List<string>();
        if (sql.Contains("$$", StringComparison.Ordinal))
        {
            statements.Add(sql);
            return statements;
        }
        int start = 0;
        char quote = '\0';
        for (int i = 0; i < sql.Length; i++)
        {
            char c = sql[i];
            if (quote != '\0')
            {
                if (c == quote)
                    quote = '\0'; // a doubled quote closes and reopens: the same state by the next character
            }
            else if (c is '\'' or '"')
                quote = c;
            else if (c == '$' && DollarTag(sql, i) is { } tag)
            {
                // A dollar-quoted body ($tag$ ... $tag$, as the vector change log's DO block has): whole, to its closing tag.
                int end = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                i = end < 0 ? sql.Length - 1 : end + tag.Length - 1;
            }
            else if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                int end = sql.IndexOf('\n', i);
                i = end < 0 ? sql.Length - 1 : end;
            }
            else if (c == ';')
            {
                Add(sql.Substring(start, i - start));
                start = i + 1;
            }
        }
        Add(sql.Substring(start));
        return statements;

        void Add(string statement)
        {
            if (!string.IsNullOrWhiteSpace(statement))
                statements.Add(statement.Trim());
        }
    }

    /// <summary>The dollar-quote tag (<c>$name$</c>) that opens at <paramref name="at"/>, or null (a parameter such as <c>$1</c>, or a <c>$</c> inside a name).</summary>
    private static string? DollarTag(string sql, int at)
    {
        if (at > 0 && (char.IsLetterOrDigit(sql[at - 1]) || sql[at - 1] == '_'))
            return null;
        int i = at + 1;
        while (i < sql.Length && (char.IsLetter(sql[i]) || sql[i] == '_' || (i > at + 1 && char.IsDigit(sql[i]))))
            i++;
        return i < sql.Length && sql[i] == '$' ? sql.Substring(at, i - at + 1) : null;
    }

    /// <summary>One step of the path inside the path's transaction: its SQL, then its history row. A failure names the step and the statement.</summary>
    internal static async ValueTask ApplyStep(bool async, NpgsqlConnection connection, NpgsqlTransaction transaction, string where, string databaseName, IReadOnlyList<Migration> migrations, int start, int target, int current, CancellationToken cancellationToken)
    {
        bool up = current < target;
        Migration step = up ? migrations[current] : migrations[current - 1];
        int next = up ? current + 1 : current - 1;
        string? running = null;
        try
        {
            string sql = up ? step.Up : step.Down;
            if (!string.IsNullOrWhiteSpace(sql))
            {
                // One statement at a time, so an error names the statement PostgreSQL refused.
                foreach (string statement in Statements(sql))
                {
                    running = statement;
                    using var command = new NpgsqlCommand(statement, connection, transaction);
                    await Execute(async, command, cancellationToken).ConfigureAwait(false);
                }
                running = null;
            }
            using var history = up
                ? new NpgsqlCommand($"INSERT INTO {HistoryTable} (version, checksum, applied_at, how) VALUES (@version, @checksum, {NowSql}, @how)", connection, transaction)
                : new NpgsqlCommand($"DELETE FROM {HistoryTable} WHERE version = @version", connection, transaction);
            history.Parameters.AddWithValue("version", step.Version);
            if (up)
            {
                history.Parameters.AddWithValue("checksum", step.Checksum);
                history.Parameters.AddWithValue("how", start == 0 ? "created" : "up");
            }
            await Execute(async, history, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException error)
        {
            string path = start == current && next == target ? "" : $" (on the way from version {start} to {target})";
            string statement = running is not null ? $" in:\n{running}\n" : " ";
            throw new MigrationException(where, start, step.Version,
                $"Migrating the {where} ({databaseName}) from version {current} to {next}{path} failed: {error.MessageText}{(error.Detail is { } detail ? " (" + detail + ")" : "")}{statement}Everything was rolled back: the database is still at version {start}, with all its data.", error);
        }
    }

    private static async ValueTask Execute(bool async, NpgsqlCommand command, CancellationToken cancellationToken)
    {
        if (async)
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        else
            command.ExecuteNonQuery();
    }
}
