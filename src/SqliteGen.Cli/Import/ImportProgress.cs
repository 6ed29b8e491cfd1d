using System;
using System.IO;

namespace SqliteGen.Cli.Import;

/// <summary>
/// Progress on stderr for long imports: nothing for the first second, then a line at most once a
/// second (rewritten in place on a terminal) with records read and how far into the file. The time
/// comes from <paramref name="time"/> (<see cref="TimeProvider.System"/> in the tool; tests pass their own).
/// </summary>
internal sealed class ImportProgress(TextWriter error, bool enabled, bool interactive, TimeProvider time, TimeSpan? interval = null)
{
    private readonly TimeSpan _interval = interval ?? TimeSpan.FromSeconds(1);
    private readonly long _started = time.GetTimestamp();
    private long _lastShown = time.GetTimestamp();
    private bool _shown;

    public void Report(long records, long bytes, long totalBytes)
    {
        if (!enabled || time.GetElapsedTime(_lastShown) < _interval)
            return;
        _lastShown = time.GetTimestamp();
        _shown = true;
        string percent = totalBytes > 0 ? " (" + Format.Percent((double)bytes / totalBytes) + ")" : "";
        string text = $"import: {Format.Count(records)} records, {Format.Count(bytes / 1024)} of {Format.Count(totalBytes / 1024)} KiB{percent}, {Format.Duration(time.GetElapsedTime(_started))}";
        if (interactive)
            error.Write("\r" + text + "   ");
        else
            error.WriteLine(text);
    }

    /// <summary>Ends a progress line rewritten in place, so what follows starts on its own line.</summary>
    public void Finish()
    {
        if (_shown && interactive)
            error.WriteLine();
    }
}
