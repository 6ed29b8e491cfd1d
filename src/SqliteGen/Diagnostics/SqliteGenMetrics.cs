using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace SqliteGen.Runtime;

/// <summary>
/// SqliteGen's instruments, on the <c>System.Diagnostics.Metrics</c> meter named <see cref="MeterName"/>.
/// Recording checks <c>Enabled</c> first, so with no listener the cost is one field read.
/// </summary>
public static class SqliteGenMetrics
{
    /// <summary>The meter's name, for <c>MeterListener</c>s and OpenTelemetry's <c>AddMeter</c>.</summary>
    public const string MeterName = "SqliteGen";

    private static readonly Meter s_meter = new(MeterName, typeof(SqliteGenMetrics).Assembly.GetName().Version?.ToString());

    /// <summary>
    /// <c>sqlitegen.group_commit.size</c>: how many callers' writes one group commit transaction carried
    /// (recorded only for batches of two or more; a lone write commits on its own). Tag <c>db.file</c>.
    /// </summary>
    internal static readonly Histogram<int> GroupCommitSize =
        s_meter.CreateHistogram<int>("sqlitegen.group_commit.size", "{write}", "Writes committed together in one group commit transaction.");

    internal static void RecordGroupCommit(string filePath, int writes)
    {
        if (GroupCommitSize.Enabled)
            GroupCommitSize.Record(writes, new KeyValuePair<string, object?>("db.file", filePath));
    }
}
