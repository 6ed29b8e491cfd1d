using System;
using System.IO;
using System.Threading;

namespace SqliteGen.Cli;

/// <summary>Where a command writes (results on <see cref="Out"/>, progress and errors on <see cref="Error"/>), and its Ctrl+C.</summary>
internal sealed record CommandContext(Arguments Args, TextWriter Out, TextWriter Error, CancellationToken Cancellation, TimeProvider Time);

/// <summary>
/// One command: its name, its positional arguments, the flags and valued options it accepts, its help
/// text and what it runs (returning an exit code from <see cref="ExitCodes"/>).
/// </summary>
internal sealed record CommandSpec(
    string Name,
    string Summary,
    string[] Arguments,
    string[] Flags,
    string[] Options,
    string Help,
    Func<CommandContext, int> Run)
{
    public string Usage =>
        "sqlitegen " + Name + " " + string.Join(" ", Array.ConvertAll(Arguments, a => a.EndsWith('?') ? "[<" + a[..^1] + ">]" : "<" + a + ">")) + (Flags.Length + Options.Length > 0 ? " [options]" : "");
}

/// <summary>A file the command needs is missing, unreadable or in the way (exit code <see cref="ExitCodes.FileProblem"/>).</summary>
internal sealed class FileProblemException(string message) : Exception(message);
