using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using SqliteGen.Runtime;

namespace SqliteGen.PostgreSql;

/// <summary>
/// Vector search of one table of a generated PostgreSQL database (docs/postgresql.md, "Vector search on PostgreSQL"): per
/// <c>[Vector]</c> column a resident index (<see cref="ExactVectorIndex"/>, or <see cref="BinaryQuantizedIndex"/> with
/// <see cref="VectorBackend.Quantized"/>) loaded from the column's <c>bytea</c>, shared by the database's table and its
/// write transactions' tables. <typeparamref name="TKey"/> is the table's key (a tuple for a composite key).
/// </summary>
/// <remarks>
/// <para>
/// <b>Current for every writer.</b> Before each search, one statement reads the table's signature: its row count and the
/// XOR of a 64-bit hash of each row version's identity (<c>ctid</c> and <c>xmin</c>). Every committed insert, update or
/// delete, by this process or any other, through the generated code or not, changes the set of row versions and so the
/// signature; a cached index is used only when its signature is the one just read, otherwise it is loaded again (the
/// signature read before the rows, so a write committing in between only costs one more load). Inside a write transaction
/// the signature is that of the rows the transaction sees, its own uncommitted writes included, so it searches those.
/// The generated writes need no bookkeeping of their own: they are seen as any writer's are.
/// </para>
/// <para>
/// <b>Order.</b> An index holds each row under its position in key order (the load sorts by key), so equal distances come
/// nearest-first by key: for an integer key, SQLite's rowid order.
/// </para>
/// <para>
/// <b>Cost.</b> The signature is one scan of the table on the server (no vector is read or sent); a load reads the column of
/// every row that has a vector. Memory: the index's (see <see cref="ExactVectorIndex"/>) plus one key per row.
/// </para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PostgreSqlVectorSearch<TKey>
    where TKey : notnull
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Resident> _residents = new(StringComparer.Ordinal);
    private readonly string _signatureSql;
    private readonly string _findSql;
    private readonly Func<NpgsqlDataReader, TKey> _readKey;
    private readonly Action<NpgsqlParameterCollection, TKey> _bindKey;
    private readonly SqliteGenOptions _options;
    private string? _refusal;
    private static int s_loads;

    private PostgreSqlVectorSearch(string signatureSql, string findSql, Func<NpgsqlDataReader, TKey> readKey, Action<NpgsqlParameterCollection, TKey> bindKey, SqliteGenOptions options)
    {
        _signatureSql = signatureSql;
        _findSql = findSql;
        _readKey = readKey;
        _bindKey = bindKey;
        _options = options;
    }

    /// <summary>
    /// The vector search of <paramref name="table"/> on <paramref name="source"/>'s database: made on first use, then shared
    /// by every table object of that database (its write transactions' too).
    /// </summary>
    /// <param name="source">The generated table's source: the database or one of its write transactions.</param>
    /// <param name="table">The table's name.</param>
    /// <param name="signatureSql">The row count and the XOR of the row versions' hashes (<c>PostgreSqlDialect.VectorSignature</c>).</param>
    /// <param name="findSql">The row with the key in the first parameters (the table's <c>Find</c> statement).</param>
    /// <param name="readKey">Reads the key from the first columns of a row of a load or filter statement.</param>
    /// <param name="bindKey">Adds a key as <paramref name="findSql"/>'s parameters.</param>
    public static PostgreSqlVectorSearch<TKey> For(PostgreSqlSource source, string table, string signatureSql, string findSql, Func<NpgsqlDataReader, TKey> readKey, Action<NpgsqlParameterCollection, TKey> bindKey)
    {
        ArgumentNullException.ThrowIfNull(source);
        // A source whose tables have no vector search (a tenant's) gets a search that refuses, saying why, when called.
        if (source.NoVectorSearch is { } refusal)
            return new PostgreSqlVectorSearch<TKey>(signatureSql, findSql, readKey, bindKey, SqliteGenOptions.Default) { _refusal = refusal };
        PostgreSqlDatabase database = source.Database;
        return database.Attachment("sqlitegen-vectors:" + table, () => new PostgreSqlVectorSearch<TKey>(signatureSql, findSql, readKey, bindKey, database.Options));
    }

    /// <summary>The hybrid-search settings of the database's options.</summary>
    public HybridSearchOptions HybridOptions => _options.HybridSearch;

    /// <summary>How many times an index keyed by <typeparamref name="TKey"/> was loaded, by any database (for tests: an unchanged table is not loaded again).</summary>
    internal static int Loads => Volatile.Read(ref s_loads);

    /// <summary>
    /// The rows of the <paramref name="k"/> vectors of <paramref name="column"/> nearest to <paramref name="query"/> (checked
    /// by the caller), nearest first, equal distances by key. <paramref name="filterSql"/>, when given, selects the keys of
    /// the rows a search may return, its parameters added by <paramref name="bindFilter"/>.
    /// </summary>
    /// <param name="lease">The connection the search runs on.</param>
    /// <param name="column">The vector column.</param>
    /// <param name="loadSql">Every row's key and the column's vector, for the rows with one, by key.</param>
    /// <param name="query">The query vector.</param>
    /// <param name="k">How many rows, at most.</param>
    /// <param name="filterSql">The keys the filter allows, or null for no filter.</param>
    /// <param name="bindFilter">Adds <paramref name="filterSql"/>'s parameters.</param>
    /// <param name="readRow">Reads a row of <see cref="For"/>'s <c>findSql</c>.</param>
    public List<VectorNeighbor<T>> Nearest<T>(PostgreSqlReadLease lease, VectorColumn column, string loadSql, ReadOnlyMemory<float> query, int k, string? filterSql, Action<NpgsqlParameterCollection>? bindFilter, Func<NpgsqlDataReader, T> readRow) =>
        NearestCore(async: false, lease, column, loadSql, query, k, filterSql, bindFilter, readRow, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc cref="Nearest"/>
    public ValueTask<List<VectorNeighbor<T>>> NearestAsync<T>(PostgreSqlReadLease lease, VectorColumn column, string loadSql, ReadOnlyMemory<float> query, int k, string? filterSql, Action<NpgsqlParameterCollection>? bindFilter, Func<NpgsqlDataReader, T> readRow, CancellationToken cancellationToken) =>
        NearestCore(async: true, lease, column, loadSql, query, k, filterSql, bindFilter, readRow, cancellationToken);

    /// <summary>
    /// The sync and async forms in one body: with <paramref name="async"/> false every call is synchronous, so the returned
    /// ValueTask is already complete.
    /// </summary>
    private async ValueTask<List<VectorNeighbor<T>>> NearestCore<T>(bool async, PostgreSqlReadLease lease, VectorColumn column, string loadSql, ReadOnlyMemory<float> query, int k, string? filterSql, Action<NpgsqlParameterCollection>? bindFilter, Func<NpgsqlDataReader, T> readRow, CancellationToken cancellationToken)
    {
        if (_refusal is not null)
            throw new NotSupportedException(_refusal);
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(readRow);
        for (int attempt = 0; ; attempt++)
        {
            Resident resident = await Current(async, lease, column, loadSql, cancellationToken).ConfigureAwait(false);
            Func<long, bool>? allowed = null;
            if (filterSql is not null)
            {
                HashSet<TKey> keys = await Keys(async, lease, filterSql, bindFilter, cancellationToken).ConfigureAwait(false);
                TKey[] byPosition = resident.Keys;
                allowed = position => keys.Contains(byPosition[position]);
            }
            IReadOnlyList<VectorMatch> matches = resident.Index.Nearest(query.Span, k, allowed);
            (List<VectorNeighbor<T>> rows, bool missing) = await ReadRows(async, lease, resident.Keys, matches, readRow, cancellationToken).ConfigureAwait(false);
            // A row gone between the signature and the read was deleted meanwhile: the next signature differs, so once
            // more on a fresh index; a second miss is left out (another delete, after this search began).
            if (!missing || attempt > 0)
                return rows;
        }
    }

    /// <summary>
    /// Fuses a full-text and a vector ranking of rows of this table by reciprocal rank fusion (<see cref="RankFusion"/>):
    /// the <paramref name="k"/> best, highest score first, equal scores by key (as SQLite's go by rowid).
    /// </summary>
    public List<HybridMatch<T>> Fuse<T>(IReadOnlyList<TextMatch<T>> text, IReadOnlyList<VectorNeighbor<T>> vector, Func<T, TKey> keyOf, int k, HybridSearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(vector);
        ArgumentNullException.ThrowIfNull(keyOf);
        var rowOf = new Dictionary<TKey, T>();
        foreach (TextMatch<T> match in text)
            rowOf.TryAdd(keyOf(match.Item), match.Item);
        foreach (VectorNeighbor<T> neighbor in vector)
            rowOf.TryAdd(keyOf(neighbor.Item), neighbor.Item);
        // Each row's id is its key's place in key order, so RankFusion's order among equal scores is the key's.
        var keys = new List<TKey>(rowOf.Keys);
        keys.Sort(KeyOrder);
        var idOf = new Dictionary<TKey, long>(keys.Count);
        for (int i = 0; i < keys.Count; i++)
            idOf.Add(keys[i], i);
        var textRanking = new List<long>(text.Count);
        foreach (TextMatch<T> match in text)
            textRanking.Add(idOf[keyOf(match.Item)]);
        var vectorRanking = new List<long>(vector.Count);
        foreach (VectorNeighbor<T> neighbor in vector)
            vectorRanking.Add(idOf[keyOf(neighbor.Item)]);
        var fused = new List<HybridMatch<T>>(k);
        foreach (FusedRank rank in RankFusion.Fuse(textRanking, vectorRanking, k, options))
            fused.Add(new HybridMatch<T>(rowOf[keys[(int)rank.Rowid]], rank.Score, rank.TextRank, rank.VectorRank));
        return fused;
    }

    /// <summary>Keys in order: strings by ordinal (PostgreSQL's "C" order), other keys by their own comparison.</summary>
    private static IComparer<TKey> KeyOrder => typeof(TKey) == typeof(string) ? (IComparer<TKey>)(object)StringComparer.Ordinal : Comparer<TKey>.Default;

    /// <summary>The index of <paramref name="column"/> for the rows <paramref name="lease"/> sees now: the cached one when the table's signature is the one it was loaded at, else one loaded now.</summary>
    private async ValueTask<Resident> Current(bool async, PostgreSqlReadLease lease, VectorColumn column, string loadSql, CancellationToken cancellationToken)
    {
        Signature signature = await ReadSignature(async, lease, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            if (_residents.TryGetValue(column.Column, out Resident? cached) && cached.Signature == signature)
                return cached;
        }
        // The signature was read before the rows: a write that commits from here on changes the next one.
        Resident loaded = await Load(async, lease, column, loadSql, signature, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref s_loads);
        lock (_gate)
            _residents[column.Column] = loaded;
        return loaded;
    }

    private async ValueTask<Signature> ReadSignature(bool async, PostgreSqlReadLease lease, CancellationToken cancellationToken)
    {
        using var command = lease.Command(_signatureSql);
        NpgsqlDataReader row = await Execute(async, lease, command, cancellationToken).ConfigureAwait(false);
        try
        {
            if (!(async ? await row.ReadAsync(cancellationToken).ConfigureAwait(false) : row.Read()))
                throw new InvalidOperationException("The vector signature statement returned no row.");
            return new Signature(row.GetInt64(0), row.GetInt64(1));
        }
        finally
        {
            await Close(async, row).ConfigureAwait(false);
        }
    }

    private static async ValueTask<NpgsqlDataReader> Execute(bool async, PostgreSqlReadLease lease, NpgsqlCommand command, CancellationToken cancellationToken) =>
        async ? await lease.ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false) : lease.ExecuteReader(command);

    /// <summary>Disposes a reader the sync or the async way (disposing reads what is left of its results).</summary>
    private static ValueTask Close(bool async, NpgsqlDataReader reader)
    {
        if (async)
            return reader.DisposeAsync();
        reader.Dispose();
        return default;
    }

    private async ValueTask<Resident> Load(bool async, PostgreSqlReadLease lease, VectorColumn column, string loadSql, Signature signature, CancellationToken cancellationToken)
    {
        IVectorIndex index = _options.VectorBackend == VectorBackend.Quantized
            ? new BinaryQuantizedIndex(column.Dimensions, column.Metric, _options.QuantizedOversample)
            : new ExactVectorIndex(column.Dimensions, column.Metric);
        var keys = new List<TKey>();
        using var command = lease.Command(loadSql);
        NpgsqlDataReader row = await Execute(async, lease, command, cancellationToken).ConfigureAwait(false);
        try
        {
            int vector = row.FieldCount - 1;
            while (async ? await row.ReadAsync(cancellationToken).ConfigureAwait(false) : row.Read())
            {
                TKey key = _readKey(row);
                byte[] blob = row.GetFieldValue<byte[]>(vector);
                try
                {
                    index.Upsert(keys.Count, VectorColumn.Components(blob)); // the index copies them
                }
                catch (ArgumentException error)
                {
                    // Only another writer can have stored this (the generated writes check every vector).
                    throw new SqliteGenException($"The row of {column.Table} with key {key} holds a vector in {column.Column} that cannot be searched: {error.Message}", error);
                }
                keys.Add(key);
            }
        }
        finally
        {
            await Close(async, row).ConfigureAwait(false);
        }
        return new Resident(index, keys.ToArray(), signature);
    }

    private async ValueTask<HashSet<TKey>> Keys(bool async, PostgreSqlReadLease lease, string sql, Action<NpgsqlParameterCollection>? bind, CancellationToken cancellationToken)
    {
        using var command = lease.Command(sql);
        bind?.Invoke(command.Parameters);
        NpgsqlDataReader row = await Execute(async, lease, command, cancellationToken).ConfigureAwait(false);
        try
        {
            var keys = new HashSet<TKey>();
            while (async ? await row.ReadAsync(cancellationToken).ConfigureAwait(false) : row.Read())
                keys.Add(_readKey(row));
            return keys;
        }
        finally
        {
            await Close(async, row).ConfigureAwait(false);
        }
    }

    /// <summary>The rows of <paramref name="matches"/>, in their order, read by key in one round trip; whether one was missing.</summary>
    private async ValueTask<(List<VectorNeighbor<T>> Rows, bool Missing)> ReadRows<T>(bool async, PostgreSqlReadLease lease, TKey[] keys, IReadOnlyList<VectorMatch> matches, Func<NpgsqlDataReader, T> readRow, CancellationToken cancellationToken)
    {
        var rows = new List<VectorNeighbor<T>>(matches.Count);
        if (matches.Count == 0)
            return (rows, false);
        using var batch = new NpgsqlBatch(lease.Connection, lease.Transaction);
        foreach (VectorMatch match in matches)
        {
            var find = new NpgsqlBatchCommand(_findSql);
            _bindKey(find.Parameters, keys[(int)match.Key]);
            batch.BatchCommands.Add(find);
        }
        bool missing = false;
        NpgsqlDataReader row = await lease.ExecuteBatchReader(async, batch, cancellationToken).ConfigureAwait(false);
        try
        {
            for (int i = 0; i < matches.Count; i++)
            {
                if (i > 0 && !(async ? await row.NextResultAsync(cancellationToken).ConfigureAwait(false) : row.NextResult()))
                    throw new InvalidOperationException("A read of the nearest rows returned fewer results than it sent statements.");
                if (async ? await row.ReadAsync(cancellationToken).ConfigureAwait(false) : row.Read())
                    rows.Add(new VectorNeighbor<T>(readRow(row), matches[i].Distance));
                else
                    missing = true;
            }
        }
        finally
        {
            await Close(async, row).ConfigureAwait(false);
        }
        return (rows, missing);
    }

    /// <summary>A table's row count and the XOR of its row versions' hashes: any committed change changes it.</summary>
    private readonly record struct Signature(long Rows, long Versions);

    /// <summary>A loaded index, its rows' keys by position, and the signature read before it was loaded.</summary>
    private sealed record Resident(IVectorIndex Index, TKey[] Keys, Signature Signature);
}
