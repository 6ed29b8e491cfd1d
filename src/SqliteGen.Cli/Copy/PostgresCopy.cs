using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Text;
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

    public IReadOnlyList<CopiedTable> Run(string connectionString, bool replace)
    {
        if (PostgreSqlDialect.NameProblems(schema) is { Count: > 0 } names)
            throw new CopyException($"{databaseName} version {schema.Version} cannot be created on PostgreSQL: {string.Join("; ", names)}. Nothing was copied.");
        List<TableSchema> tables = PostgreSqlDialect.DependencyOrder(schema).ToList();
        foreach (TableSchema table in tables)
            CheckSourceTable(table);
        bool hasHistory = SourceHasTable(Migrator.HistoryTable);
        if (hasHistory)
            tables.Add(PostgreSqlDialect.HistoryTable(Migrator.HistoryTable));

        using NpgsqlConnection target = Connect(connectionString);
        using NpgsqlTransaction transaction = target.BeginTransaction();
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

        var copied = new List<(TableSchema Table, ContentChecksum Checksum)>();
        for (int t = 0; t < tables.Count; t++)
        {
            TableSchema table = tables[t];
            progress.WriteLine($"sqlitegen copy: {table.Name} ({t + 1} of {tables.Count})");
            copied.Add((table, CopyTable(target, table)));
        }

        progress.WriteLine("sqlitegen copy: verifying every table on PostgreSQL");
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

        if (hasHistory && PostgreSqlSteps is { } steps)
            RecordPostgreSqlChecksums(target, steps);

        try
        {
            transaction.Commit(); // the deferred foreign keys are checked here
        }
        catch (PostgresException error)
        {
            throw new CopyException($"PostgreSQL refused the copy at commit: {error.MessageText}{Detail(error)}. Nothing was copied (the transaction was rolled back).");
        }
        return results;
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
        var existing = new List<string>();
        using (var command = new NpgsqlCommand(Dialect.SelectTables(), target))
        using (NpgsqlDataReader reader = command.ExecuteReader())
        {
            while (reader.Read())
                existing.Add(reader.GetString(0));
        }
        if (existing.Count == 0)
            return;
        if (!replace)
        {
            throw new CopyException($"the target database is not empty (it has the tables {string.Join(", ", existing.Take(10))}{(existing.Count > 10 ? ", ..." : "")}): "
                + $"copy fills an empty database. Run it again with --replace to drop and recreate the tables of {databaseName}. Nothing was copied.");
        }
        foreach (TableSchema table in Enumerable.Reverse(tables))
            Execute(target, Dialect.DropTableIfExists(table.Name));
        progress.WriteLine($"sqlitegen copy: --replace: dropped the tables of {databaseName} that were there");
    }

    private ContentChecksum CopyTable(NpgsqlConnection target, TableSchema table)
    {
        CopyColumn[] columns = table.Columns.Select(c => new CopyColumn(c)).ToArray();
        var checksum = new ContentChecksum();
        ColumnSchema? identity = table.Columns.FirstOrDefault(c => c.AutoIncrement);
        int identityOrdinal = identity is null ? -1 : table.Columns.ToList().IndexOf(identity);
        long largestId = 0;

        using SqliteCommand select = source.CreateCommand();
        select.CommandText = SourceSelect(table, columns);
        using SqliteDataReader reader = select.ExecuteReader();
        NpgsqlBinaryImporter importer = target.BeginBinaryImport(Dialect.CopyIn(table));
        bool failed = true;
        try
        {
            while (reader.Read())
            {
                if (checksum.Rows % 1024 == 0)
                    cancellation.ThrowIfCancellationRequested();
                importer.StartRow();
                for (int i = 0; i < columns.Length; i++)
                {
                    try
                    {
                        columns[i].Copy(reader, i, importer, checksum);
                    }
                    catch (Exception error) when (error is FormatException or OverflowException or InvalidCastException)
                    {
                        throw new CopyException($"table {table.Name}, row {KeyOf(table, reader)}, column {columns[i].Schema.Name}: {error.Message}; it cannot be stored as PostgreSQL {columns[i].PostgresType}. Nothing was copied.");
                    }
                }
                checksum.EndRow();
                if (identityOrdinal >= 0 && !reader.IsDBNull(identityOrdinal))
                    largestId = Math.Max(largestId, reader.GetInt64(identityOrdinal)); // an integer: its field read it as one
                if (checksum.Rows % ProgressEvery == 0)
                    progress.WriteLine($"sqlitegen copy: {table.Name}: {checksum.Rows.ToString("N0", CultureInfo.InvariantCulture)} rows");
            }
            importer.Complete();
            failed = false;
        }
        catch (PostgresException error)
        {
            throw Rejected(table, error);
        }
        finally
        {
            try
            {
                importer.Dispose();
            }
            catch (Exception) when (failed)
            {
                // The copy already failed (and says why); cancelling the COPY may fail as well.
            }
        }
        progress.WriteLine($"sqlitegen copy: {table.Name}: {checksum.Rows.ToString("N0", CultureInfo.InvariantCulture)} rows copied");
        if (identity is not null)
            ResetIdentity(target, table, identity, largestId);
        return checksum;
    }

    /// <summary>
    /// The file's rows in key order (so a row PostgreSQL rejects, reported by its line in the COPY, can be found again);
    /// text-bearing columns as their bytes, read as strict UTF-8 (<see cref="CopyColumn"/>).
    /// </summary>
    private static string SourceSelect(TableSchema table, CopyColumn[] columns)
    {
        string list = string.Join(", ", columns.Select(c => c.ReadsText ? $"CAST({CliDatabase.Quote(c.Schema.Name)} AS BLOB)" : CliDatabase.Quote(c.Schema.Name)));
        return $"SELECT {list} FROM {CliDatabase.Quote(table.Name)} ORDER BY {OrderBy(table)}";
    }

    private static string OrderBy(TableSchema table)
    {
        List<ColumnSchema> keys = table.Columns.Where(c => c.PrimaryKey > 0).OrderBy(c => c.PrimaryKey).ToList();
        return keys.Count == 0 ? "rowid" : string.Join(", ", keys.Select(k => CliDatabase.Quote(k.Name)));
    }

    /// <summary>The row's key as the file holds it, <c>(id = 42)</c>, for an error message.</summary>
    private static string KeyOf(TableSchema table, SqliteDataReader reader)
    {
        var parts = new List<string>();
        for (int i = 0; i < table.Columns.Count; i++)
        {
            if (table.Columns[i].PrimaryKey > 0)
                parts.Add(table.Columns[i].Name + " = " + Display(reader.IsDBNull(i) ? null : reader.GetValue(i)));
        }
        return "(" + string.Join(", ", parts) + ")";
    }

    private static string Display(object? value) => value switch
    {
        null => "NULL",
        byte[] bytes => "'" + Encoding.UTF8.GetString(bytes) + "'", // text read as its bytes
        string text => "'" + text + "'",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>
    /// A row PostgreSQL refused during the COPY: its error context (<c>COPY syllabi, line 2, column content</c>, after any
    /// context of its own, such as a JSON parser's line) says the line (the row's position in the COPY, which follows the key
    /// order) and the column; the row's key is read from the file again.
    /// </summary>
    private CopyException Rejected(TableSchema table, PostgresException error)
    {
        var where = System.Text.RegularExpressions.Regex.Match(error.Where ?? "", @"COPY .*?, line (?<line>\d+)(, column (?<column>[^:\n]+))?");
        string row = "";
        if (where.Success && long.TryParse(where.Groups["line"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out long line))
        {
            using SqliteCommand select = source.CreateCommand();
            select.CommandText = $"SELECT {string.Join(", ", table.Columns.Select(c => CliDatabase.Quote(c.Name)))} FROM {CliDatabase.Quote(table.Name)} ORDER BY {OrderBy(table)} LIMIT 1 OFFSET $offset";
            select.Parameters.AddWithValue("$offset", line - 1);
            using SqliteDataReader reader = select.ExecuteReader();
            row = reader.Read() ? ", row " + KeyOf(table, reader) : $", row {line}";
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

    private static void Execute(NpgsqlConnection target, string sql)
    {
        using var command = new NpgsqlCommand(sql, target);
        command.ExecuteNonQuery();
    }
}
