namespace SqliteGen.CrashWorker;

// The schema the crash tests write and check: single rows that are inserted and then updated to higher
// versions, and InsertMany batches whose rows carry their batch id and the batch's size, so a reader can
// tell a whole batch from part of one.

[SqliteDatabase(Version = 1, Tables = new[] { typeof(Item), typeof(BatchRow) })]
public partial class CrashDb;

/// <summary>A single-row write. <see cref="Payload"/> is a function of the key and version (<see cref="Payloads.For"/>).</summary>
[Table("items")]
public partial record Item([PrimaryKey] long ItemId, long Version, string Payload);

/// <summary>One row of an InsertMany batch of <see cref="BatchSize"/> rows at positions 0..size-1.</summary>
[Table("batch_rows")]
public partial record BatchRow(
    [PrimaryKey(Order = 0)] long BatchId,
    [PrimaryKey(Order = 1)] int Position,
    int BatchSize,
    string Payload);

/// <summary>Deterministic payloads of varying length (so rows span pages and the WAL grows), checkable after a crash.</summary>
public static class Payloads
{
    public static string For(long key, long version) =>
        $"{key}:{version}:" + new string((char)('a' + (int)(key % 26)), (int)((key * 31 + version * 7) % 700));

    /// <summary>The payload of a row written by a transaction (an item and a batch of the same key): marked, so a check can pair them.</summary>
    public static string InTransaction(long key, long version) => "T" + For(key, version);
}
