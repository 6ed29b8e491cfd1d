using System;
using System.IO;
using SqliteGen;

namespace SqliteGen.Cli.Commands;

/// <summary><c>sqlitegen health &lt;db&gt; [--full]</c>: the structure check and the upkeep figures, with a verdict.</summary>
internal static class HealthCommand
{
    public static readonly CommandSpec Spec = new(
        "health",
        "check the file's structure and upkeep figures; prints a verdict",
        ["db"],
        ["full", "json"],
        [],
        """
        usage: sqlitegen health <db> [--full] [--json]

        Checks the database's structure and reads the figures that matter for its upkeep. Never writes.

          --full   run PRAGMA integrity_check (also checks every index entry against its row)
                   instead of the faster PRAGMA quick_check
          --json   print the report as one JSON object (for monitoring scripts); same exit codes

        Prints the verdict (ok, warning, corrupt), SQLite's descriptions of any damage, the reasons
        for a warning, and the figures: journal mode, user_version, page size and count, free pages,
        auto_vacuum, file and WAL sizes, fragmentation (share of b-tree leaf pages out of order; measured
        only when the WAL is empty, e.g. after 'sqlitegen checkpoint <db> --mode truncate').

        A warning means: free pages over 25% of the file (and at least 1 MiB), a WAL over 64 MiB, or
        fragmentation over 50% in a file of 1,000 pages or more.

        exit codes: 0 ok, 5 warning, 6 corrupt, 3 missing file or not a database, 2 bad arguments.

        """,
        Run);

    private static int Run(CommandContext context)
    {
        IntegrityCheckKind check = context.Args.Has("full") ? IntegrityCheckKind.Full : IntegrityCheckKind.Quick;
        HealthReport report = DatabaseMaintenance.ForFile(context.Args.Positionals[0]).CheckHealth(check, cancellationToken: context.Cancellation);
        if (context.Args.Has("json"))
            WriteJson(report, context.Out);
        else
            Write(report, context.Out);
        return report.Verdict switch
        {
            HealthVerdict.Ok => ExitCodes.Ok,
            HealthVerdict.Warning => ExitCodes.HealthWarning,
            _ => ExitCodes.HealthCorrupt,
        };
    }

    private static void Write(HealthReport report, TextWriter output)
    {
        output.WriteLine($"verdict        {report.Verdict.ToString().ToLowerInvariant()}");
        string checkName = report.Check == IntegrityCheckKind.Full ? "integrity_check" : "quick_check";
        output.WriteLine($"check          {checkName}: {(report.IntegrityProblems.Count == 0 ? "ok" : Format.Count(report.IntegrityProblems.Count) + " problem(s)")}");
        foreach (string problem in report.IntegrityProblems)
            output.WriteLine($"  problem      {problem}");
        foreach (string finding in report.Findings)
            output.WriteLine($"  finding      {finding}");
        output.WriteLine($"file           {report.FilePath}");
        output.WriteLine($"file size      {Format.Bytes(report.FileBytes)}");
        output.WriteLine($"wal size       {Format.Bytes(report.WalBytes)}");
        output.WriteLine($"journal mode   {report.JournalMode}");
        output.WriteLine($"user_version   {report.UserVersion}");
        output.WriteLine($"page size      {Format.Bytes(report.PageSize)}");
        output.WriteLine($"pages          {Format.Count(report.PageCount)}");
        output.WriteLine($"free pages     {Format.Count(report.FreePages)} ({Format.Percent(report.FreeRatio)}, {Format.Bytes(report.FreeBytes)})");
        output.WriteLine($"auto_vacuum    {report.AutoVacuum}");
        output.WriteLine($"fragmentation  {(report.Fragmentation is { } f ? Format.Percent(f) + " of leaf pages out of order" : "not measured: " + report.FragmentationNotMeasured)}");
        output.WriteLine($"took           {Format.Duration(report.Duration)}");
    }

    private static void WriteJson(HealthReport report, TextWriter output) => JsonOutput.WriteObject(output, json =>
    {
        json.WriteString("file", report.FilePath);
        json.WriteString("verdict", report.Verdict.ToString().ToLowerInvariant());
        json.WriteString("check", report.Check == IntegrityCheckKind.Full ? "integrity_check" : "quick_check");
        json.WriteStrings("problems", report.IntegrityProblems);
        json.WriteStrings("findings", report.Findings);
        json.WriteString("journal_mode", report.JournalMode);
        json.WriteNumber("user_version", report.UserVersion);
        json.WriteNumber("page_size", report.PageSize);
        json.WriteNumber("pages", report.PageCount);
        json.WriteNumber("free_pages", report.FreePages);
        json.WriteString("auto_vacuum", report.AutoVacuum);
        json.WriteNumber("file_bytes", report.FileBytes);
        json.WriteNumber("wal_bytes", report.WalBytes);
        if (report.Fragmentation is { } fragmentation)
            json.WriteNumber("fragmentation", Math.Round(fragmentation, 4));
        else
            json.WriteNull("fragmentation");
        json.WriteString("fragmentation_not_measured", report.FragmentationNotMeasured);
        json.WriteNumber("duration_ms", Math.Round(report.Duration.TotalMilliseconds, 1));
    });
}
