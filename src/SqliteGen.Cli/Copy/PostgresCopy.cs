using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Threading;
using Microsoft.Data.Sqlite;
using Npgsql;
using SqliteGen.Generator.Dialects.PostgreSql;
using SqliteGen.Generator.Schema;
using SqliteGen.Runtime;

namespace SqliteGen.Cli.Copy;

/// <summary>A copy that cannot go on; nothing of it is left on the target (exit code <see cref="ExitCodes.Failed"/>).</summary>
internal sealed class CopyException(string message) : Exception(message);

/// <summary>What one table's copy gave: rows and checksum on each side.</summary>
internal sealed record CopiedTable(string Name, long Rows, string Checksum);

/// <summary>
/// Copies a SQLite file's tables into PostgreSQL in one transaction: the schema of the file's version
/// (<see cref="PostgreSqlDialect.CreateSchema"/>), every table with binary COPY in foreign-key dependency order, the
/// identity sequences moved past the copied ids, then every table read back and checked against the file (row count and
/// <see cref="ContentChecksum"/>). Any failure rolls the transaction back, so the target keeps nothing of the copy.
/// </summary>
internal sealed class PostgresCopy(SqliteConnection source, string sourcePath, string databaseName, DatabaseSchema schema, TextWriter progress, CancellationToken cancellation)
{
    /// <summary>Rows between two progress lines of a table.</summary>
    internal const int ProgressEvery = 100_000;

    private static readonly PostgreSqlDialect Dialect = PostgreSqlDialect.Instance;

    /// <summary>Where progress lines start (a tenant's copy names the tenant).</summary>
    public string ProgressPrefix { get; init; } = "sqlitegen copy: ";

    /// <summary>Tables of the target that are not the copy's (the tenant directory's): they neither make it non-empty nor are dropped.</summary>
    public IReadOnlyCollection<string> OtherTables { get; init; } = [];

    private (List<TableSchema> Tables, bool HasHistory)? _plan;

    /// <summary>Copies the file into the database <paramref name="connectionString"/> names, in one transaction of its own.</summary>
    public IReadOnlyList<CopiedTable> Run(string connectionString, bool replace)
    {
        _ = Plan(); // a file that cannot be copied is refused before connecting
        using NpgsqlConnection target = Connect(connectionString);
        using NpgsqlTransaction transaction = target.BeginTransaction();
        IReadOnlyList<CopiedTable> results = CopyInto(target, replace);
        try
        {
            transaction.Commit();
        }
        catch (PostgresException error)
        {
            throw new CopyException($"PostgreSQL refused the copy at commit: {error.MessageText}{Detail(error)}. Nothing was copied (the transaction was rolled back).");
        }
        return results;
    }

    /// <summary>
    /// The copy itself, into the current schema of <paramref name="target"/> (its <c>search_path</c>), in the caller's
    /// transaction: the schema, the rows, the identities, the read-back verification, the history's PostgreSQL
    /// checksums, and the deferred foreign keys checked. The caller commits, or rolls back on any exception.
    /// </summary>
    public IReadOnlyList<CopiedTable> CopyInto(NpgsqlConnection target, bool replace)
    {
        (List<TableSchema> tables, bool hasHistory) = Plan();
        PrepareTarget(target, tables, replace);
        List<string> ddl = Dialect.CreateSchema(schema).ToList();
        if (hasHistory)
            ddl.Add(Dialect.CreateTableStatement(tables[^1]));
        foreach (string statement in ddl)
        {
            try
            {
                Execute(target, statement);
            }
            catch (PostgresException error)
            {
                throw new CopyException($"PostgreSQL refused the schema of {databaseName} version {schema.Version}: {error.MessageText}{Detail(error)}, in:\n{statement}\nNothing was copied.");
            }
        }
        Execute(target, Dialect.DeferConstraints());
        // The copied rows are not logged one by one for vector search: a table's triggers are off during its copy, and one
        // reload entry per table tells any index of an earlier table by that name to load again.
        foreach (TableSchema table in tables.Where(t => Dialect.CreateVectorTriggers(t) is not null))
            Execute(target, Dialect.SuspendVectorTriggers(table.Name));

        var copied = new List<(TableSchema Table, ContentChecksum Checksum)>();
        for (int t = 0; t < tables.Count; t++)
        {
            TableSchema table = tables[t];
            progress.WriteLine($"{ProgressPrefix}{table.Name} ({t + 1} of {tables.Count})");
            copied.Add((table, CopyTable(target, table)));
        }

        progress.WriteLine($"{ProgressPrefix}verifying every table on PostgreSQL");
        var results = new List<CopiedTable>();
        foreach ((TableSchema table, ContentChecksum written) in copied)
        {
            ContentChecksum read = ReadBack(target, table, cancellation);
            if (read.Rows != written.Rows)
                throw new CopyException($"verification failed: table {table.Name} has {read.Rows} rows on PostgreSQL but {written.Rows} in '{sourcePath}'. Nothing was copied (the transaction was rolled back).");
            if (read.ToString() != written.ToString())
                throw new CopyException($"verification failed: the content of table {table.Name} on PostgreSQL differs from '{sourcePath}' (checksum {read} against {written}). Nothing was copied (the transaction was rolled back).");
            results.Add(new CopiedTable(table.Name, read.Rows, read.ToString()));
        }

        foreach (TableSchema table in tables.Where(t => Dialect.CreateVectorTriggers(t) is not null))
            Execute(target, Dialect.ResumeVectorTriggers(table.Name));
        if (hasHistory && PostgreSqlSteps is { } steps)
            RecordPostgreSqlChecksums(target, steps);

        try
        {
            Execute(target, "SET CONSTRAINTS ALL IMMEDIATE;"); // the deferred foreign keys are checked here, not at the caller's commit
        }
        catch (PostgresException error)
        {
            throw new CopyException($"PostgreSQL refused the copy: {error.MessageText}{Detail(error)}. Nothing was copied (the transaction was rolled back).");
        }
        return results;
    }

    /// <summary>
    /// Whether the current schema of <paramref name="target"/> holds what a copy of the file makes: every table there,
    /// with the file's row count and content checksum (the history table by its row count: a copy gives it the PostgreSQL
    /// steps' checksums). Reads only.
    /// </summary>
    public bool Matches(NpgsqlConnection target) => Matches(target, TargetTables(target));

    /// <summary>
    /// <see cref="Matches(NpgsqlConnection)"/> with the target's tables read already, by <see cref="TargetTablesCommand"/>
    /// (a tenant's transaction sends it as its first statement, with the tenant's start).
    /// </summary>
    public bool Matches(NpgsqlConnection target, IEnumerable<string> targetTables)
    {
        (List<TableSchema> tables, bool hasHistory) = Plan();
        HashSet<string> existing = targetTables.ToHashSet(StringComparer.Ordinal);
        if (tables.Any(t => !existing.Contains(t.Name)))
            return false;
        for (int t = 0; t < tables.Count; t++)
        {
            ContentChecksum file = SourceChecksum(tables[t]);
            ContentChecksum there = ReadBack(target, tables[t], cancellation);
            bool history = hasHistory && t == tables.Count - 1;
            if (file.Rows != there.Rows || (!history && file.ToString() != there.ToString()))
                return false;
        }
        return true;
    }

    /// <summary>Whether the database <paramref name="connectionString"/> names holds what a copy of the file makes (<see cref="Matches"/>).</summary>
    public bool MatchesAt(string connectionString)
    {
        _ = Plan();
        using NpgsqlConnection target = Connect(connectionString);
        return Matches(target);
    }

    /// <summary>The tables copied, referenced ones first, and the history table last when the file has one; the file checked against its version first.</summary>
    private (List<TableSchema> Tables, bool HasHistory) Plan()
    {
        if (_plan is { } plan)
            return plan;
        if (PostgreSqlDialect.NameProblems(schema) is { Count: > 0 } names)
            throw new CopyException($"{databaseName} version {schema.Version} cannot be created on PostgreSQL: {string.Join("; ", names)}. Nothing was copied.");
        List<TableSchema> tables = PostgreSqlDialect.DependencyOrder(schema).ToList();
        foreach (TableSchema table in tables)
            CheckSourceTable(table);
        bool hasHistory = SourceHasTable(Migrator.HistoryTable);
        if (hasHistory)
            tables.Add(PostgreSqlDialect.HistoryTable(Migrator.HistoryTable));
        _plan = (tables, hasHistory);
        return (tables, hasHistory);
    }

    /// <summary>
    /// The PostgreSQL steps of the same versions (<c>SnapshotHistory.PostgreSqlMigrations</c>): when given, the copied
    /// history records their checksums, which the PostgreSQL migrator verifies from then on (drift), in place of the
    /// SQLite steps' checksums the file recorded.
    /// </summary>
    public IReadOnlyList<Migration>? PostgreSqlSteps { get; init; }

    /// <summary>Each version of the copied history gets the checksum of its PostgreSQL step, after the history was verified as copied.</summary>
    private static void RecordPostgreSqlChecksums(NpgsqlConnection target, IReadOnlyList<Migration> steps)
    {
        foreach (Migration step in steps)
        {
            using var command = new NpgsqlCommand($"UPDATE {Migrator.HistoryTable} SET checksum = @checksum WHERE version = @version", target);
            command.Parameters.AddWithValue("checksum", step.Checksum);
            command.Parameters.AddWithValue("version", step.Version);
            command.ExecuteNonQuery();
        }
    }

    private NpgsqlConnection Connect(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException error)
        {
            throw new UsageException($"the PostgreSQL connection string is not valid: {error.Message}");
        }
        string where = $"PostgreSQL at {builder.Host ?? "(no host)"}:{builder.Port}, database {builder.Database ?? "(default)"}";
        // The server's detail on a refused row (the key, the value) goes into the tool's message: it is the user's own data.
        builder.IncludeErrorDetail = true;
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch (Exception error) when (error is NpgsqlException or SocketException or TimeoutException or InvalidOperationException)
        {
            connection.Dispose();
            throw new CopyException($"cannot connect to {where}: {error.Message}. Nothing was copied.");
        }
    }

    /// <summary>Refuses a target that holds tables, unless told to replace: then drops the tables this copy creates.</summary>
    private void PrepareTarget(NpgsqlConnection target, List<TableSchema> tables, bool replace)
    {
        List<string> existing = TargetTables(target).Where(t => !OtherTables.Contains(t)).ToList();
        if (existing.Count == 0)
            return;
        if (!replace)
        {
            throw new CopyException($"the target database is not empty (it has the tables {string.Join(", ", existing.Take(10))}{(existing.Count > 10 ? ", ..." : "")}): "
                + $"copy fills an empty database. Run it again with --replace to drop and recreate the tables of {databaseName}. Nothing was copied.");
        }
        foreach (TableSchema table in Enumerable.Reverse(tables))
            Execute(target, Dialect.DropTableIfExists(table.Name));
        progress.WriteLine($"{ProgressPrefix}--replace: dropped the tables of {databaseName} that were there");
    }

    /// <summary>One table's rows by binary COPY (<see cref="BinaryCopyWriter"/>), its checksum computed as they go, then its identity moved past them.</summary>
    internal ContentChecksum CopyTable(NpgsqlConnection target, TableSchema table)
    {
        CopyColumn[] columns = table.Columns.Select(c => new CopyColumn(c)).ToArray();
        var checksum = new ContentChecksum();
        ColumnSchema? identity = table.Columns.FirstOrDefault(c => c.AutoIncrement);
        int identityOrdinal = identity is null ? -1 : table.Columns.ToList().IndexOf(identity);
        long largestId = 0;

        using var rows = new SourceRows(source, SourceSelect(table));
        using var writer = new BinaryCopyWriter(target, Dialect.CopyIn(table), columns.Length);
        try
        {
            while (rows.Read())
            {
                if (checksum.Rows % 1024 == 0)
                    cancellation.ThrowIfCancellationRequested();
                writer.StartRow();
                for (int i = 0; i < columns.Length; i++)
                {
                    try
                    {
                        columns[i].Copy(rows, i, writer, checksum);
                    }
                    catch (Exception error) when (error is FormatException or OverflowException or InvalidCastException)
                    {
                        throw ValueRefused(table, rows, columns[i], error);
                    }
                }
                checksum.EndRow();
                if (identityOrdinal >= 0 && rows.Type(identityOrdinal) == SQLitePCL.raw.SQLITE_INTEGER)
                    largestId = Math.Max(largestId, rows.Int64(identityOrdinal));
                if (checksum.Rows % ProgressEvery == 0)
                    progress.WriteLine($"{ProgressPrefix}{table.Name}: {checksum.Rows.ToString("N0", CultureInfo.InvariantCulture)} rows");
            }
            writer.Complete();
        }
        catch (PostgresException error)
        {
            throw Rejected(table, error);
        }
        progress.WriteLine($"{ProgressPrefix}{table.Name}: {checksum.Rows.ToString("N0", CultureInfo.InvariantCulture)} rows copied");
        if (identity is not null)
            ResetIdentity(target, table, identity, largestId);
        return checksum;
    }

    /// <summary>The file's checksum of <paramref name="table"/>, as <see cref="CopyTable"/> computes it, writing nothing.</summary>
    internal ContentChecksum SourceChecksum(TableSchema table)
    {
        CopyColumn[] columns = table.Columns.Select(c => new CopyColumn(c)).ToArray();
        var checksum = new ContentChecksum();
        using var rows = new SourceRows(source, SourceSelect(table));
        while (rows.Read())
        {
            if (checksum.Rows % 1024 == 0)
                cancellation.ThrowIfCancellationRequested();
            for (int i = 0; i < columns.Length; i++)
            {
                try
                {
                    columns[i].Render(rows, i, checksum);
                }
                catch (Exception error) when (error is FormatException or OverflowException or InvalidCastException)
                {
                    throw ValueRefused(table, rows, columns[i], error);
                }
            }
            checksum.EndRow();
        }
        return checksum;
    }

    private static CopyException ValueRefused(TableSchema table, SourceRows rows, CopyColumn column, Exception error) =>
        new($"table {table.Name}, row {KeyOf(table, rows)}, column {column.Schema.Name}: {error.Message}; it cannot be stored as PostgreSQL {column.PostgresType}. Nothing was copied.");

    /// <summary>
    /// The file's rows in the table's own order, the rowid (a scan of the table's b-tree, with no index lookups), or the
    /// primary key's for a table WITHOUT ROWID; a row PostgreSQL rejects, reported by its line in the COPY, is found again
    /// at that offset in the same order (<see cref="Rejected"/>).
    /// </summary>
    private string SourceSelect(TableSchema table) =>
        $"SELECT {string.Join(", ", table.Columns.Select(c => CliDatabase.Quote(c.Name)))} FROM {CliDatabase.Quote(table.Name)} ORDER BY {OrderBy(table)}";

    private string OrderBy(TableSchema table)
    {
        if (HasRowid(table.Name))
        {
            // The rowid's own names, unless a column took the name (then it means the column).
            string? rowid = new[] { "rowid", "_rowid_", "oid" }.FirstOrDefault(n => !table.Columns.Any(c => string.Equals(c.Name, n, StringComparison.OrdinalIgnoreCase)));
            if (rowid is not null)
                return rowid;
        }
        List<ColumnSchema> keys = table.Columns.Where(c => c.PrimaryKey > 0).OrderBy(c => c.PrimaryKey).ToList();
        return keys.Count == 0 ? string.Join(", ", table.Columns.Select(c => CliDatabase.Quote(c.Name))) : string.Join(", ", keys.Select(k => CliDatabase.Quote(k.Name)));
    }

    private bool HasRowid(string table)
    {
        using SqliteCommand command = source.CreateCommand();
        command.CommandText = "SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = $table";
        command.Parameters.AddWithValue("$table", table);
        return command.ExecuteScalar() is long withoutRowid && withoutRowid == 0;
    }

    /// <summary>The row's key as the file holds it, <c>(id = 42)</c>, for an error message.</summary>
    private static string KeyOf(TableSchema table, SourceRows rows)
    {
        var parts = new List<string>();
        for (int i = 0; i < table.Columns.Count; i++)
        {
            if (table.Columns[i].PrimaryKey > 0)
                parts.Add(table.Columns[i].Name + " = " + rows.Display(i));
        }
        return "(" + string.Join(", ", parts) + ")";
    }

    /// <summary>
    /// A row PostgreSQL refused during the COPY: its error context (<c>COPY syllabi, line 2, column content</c>, after any
    /// context of its own, such as a JSON parser's line) says the line (the row's position in the COPY, which follows the
    /// file's read order) and the column; the row's key is read from the file again, at that offset in the same order and
    /// the same read transaction.
    /// </summary>
    private CopyException Rejected(TableSchema table, PostgresException error)
    {
        var where = System.Text.RegularExpressions.Regex.Match(error.Where ?? "", @"COPY .*?, line (?<line>\d+)(, column (?<column>[^:\n]+))?");
        string row = "";
        if (where.Success && long.TryParse(where.Groups["line"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out long line) && line > 0)
        {
            using var rows = new SourceRows(source, $"{SourceSelect(table)} LIMIT 1 OFFSET {(line - 1).ToString(CultureInfo.InvariantCulture)}");
            row = rows.Read() ? ", row " + KeyOf(table, rows) : $", row {line}";
        }
        string column = where.Success && where.Groups["column"].Success ? ", column " + where.Groups["column"].Value : error.ColumnName is { } name ? ", column " + name : "";
        return new CopyException($"table {table.Name}{row}{column}: PostgreSQL refused the row: {error.MessageText}{Detail(error)}. Nothing was copied (the transaction was rolled back).");
    }

    private static string Detail(PostgresException error) => error.Detail is { Length: > 0 } detail ? " (" + detail + ")" : "";

    /// <summary>Moves the identity past the largest copied id and the largest id SQLite ever gave the table (<c>sqlite_sequence</c>).</summary>
    private void ResetIdentity(NpgsqlConnection target, TableSchema table, ColumnSchema identity, long largestId)
    {
        long next = largestId + 1;
        if (SourceHasTable("sqlite_sequence"))
        {
            using SqliteCommand sequence = source.CreateCommand();
            sequence.CommandText = "SELECT seq FROM sqlite_sequence WHERE name = $table";
            sequence.Parameters.AddWithValue("$table", table.Name);
            if (sequence.ExecuteScalar() is long seq)
                next = Math.Max(next, seq + 1);
        }
        using var command = new NpgsqlCommand(Dialect.ResetIdentity(table, identity), target);
        command.Parameters.AddWithValue("next", Math.Max(next, 1));
        command.ExecuteScalar();
    }

    /// <summary>The checksum of the table's rows as PostgreSQL holds them, read as the types the copy wrote.</summary>
    internal static ContentChecksum ReadBack(NpgsqlConnection target, TableSchema table, CancellationToken cancellation)
    {
        CopyColumn[] columns = table.Columns.Select(c => new CopyColumn(c)).ToArray();
        var checksum = new ContentChecksum();
        using var command = new NpgsqlCommand(Dialect.SelectAll(table), target);
        using NpgsqlDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (checksum.Rows % 1024 == 0)
                cancellation.ThrowIfCancellationRequested();
            for (int i = 0; i < columns.Length; i++)
                columns[i].ReadBack(reader, i, checksum);
            checksum.EndRow();
        }
        return checksum;
    }

    /// <summary>Every column the snapshot has must be in the file's table (a file that drifted from its version is refused).</summary>
    private void CheckSourceTable(TableSchema table)
    {
        var columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using SqliteCommand command = source.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_info($table)";
        command.Parameters.AddWithValue("$table", table.Name);
        using (SqliteDataReader reader = command.ExecuteReader())
        {
            while (reader.Read())
                columns.Add(reader.GetString(0));
        }
        if (columns.Count == 0)
            throw new CopyException($"'{sourcePath}' has no table {table.Name}, which {databaseName} version {schema.Version} has: the file does not match its version's snapshot. Nothing was copied.");
        if (table.Columns.FirstOrDefault(c => !columns.Contains(c.Name)) is { } missing)
            throw new CopyException($"table {table.Name} of '{sourcePath}' has no column {missing.Name}, which {databaseName} version {schema.Version} has: the file does not match its version's snapshot. Nothing was copied.");
    }

    private bool SourceHasTable(string name)
    {
        using SqliteCommand command = source.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = $name";
        command.Parameters.AddWithValue("$name", name);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>The tables of the connection's current schema.</summary>
    /// <summary>The query of the current schema's table names (one column), bound to no connection.</summary>
    public static NpgsqlCommand TargetTablesCommand() => new(Dialect.SelectTables());

    private static List<string> TargetTables(NpgsqlConnection target)
    {
        var tables = new List<string>();
        using NpgsqlCommand command = TargetTablesCommand();
        command.Connection = target;
        using NpgsqlDataReader reader = command.ExecuteReader();
        while (reader.Read())
            tables.Add(reader.GetString(0));
        return tables;
    }

    private static void Execute(NpgsqlConnection target, string sql)
    {
        using var command = new NpgsqlCommand(sql, target);
        command.ExecuteNonQuery();
    }
}
