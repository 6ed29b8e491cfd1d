using System;
using System.IO;
using Microsoft.Data.Sqlite;
using SqliteGen.Cli.Import;

namespace SqliteGen.Cli.Commands;

// The tool's own importer types, not the runtime's typed-import types of the same names in namespace SqliteGen
// (which, as an enclosing namespace, would otherwise win over usings outside it).
using ImportException = SqliteGen.Cli.Import.ImportException;
using ImportProgress = SqliteGen.Cli.Import.ImportProgress;
using ImportSummary = SqliteGen.Cli.Import.ImportSummary;

/// <summary><c>sqlitegen import &lt;db&gt; &lt;table&gt; &lt;file&gt;</c>: schemaless JSON, NDJSON or CSV into a table, in batches.</summary>
internal static class ImportCommand
{
    public const int DefaultBatchSize = 1000;

    public static readonly CommandSpec Spec = new(
        "import",
        "insert a JSON array, NDJSON or CSV file into a table (created if missing)",
        ["db", "table", "file"],
        ["alter", "quiet"],
        ["format", "batch-size", "pk", "on-conflict"],
        """
        usage: sqlitegen import <db> <table> <file> [options]

        Inserts the records of <file> into <table> of <db> (the database file is created if missing).
        Each record becomes a row; its keys (or the CSV header) name the columns.

        When the table is missing it is created from the first batch: columns in the order first seen,
        typed as sqlite-utils' insert does: INTEGER when every value is a whole number, REAL when every
        value is a number, TEXT otherwise; nested JSON objects and arrays are stored as JSON text,
        booleans as 1/0. CSV numbers with a leading zero ("007") stay TEXT; an empty CSV field is NULL
        in a numeric column.

        Records are written in batches, each in one transaction. A malformed record (bad JSON, a CSV
        row with the wrong number of fields) or one the table rejects (a constraint, an unknown column)
        stops the import with its line number: earlier batches stay committed and nothing of the failing
        batch is written. Progress goes to stderr for imports longer than a second; a summary of records
        read and rows inserted goes to stdout.

          --format json|ndjson|csv|tsv   the input format (default: from the extension; a .json file
                                         starting with '{' is read as NDJSON)
          --batch-size N                 records per transaction (default 1000)
          --pk COLUMN                    make COLUMN the primary key of a created table
          --on-conflict fail|ignore|replace
                                         a record whose key is already in the table stops the import
                                         (fail, the default), is skipped (ignore) or replaces the row
          --alter                        add a column for a key the table does not have (otherwise an error)
          --quiet                        no progress on stderr

        exit codes: 0 done, 4 malformed or rejected record, 3 missing input or database folder, not a
        database, 2 bad arguments, 1 other SQLite error.

        """,
        Run);

    private static int Run(CommandContext context)
    {
        Arguments args = context.Args;
        string database = args.Positionals[0], table = args.Positionals[1], file = args.Positionals[2];
        if (table.StartsWith("sqlite_", StringComparison.OrdinalIgnoreCase))
            throw new UsageException($"'{table}' is not a valid table name: names starting with 'sqlite_' are reserved by SQLite");
        string format = args.Choice("format", "", "json", "ndjson", "csv", "tsv");
        var settings = new ImportSettings(
            file,
            table,
            args.PositiveInt("batch-size", DefaultBatchSize),
            args.Value("pk"),
            args.Has("alter"),
            Enum.Parse<ConflictPolicy>(args.Choice("on-conflict", "fail", "fail", "ignore", "replace"), ignoreCase: true));
        if (!File.Exists(file))
            throw new FileProblemException($"Input file '{Path.GetFullPath(file)}' does not exist.");

        bool newDatabase = !File.Exists(database);
        long started = context.Time.GetTimestamp();
        bool interactive = ReferenceEquals(context.Error, Console.Error) && !Console.IsErrorRedirected;
        var progress = new ImportProgress(context.Error, enabled: !args.Has("quiet"), interactive, context.Time);
        using IRecordReader reader = OpenReader(file, format);
        ImportSummary? summary = null;
        try
        {
            using SqliteConnection connection = CliDatabase.OpenOrCreate(database);
            using var importer = new TableImporter(connection, settings, progress, context.Cancellation);
            summary = importer.Summary;
            importer.Run(reader);
        }
        catch when (newDatabase && File.Exists(database) && new FileInfo(database).Length == 0)
        {
            File.Delete(database); // a database file this run created and never wrote to: leave nothing behind
            throw;
        }
        finally
        {
            progress.Finish();
            if (summary is not null) // also after a failure: what was read and what stayed committed
                WriteSummary(context.Out, file, table, summary, context.Time.GetElapsedTime(started));
        }
        return ExitCodes.Ok;
    }

    private static void WriteSummary(TextWriter output, string file, string table, ImportSummary summary, TimeSpan duration) =>
        output.WriteLine(
            $"read {Format.Count(summary.Read)} records from {file}; inserted {Format.Count(summary.Inserted)} rows into '{table}'" +
            (summary.Skipped > 0 ? $", skipped {Format.Count(summary.Skipped)} already there" : "") +
            $" ({summary.Batches} batch(es) committed{(summary.CreatedTable ? ", table created" : "")}, {Format.Duration(duration)})");

    private static IRecordReader OpenReader(string file, string format)
    {
        string extension = Path.GetExtension(file).ToLowerInvariant();
        FileStream stream = File.OpenRead(file);
        try
        {
            if (format.Length == 0)
            {
                format = extension switch
                {
                    ".csv" => "csv",
                    ".tsv" or ".tab" => "tsv",
                    ".ndjson" or ".jsonl" => "ndjson",
                    _ => Sniff(stream, file),
                };
            }
            return format switch
            {
                "json" => new JsonArrayReader(stream, file),
                "ndjson" => new NdjsonReader(stream, file),
                "csv" => new CsvReader(stream, file, ','),
                _ => new CsvReader(stream, file, '\t'),
            };
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>JSON array or NDJSON, from the first character that is not whitespace or a byte-order mark.</summary>
    private static string Sniff(FileStream stream, string file)
    {
        int b;
        do
            b = stream.ReadByte();
        while (b is ' ' or '\t' or '\r' or '\n' or 0xEF or 0xBB or 0xBF);
        stream.Position = 0;
        return b switch
        {
            '[' => "json",
            '{' => "ndjson",
            _ => throw new UsageException($"cannot tell the format of '{file}' (it starts with neither '[' nor '{{'); use --format json|ndjson|csv|tsv"),
        };
    }
}
