using System;
using System.Threading;
using Npgsql;
using SqliteGen.Runtime;

namespace SqliteGen.PostgreSql;

/// <summary>
/// Where a test watches PostgreSQL vector searches (<see cref="PostgreSqlVectorSearch{TKey}"/>) go by, or holds one: the
/// hook is null outside tests, and then nothing is called. It runs on the searching thread, so a hook that blocks holds
/// that search at that point; it sees every database's searches (a test picks its own by <see cref="Step.Database"/>).
/// </summary>
internal static class VectorSearchProbe
{
    private static Action<Step>? s_hook;

    /// <summary>Where a search is.</summary>
    public enum Stage
    {
        /// <summary>About to send the round trip that reads the log (or loads the column); the gate is not held.</summary>
        Reading,

        /// <summary>The round trip's rows are read; the search is about to take the gate and apply them.</summary>
        Read,

        /// <summary>Searching an index, exact at <see cref="Step.Snapshot"/> (the gate held, for a shared index).</summary>
        Searched,
    }

    /// <summary>
    /// One point of one search: the database of its connection, the table and column, and the snapshot: the shared index's
    /// the log is read after (<see cref="Stage.Reading"/>, null when there is no index yet), the one the rows were read in
    /// (<see cref="Stage.Read"/>), or the one the searched index is exact at (<see cref="Stage.Searched"/>).
    /// </summary>
    public readonly record struct Step(Stage Stage, string Database, string Table, string Column, string? Snapshot);

    /// <summary>Called at each <see cref="Stage"/> of every search while set.</summary>
    public static Action<Step>? Hook
    {
        get => Volatile.Read(ref s_hook);
        set => Volatile.Write(ref s_hook, value);
    }

    /// <summary>Calls the hook, if any, with this step.</summary>
    internal static void Note(Stage stage, NpgsqlConnection connection, VectorColumn column, PgSnapshot? snapshot)
    {
        if (Hook is { } hook)
            hook(new Step(stage, connection.Database, column.Table, column.Column, snapshot?.Text));
    }
}
