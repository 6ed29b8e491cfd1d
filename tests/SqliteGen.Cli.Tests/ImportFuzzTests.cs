using System;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace SqliteGen.Cli.Tests;

/// <summary>
/// Damaged inputs (a character deleted, inserted or the file cut short, at random places, fixed seed)
/// never crash the import: each run either succeeds with every record read in the table, or fails with
/// exit code 4 and one line naming the file and a line number, leaving only whole batches behind.
/// </summary>
public sealed class ImportFuzzTests : IDisposable
{
    private const string Noise = "{}[]\",:\\\n\r0a -.e";
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Seed(string format)
    {
        var text = new StringBuilder(format == "json" ? "[\n" : format == "csv" ? "id,name,score,note\n" : "");
        for (int i = 1; i <= 12; i++)
        {
            text.Append(format switch
            {
                "json" => $$$"""  {"id": {{{i}}}, "name": "n{{{i}}}", "score": {{{i}}}.25, "note": {"tags": ["a", "b\"c"]}}{{{(i < 12 ? "," : "")}}}""" + "\n",
                "ndjson" => $$$"""{"id": {{{i}}}, "name": "n{{{i}}}", "score": {{{i}}}.25, "note": {"tags": ["a", "b\"c"]}}""" + "\n",
                _ => $"{i},n{i},{i}.25,\"say \"\"hi\"\", {i}\"\n",
            });
        }
        if (format == "json")
            text.Append("]\n");
        return text.ToString();
    }

    private static string Damage(string text, Random random)
    {
        int at = random.Next(text.Length);
        return random.Next(3) switch
        {
            0 => text.Remove(at, 1),
            1 => text.Insert(at, Noise[random.Next(Noise.Length)].ToString()),
            _ => text[..at],
        };
    }

    [Theory]
    [InlineData("json")]
    [InlineData("ndjson")]
    [InlineData("csv")]
    public void Damaged_inputs_import_whole_or_fail_with_a_line_number_and_whole_batches(string format)
    {
        var random = new Random(8);
        string seed = Seed(format);
        int imported = 0, refused = 0;
        for (int run = 0; run < 40; run++)
        {
            string input = _folder.Write($"in{run}.{format}", Damage(seed, random));
            string database = _folder.File($"out{run}.db");

            CliResult result = Cli.Run("import", database, "t", input, "--format", format, "--batch-size", "4");

            string context = $"run {run}: {result.Error}\n{File.ReadAllText(input)}";
            Assert.True(result.ExitCode is ExitCodes.Ok or ExitCodes.BadInput, context);
            Match summary = Regex.Match(result.Out, @"^read (\d+) records from .*; inserted (\d+) rows into 't'");
            Assert.True(summary.Success || result.Out == "", context);
            if (result.ExitCode == ExitCodes.Ok)
            {
                Assert.Equal("", result.Error);
                if (summary.Groups[1].Value != "0")
                    Assert.Equal(long.Parse(summary.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Db.Long(database, "SELECT count(*) FROM t"));
                imported++;
                continue;
            }
            refused++;
            Assert.Matches(@"^sqlitegen import: " + Regex.Escape(input) + @" line \d+: [^\n]+\n$", result.Error);
            if (File.Exists(database) && Db.Long(database, "SELECT count(*) FROM sqlite_schema WHERE name = 't'") == 1)
            {
                long rows = Db.Long(database, "SELECT count(*) FROM t");
                Assert.True(rows % 4 == 0, context); // whole batches only
                Assert.Equal("ok", Db.Text(database, "PRAGMA integrity_check"));
            }
        }
        Assert.True(imported > 0 && refused > 0, $"{imported} imported, {refused} refused: the damage should produce both");
    }
}
