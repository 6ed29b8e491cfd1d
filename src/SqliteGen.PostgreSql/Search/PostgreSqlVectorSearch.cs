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
/// <b>Current for every writer.</b> The table's triggers (<c>PostgreSqlDialect.CreateVectorTriggers</c>) log the key of
/// every row any writer inserts, updates or deletes, and every TRUNCATE, in the writer's transaction. An index remembers
/// the snapshot (<c>pg_current_snapshot()</c>) taken before it was loaded or last brought up to date; before each search,
/// one round trip takes a new snapshot and reads the log's entries the remembered one did not see (through the log's
/// index, from its xmin: a transaction that commits after a later one is still unseen by it, so it is not missed), with
/// each changed key's row as it is now, and applies them: O(changed rows), nothing when nothing changed. A TRUNCATE, or a
/// prune of entries the snapshot had not seen, loads the index again.
/// </para>
/// <para>
/// <b>Transactions.</b> Inside a write transaction that changed the table itself (its own entries are in the log), or at
/// an isolation level above read committed, the search runs on an index loaded for it alone (its own rows, its snapshot);
/// otherwise it uses and advances the shared one. A snapshot is remembered only when the reading transaction has no
/// transaction id (it wrote nothing), so its own later writes cannot hide behind it.
/// </para>
/// <para>
/// <b>Order.</b> An index holds an integer key's row under the key itself, and other keys under their place in key order
/// at the load (later inserts after them), so equal distances come by key: for an integer key, SQLite's rowid order.
/// </para>
/// <para>
/// <b>Concurrency.</b> Bringing an index up to date and searching it run under one lock per column (the exact index's
/// scan uses every core already); the rows are read outside it. A table without the triggers (a database made before
/// them, or with them disabled) is loaded again for every search.
/// </para>
/// <para>
/// <b>Tenants.</b> A tenant's table (its source a <see cref="Tenancy.PostgreSqlTenantSource"/> or one of its write
/// transactions) keeps its indexes in the directory's <see cref="Tenancy.TenantVectorIndexes"/>, one per place the tenant
/// is found (server, schema, epoch), each kept current from the change log of that schema exactly as a database's: the
/// statements are the same text, run with <c>search_path</c> set to the tenant's schema. A statement that found the
/// tenant moved ran again where it is now (<see cref="Tenancy.TenantDirectory"/>'s operations): what it read is not
/// applied to the index of the old place, and the search starts again on the index of the new one.
/// </para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PostgreSqlVectorSearch<TKey>
    where TKey : notnull
{
    private readonly Dictionary<string, Column> _columns = new(StringComparer.Ordinal);
    private readonly string _snapshotSql;
    private readonly string _findSql;
    private readonly Func<NpgsqlDataReader, TKey> _readKey;
    private readonly Action<NpgsqlParameterCollection, TKey> _bindKey;
    private readonly SqliteGenOptions _options;
    private readonly string _table;
    private readonly Tenancy.TenantVectorIndexes? _tenants;
    private static int s_loads;
    private static int s_changes;

    private PostgreSqlVectorSearch(string table, string snapshotSql, string findSql, Func<NpgsqlDataReader, TKey> readKey, Action<NpgsqlParameterCollection, TKey> bindKey, SqliteGenOptions options, Tenancy.TenantVectorIndexes? tenants)
    {
        _table = table;
        _snapshotSql = snapshotSql;
        _findSql = findSql;
        _readKey = readKey;
        _bindKey = bindKey;
        _options = options;
        _tenants = tenants;
    }

    /// <summary>
    /// The vector search of <paramref name="table"/> on <paramref name="source"/>'s database: made on first use, then shared
    /// by every table object of that database (its write transactions' too). On a tenant's source, a search whose indexes
    /// are the directory's, per place the tenant is found.
    /// </summary>
    /// <param name="source">The generated table's source: the database, a tenant, or a write transaction of either.</param>
    /// <param name="table">The table's name.</param>
    /// <param name="snapshotSql">
    /// The snapshot's text, whether the transaction has an id, its isolation level, and whether the table's change trigger
    /// is in place and enabled (<c>PostgreSqlDialect.VectorSnapshot</c>).
    /// </param>
    /// <param name="findSql">The row with the key in the first parameters (the table's <c>Find</c> statement).</param>
    /// <param name="readKey">Reads the key from the first columns of a row of a load, changes or filter statement.</param>
    /// <param name="bindKey">Adds a key as <paramref name="findSql"/>'s parameters.</param>
    public static PostgreSqlVectorSearch<TKey> For(PostgreSqlSource source, string table, string snapshotSql, string findSql, Func<NpgsqlDataReader, TKey> readKey, Action<NpgsqlParameterCollection, TKey> bindKey)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Tenant is { } tenant)
            return new PostgreSqlVectorSearch<TKey>(table, snapshotSql, findSql, readKey, bindKey, tenant.Options, tenant.Directory.VectorIndexes);
        PostgreSqlDatabase database = source.Database;
        return database.Attachment("sqlitegen-vectors:" + table, () => new PostgreSqlVectorSearch<TKey>(table, snapshotSql, findSql, readKey, bindKey, database.Options, null));
    }

    /// <summary>The hybrid-search settings of the database's options.</summary>
    public HybridSearchOptions HybridOptions => _options.HybridSearch;

    /// <summary>How many times an index keyed by <typeparamref name="TKey"/> was loaded whole, by any database (for tests: an unchanged table is not loaded again).</summary>
    internal static int Loads => Volatile.Read(ref s_loads);

    /// <summary>How many logged changes indexes keyed by <typeparamref name="TKey"/> applied, by any database (for tests: a change costs its rows, not a load).</summary>
    internal static int Changes => Volatile.Read(ref s_changes);

    /// <summary>
    /// The rows of the <paramref name="k"/> vectors of <paramref name="column"/> nearest to <paramref name="query"/> (checked
    /// by the caller), nearest first, equal distances by key. <paramref name="filterSql"/>, when given, selects the keys of
    /// the rows a search may return, its parameters added by <paramref name="bindFilter"/>.
    /// </summary>
    /// <param name="lease">The connection the search runs on.</param>
    /// <param name="column">The vector column.</param>
    /// <param name="loadSql">Every row's key and the column's vector, for the rows with one, by key.</param>
    /// <param name="changesSql">The logged changes since the snapshot in <c>$1</c> (<c>PostgreSqlDialect.VectorChanges</c>).</param>
    /// <param name="query">The query vector.</param>
    /// <param name="k">How many rows, at most.</param>
    /// <param name="filterSql">The keys the filter allows, or null for no filter.</param>
    /// <param name="bindFilter">Adds <paramref name="filterSql"/>'s parameters.</param>
    /// <param name="readRow">Reads a row of <see cref="For"/>'s <c>findSql</c>.</param>
    public List<VectorNeighbor<T>> Nearest<T>(PostgreSqlReadLease lease, VectorColumn column, string loadSql, string changesSql, ReadOnlyMemory<float> query, int k, string? filterSql, Action<NpgsqlParameterCollection>? bindFilter, Func<NpgsqlDataReader, T> readRow) =>
        NearestCore(async: false, lease, column, loadSql, changesSql, query, k, filterSql, bindFilter, readRow, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc cref="Nearest"/>
    public ValueTask<List<VectorNeighbor<T>>> NearestAsync<T>(PostgreSqlReadLease lease, VectorColumn column, string loadSql, string changesSql, ReadOnlyMemory<float> query, int k, string? filterSql, Action<NpgsqlParameterCollection>? bindFilter, Func<NpgsqlDataReader, T> readRow, CancellationToken cancellationToken) =>
        NearestCore(async: true, lease, column, loadSql, changesSql, query, k, filterSql, bindFilter, readRow, cancellationToken);

    /// <summary>
    /// The sync and async forms in one body: with <paramref name="async"/> false every call is synchronous, so the returned
    /// ValueTask is already complete.
    /// </summary>
    private async ValueTask<List<VectorNeighbor<T>>> NearestCore<T>(bool async, PostgreSqlReadLease lease, VectorColumn column, string loadSql, string changesSql, ReadOnlyMemory<float> query, int k, string? filterSql, Action<NpgsqlParameterCollection>? bindFilter, Func<NpgsqlDataReader, T> readRow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(readRow);
        for (int attempt = 0; ; attempt++)
        {
            HashSet<TKey>? keys = filterSql is null ? null : await Keys(async, lease, filterSql, bindFilter, cancellationToken).ConfigureAwait(false);
            TKey[]? found = null;
            IReadOnlyList<VectorMatch> matches = [];
            for (int moves = 0; found is null; moves++)
            {
                Tenancy.TenantLocation? at = lease.TenantLocation;
                Column state = StateOf(at, column, moves);
                if (async)
                    await state.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                else
                    state.Gate.Wait(cancellationToken);
                try
                {
                    // Null: the tenant was found moved meanwhile; once more, on the index of where it is now.
                    if (await Current(async, lease, at, state, column, loadSql, changesSql, cancellationToken).ConfigureAwait(false) is not { } resident)
                        continue;
                    Func<long, bool>? allowed = keys is null ? null : position => keys.Contains(resident.KeyAt[position]);
                    matches = resident.Index.Nearest(query.Span, k, allowed);
                    found = new TKey[matches.Count];
                    for (int i = 0; i < found.Length; i++)
                        found[i] = resident.KeyAt[matches[i].Key];
                }
                finally
                {
                    state.Gate.Release();
                }
            }
            (List<VectorNeighbor<T>> rows, bool missing) = await ReadRows(async, lease, found, matches, readRow, cancellationToken).ConfigureAwait(false);
            // A row gone between the index's snapshot and the read was deleted meanwhile: once more, on the index brought up
            // to date; a second miss is left out (another delete, after this search began).
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

    /// <summary>
    /// The state of <paramref name="column"/>'s index: the database's, or for a tenant the directory's for the place
    /// <paramref name="at"/> the tenant's statements run (<paramref name="moves"/>: how many times this search found the
    /// tenant moved already).
    /// </summary>
    private Column StateOf(Tenancy.TenantLocation? at, VectorColumn column, int moves)
    {
        if (_tenants is null)
        {
            lock (_columns)
            {
                if (!_columns.TryGetValue(column.Column, out Column? state))
                    _columns.Add(column.Column, state = new Column());
                return state;
            }
        }
        Tenancy.TenantLocation location = at ?? throw new InvalidOperationException($"A vector search of {_table} on a tenant has no tenant location.");
        // Each move found is the directory's answer to a move that happened during this search: a few in a row mean the
        // tenant is being moved back and forth, and the caller may try again.
        if (moves > 3)
            throw new Tenancy.TenantBusyException(location.TenantId, location.Server, $"Tenant '{location.TenantId}' moved {moves} times during one vector search of {_table}: try again.");
        return _tenants.GetOrAdd(new Tenancy.TenantVectorIndexes.Key(location, _table, column.Column, typeof(TKey)), static () => new Column());
    }

    /// <summary>Whether the tenant's statements now run somewhere other than <paramref name="at"/> (a move was found): never for a database.</summary>
    private bool Moved(PostgreSqlReadLease lease, Tenancy.TenantLocation? at) => _tenants is not null && lease.TenantLocation != at;

    /// <summary>Keys in order: strings by ordinal (PostgreSQL's "C" order), other keys by their own comparison.</summary>
    private static IComparer<TKey> KeyOrder => typeof(TKey) == typeof(string) ? (IComparer<TKey>)(object)StringComparer.Ordinal : Comparer<TKey>.Default;

    /// <summary>
    /// The index of <paramref name="column"/> for the rows <paramref name="lease"/> sees now: the shared one brought up to
    /// date from the log (loaded first when there is none, or when the log says to), or one loaded for this search alone (a
    /// transaction with its own changes to the table, a snapshot older than a statement's, a table without the triggers).
    /// Null when a tenant's statement found the tenant moved from <paramref name="at"/> (it ran where the tenant is now, so
    /// what it read is not for <paramref name="state"/>, which is left as it was). The caller holds the column's gate.
    /// </summary>
    private async ValueTask<Resident?> Current(bool async, PostgreSqlReadLease lease, Tenancy.TenantLocation? at, Column state, VectorColumn column, string loadSql, string changesSql, CancellationToken cancellationToken)
    {
        Resident? shared = state.Shared;
        using var batch = new NpgsqlBatch(lease.Connection, lease.Transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(_snapshotSql));
        // The snapshot is taken before the rows are read, so what the next search reads from it covers everything this
        // one's rows may miss (a change read twice is applied twice, to the same end).
        var next = new NpgsqlBatchCommand(shared is null ? loadSql : changesSql);
        if (shared is not null)
            next.Parameters.Add(new NpgsqlParameter { Value = shared.Snapshot, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        batch.BatchCommands.Add(next);
        NpgsqlDataReader row = await lease.ExecuteBatchReader(async, batch, cancellationToken).ConfigureAwait(false);
        string snapshot;
        bool hasTransactionId, readCommitted, tracked;
        Resident? loaded = null;
        var changed = new List<(TKey Key, byte[]? Vector)>();
        bool own = false, reload = false;
        try
        {
            if (!(async ? await row.ReadAsync(cancellationToken).ConfigureAwait(false) : row.Read()))
                throw new InvalidOperationException("The vector snapshot statement returned no row.");
            snapshot = row.GetString(0);
            hasTransactionId = row.GetBoolean(1);
            readCommitted = row.GetString(2) == "read committed";
            tracked = row.GetBoolean(3);
            if (!(async ? await row.NextResultAsync(cancellationToken).ConfigureAwait(false) : row.NextResult()))
                throw new InvalidOperationException("A vector search read returned fewer results than it sent statements.");
            if (shared is null)
            {
                loaded = await Fill(async, row, column, snapshot, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                int vector = row.FieldCount - 2, kind = row.FieldCount - 1;
                while (async ? await row.ReadAsync(cancellationToken).ConfigureAwait(false) : row.Read())
                {
                    switch (row.GetString(kind))
                    {
                        case "k":
                            changed.Add((_readKey(row), row.IsDBNull(vector) ? null : row.GetFieldValue<byte[]>(vector)));
                            break;
                        case "o":
                            own = true;
                            break;
                        case "r":
                            reload = true;
                            break;
                    }
                }
            }
        }
        finally
        {
            await Close(async, row).ConfigureAwait(false);
        }

        if (Moved(lease, at))
            return null;
        // Outside a transaction both statements see the present, whatever the isolation level; inside one above read
        // committed, the transaction's snapshot may be older than the shared index.
        bool sharable = tracked && (readCommitted || lease.Transaction is null);
        if (loaded is not null)
        {
            // A first load: kept when later changes will reach it (the triggers are there) and it holds no one's uncommitted rows.
            if (sharable && !hasTransactionId)
                state.Shared = loaded;
            return loaded;
        }
        if (own || !sharable)
            return await Load(async, lease, column, loadSql, snapshot, cancellationToken).ConfigureAwait(false);
        if (reload)
        {
            Resident again = await Load(async, lease, column, loadSql, snapshot, cancellationToken).ConfigureAwait(false);
            if (Moved(lease, at))
                return null;
            if (!hasTransactionId)
                state.Shared = again;
            return again;
        }
        foreach ((TKey key, byte[]? blob) in changed)
            shared!.Apply(key, blob, column);
        Interlocked.Add(ref s_changes, changed.Count);
        // A transaction with an id could yet log changes of its own under it: its snapshot is not remembered.
        if (!hasTransactionId)
            shared!.Snapshot = snapshot;
        return shared!;
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

    /// <summary>Loads the whole column in a statement of its own (the snapshot was taken before).</summary>
    private async ValueTask<Resident> Load(bool async, PostgreSqlReadLease lease, VectorColumn column, string loadSql, string snapshot, CancellationToken cancellationToken)
    {
        using var command = lease.Command(loadSql);
        NpgsqlDataReader row = await Execute(async, lease, command, cancellationToken).ConfigureAwait(false);
        try
        {
            return await Fill(async, row, column, snapshot, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await Close(async, row).ConfigureAwait(false);
        }
    }

    /// <summary>A new index of every row of a load statement's result.</summary>
    private async ValueTask<Resident> Fill(bool async, NpgsqlDataReader row, VectorColumn column, string snapshot, CancellationToken cancellationToken)
    {
        IVectorIndex index = _options.VectorBackend == VectorBackend.Quantized
            ? new BinaryQuantizedIndex(column.Dimensions, column.Metric, _options.QuantizedOversample)
            : new ExactVectorIndex(column.Dimensions, column.Metric);
        var resident = new Resident(index, snapshot);
        int vector = row.FieldCount - 1;
        while (async ? await row.ReadAsync(cancellationToken).ConfigureAwait(false) : row.Read())
            resident.Apply(_readKey(row), row.GetFieldValue<byte[]>(vector), column);
        Interlocked.Increment(ref s_loads);
        _tenants?.Loaded();
        return resident;
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

    /// <summary>The rows of <paramref name="matches"/> (their keys in <paramref name="keys"/>), in their order, read by key in one round trip; whether one was missing.</summary>
    private async ValueTask<(List<VectorNeighbor<T>> Rows, bool Missing)> ReadRows<T>(bool async, PostgreSqlReadLease lease, TKey[] keys, IReadOnlyList<VectorMatch> matches, Func<NpgsqlDataReader, T> readRow, CancellationToken cancellationToken)
    {
        var rows = new List<VectorNeighbor<T>>(matches.Count);
        if (matches.Count == 0)
            return (rows, false);
        using var batch = new NpgsqlBatch(lease.Connection, lease.Transaction);
        for (int i = 0; i < matches.Count; i++)
        {
            var find = new NpgsqlBatchCommand(_findSql);
            _bindKey(find.Parameters, keys[i]);
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

    /// <summary>A column's shared index (null until the first search loads it) and the gate its updates and searches take.</summary>
    private sealed class Column
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public Resident? Shared { get; set; }
    }

    /// <summary>
    /// A loaded index, the keys of its positions (an integer key's position is the key; another key's is its place in the
    /// order it was added, the load's being key order), and the snapshot it is current to (<c>pg_current_snapshot()</c>'s text).
    /// </summary>
    private sealed class Resident(IVectorIndex index, string snapshot)
    {
        private readonly Dictionary<TKey, long> _positionOf = new();
        private long _next;

        public IVectorIndex Index { get; } = index;

        public Dictionary<long, TKey> KeyAt { get; } = new();

        public string Snapshot { get; set; } = snapshot;

        /// <summary>Sets the row of <paramref name="key"/> to <paramref name="blob"/>'s vector, or removes it when null.</summary>
        public void Apply(TKey key, byte[]? blob, VectorColumn column)
        {
            if (blob is null)
            {
                if (_positionOf.Remove(key, out long gone))
                {
                    Index.Remove(gone);
                    KeyAt.Remove(gone);
                }
                return;
            }
            if (!_positionOf.TryGetValue(key, out long position))
                position = typeof(TKey) == typeof(long) ? (long)(object)key : typeof(TKey) == typeof(int) ? (int)(object)key : _next++;
            try
            {
                Index.Upsert(position, VectorColumn.Components(blob)); // the index copies them
            }
            catch (ArgumentException error)
            {
                // Only another writer can have stored this (the generated writes check every vector).
                throw new SqliteGenException($"The row of {column.Table} with key {key} holds a vector in {column.Column} that cannot be searched: {error.Message}", error);
            }
            _positionOf[key] = position;
            KeyAt[position] = key;
        }
    }
}
