using System;
using System.Diagnostics;
using System.IO;

namespace SqliteGen.Cli.Import;

/// <summary>
/// Progress on stderr for long imports: nothing for the first second, then a line at most once a
/// second (rewritten in place on a terminal) with records read and how far into the file.
/// </summary>
internal sealed class ImportProgress(TextWriter error, bool enabled, bool interactive, TimeSpan? interval = null)
{
    private readonly long _interval = (long)((interval ?? TimeSpan.FromSeconds(1)).TotalSeconds * Stopwatch.Frequency);
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _lastShown = Stopwatch.GetTimestamp();
    private bool _shown;

    public void Report(long records, long bytes, long totalBytes)
    {
        long now = Stopwatch.GetTimestamp();
        if (!enabled || now - _lastShown < _interval)
            return;
        _lastShown = now;
        _shown = true;
        string percent = totalBytes > 0 ? " (" + Format.Percent((double)bytes / totalBytes) + ")" : "";
        string text = $"import: {Format.Count(records)} records, {Format.Count(bytes / 1024)} of {Format.Count(totalBytes / 1024)} KiB{percent}, {Format.Duration(Stopwatch.GetElapsedTime(_started))}";
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
