using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.Data.Sqlite;
using SqliteGen.CrashWorker;

namespace SqliteGen.Reliability.Tests;

/// <summary>
/// Every write a worker acknowledged on its side channel, across all the runs on one file, and the check of a
/// file against it: what a user would look at after a crash.
/// </summary>
internal sealed class Ledger
{
    private readonly Dictionary<long, long> _itemVersions = new();
    private readonly Dictionary<long, int> _batchSizes = new();

    /// <summary>Acknowledgements recorded so far (inserts, updates and batches, each counted once).</summary>
    public long Acknowledged { get; private set; }

    public int Items => _itemVersions.Count;

    public int Batches => _batchSizes.Count;

    /// <summary>Acknowledged write transactions (an item and a batch each).</summary>
    public int Transactions { get; private set; }

    /// <summary>
    /// Found by the last <see cref="Check"/> without an acknowledgement: items or versions and batches that
    /// were committed when the kill came before the worker could report them (allowed; a figure). Check adds
    /// them to the ledger: once seen after a crash, they must survive the later ones too.
    /// </summary>
    public int CommittedUnacknowledged { get; private set; }

    /// <summary>Records one side-channel line: <c>I key version</c>, <c>U key version</c>, <c>B batch size</c> or <c>T key size</c>.</summary>
    public void Record(string line)
    {
        string[] parts = line.Split(' ');
        if (parts.Length != 3)
            throw new FormatException($"Not an acknowledgement: '{line}'.");
        long key = long.Parse(parts[1], CultureInfo.InvariantCulture);
        long value = long.Parse(parts[2], CultureInfo.InvariantCulture);
        switch (parts[0])
        {
            case "I":
            case "U":
                // Acknowledgements of one key come from one writer, in order: the last is the highest version.
                _itemVersions[key] = Math.Max(value, _itemVersions.GetValueOrDefault(key, -1));
                break;
            case "B":
                _batchSizes[key] = checked((int)value);
                break;
            case "T":
                Transactions++;
                _itemVersions[key] = 0;
                _batchSizes[key] = checked((int)value);
                break;
            default:
                throw new FormatException($"Not an acknowledgement: '{line}'.");
        }
        Acknowledged++;
    }

    /// <summary>
    /// Opens <paramref name="path"/> the way an application would after the crash (the generated
    /// <c>Open</c>, no manual step) and lists every problem: integrity_check not ok, an acknowledged insert,
    /// update or batch missing, a row whose payload does not match its key and version, a batch that is
    /// only partly visible, a transaction's item without its batch or the other way round. Empty when the
    /// file is as it must be.
    /// </summary>
    public List<string> Check(string path)
    {
        var problems = new List<string>();
        using CrashDb db = CrashDb.Open(path);

        string integrity = string.Join(" / ", Query(path, "PRAGMA integrity_check").Select(row => row[0]));
        if (integrity != "ok")
            problems.Add($"integrity_check: {integrity}");

        var stored = new Dictionary<long, Item>();
        foreach (Item item in db.Items.All())
        {
            stored[item.ItemId] = item;
            if (item.Payload != Payloads.For(item.ItemId, item.Version) && item.Payload != Payloads.InTransaction(item.ItemId, 0))
                problems.Add($"item {item.ItemId} version {item.Version}: payload does not match (torn or mixed row)");
        }
        List<Item> unacknowledged = stored.Values.Where(item => item.Version > _itemVersions.GetValueOrDefault(item.ItemId, -1)).ToList();
        foreach ((long key, long version) in _itemVersions)
        {
            if (!stored.TryGetValue(key, out Item? item))
                problems.Add($"lost insert: item {key} was acknowledged (version {version}) and is missing");
            else if (item.Version < version)
                problems.Add($"lost update: item {key} was acknowledged at version {version} and is at {item.Version}");
        }

        var batches = db.BatchRows.All().GroupBy(row => row.BatchId).ToDictionary(group => group.Key, group => group.ToList());
        foreach ((long batch, List<BatchRow> rows) in batches)
        {
            int size = rows[0].BatchSize;
            bool inTransaction = rows[0].Payload.StartsWith('T');
            Func<long, long, string> payload = inTransaction ? Payloads.InTransaction : Payloads.For;
            bool whole = rows.Count == size
                && rows.All(row => row.BatchSize == size && row.Payload == payload(batch, row.Position))
                && rows.Select(row => row.Position).Order().SequenceEqual(Enumerable.Range(0, size));
            if (!whole)
                problems.Add($"partial batch: batch {batch} of {size} rows shows {rows.Count}");
            if (inTransaction && !(stored.TryGetValue(batch, out Item? item) && item.Payload == Payloads.InTransaction(batch, 0)))
                problems.Add($"partial transaction: batch {batch} is there without the item {batch} written with it");
        }
        foreach (Item item in stored.Values.Where(item => item.Payload == Payloads.InTransaction(item.ItemId, 0)))
        {
            if (!batches.ContainsKey(item.ItemId))
                problems.Add($"partial transaction: item {item.ItemId} is there without the batch {item.ItemId} written with it");
        }
        foreach ((long batch, int size) in _batchSizes)
        {
            if (!batches.TryGetValue(batch, out List<BatchRow>? rows) || rows.Count != size)
                problems.Add($"lost batch: batch {batch} of {size} rows was acknowledged and shows {rows?.Count ?? 0}");
        }

        List<long> newBatches = batches.Keys.Where(batch => !_batchSizes.ContainsKey(batch)).ToList();
        CommittedUnacknowledged = unacknowledged.Count + newBatches.Count;
        foreach (Item item in unacknowledged)
            _itemVersions[item.ItemId] = item.Version;
        foreach (long batch in newBatches)
            _batchSizes[batch] = batches[batch].Count;
        return problems;
    }

    /// <summary>Runs SQL on its own plain connection (not SqliteGen's), returning every row's values.</summary>
    public static List<object[]> Query(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        using SqliteDataReader reader = command.ExecuteReader();
        var rows = new List<object[]>();
        while (reader.Read())
        {
            var values = new object[reader.FieldCount];
            reader.GetValues(values);
            rows.Add(values);
        }
        return rows;
    }
}
