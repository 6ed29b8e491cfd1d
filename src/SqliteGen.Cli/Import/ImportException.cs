using System;

namespace SqliteGen.Cli.Import;

/// <summary>
/// A record that could not be read or was rejected, named by file and line; the message also says
/// what was committed before it. Exit code <see cref="ExitCodes.BadInput"/>.
/// </summary>
internal sealed class ImportException(string message) : Exception(message)
{
    /// <summary>A problem at <paramref name="line"/> of <paramref name="file"/>.</summary>
    public static ImportException At(string file, int line, string problem) => new($"{file} line {line}: {problem}");
}
