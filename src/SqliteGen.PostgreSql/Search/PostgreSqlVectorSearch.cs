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
/// every row any writer inserts, updates or deletes, and every TRUNCATE, in the writer's transaction. A shared index is
/// <i>exact at</i> a snapshot (<c>pg_current_snapshot()</c>): it holds each row's vector as that snapshot sees it. Before
/// each search, one statement reads, in one snapshot S, the snapshot itself and the log's entries the index's snapshot B
/// had not seen (through the log's index, from B's xmin: a transaction that commits after a later one is still unseen by
/// B, so it is not missed), with each changed key's row as S sees it: O(changed rows), nothing when nothing changed. A
/// TRUNCATE, or a prune of entries B had not seen, loads the index again (one statement too: the rows and the snapshot
/// they were read in).
/// </para>
/// <para>
/// <b>Concurrency: the invariant.</b> A search sees every change committed before it began, and never a vector older
/// than one the index already held. The round trips run outside the column's lock (<see cref="Column.Gate"/>), so the
/// searches of a column read the log at the same time; the lock is held only to apply what was read and to search
/// (memory work: the exact index's scan uses every core already). Under it, what a search read in S after B goes to the
/// index, now exact at C, only when B &lt;= C &lt;= S (snapshots ordered by what they see, <see cref="PgSnapshot.Covers"/>):
/// the entries after B hold every key changed after C, each as S sees it, so the index is then exact at S. When C is
/// already S or newer, the search uses the index as it is (C sees everything S does, so everything committed before the
/// search began) and what it read is dropped: a read older than the index never overwrites it. A load replaces the index
/// only when its snapshot is newer. Otherwise (C not after B, or C and S not ordered: snapshots PostgreSQL took one after
/// the other always are, and an index's only moves forward) the search reads the log again after C. A transaction that has an id sees its own id as ended
/// in its snapshot; the index remembers that snapshot without it (<see cref="PgSnapshot.Without"/>), so the
/// transaction's later writes are read when they commit. A table without the triggers (a database made before them, or
/// with them disabled) is loaded again for every search.
/// </para>
/// <para>
/// <b>Transactions.</b> Inside a write transaction that changed the table itself (its own entries are in the log), or at
/// an isolation level above read committed, the search runs on an index loaded for it alone (its own rows, its snapshot);
/// otherwise it uses and advances the shared one. A first load inside a transaction that has an id (it wrote, perhaps to
/// this table) is its search's alone too.
/// </para>
/// <para>
/// <b>Order.</b> An index holds an integer key's row under the key itself, and other keys under their place in key order
/// at the load (later inserts after them), so equal distances come by key: for an integer key, SQLite's rowid order. The
/// load's rows keep its ORDER BY through the composed statement (<see cref="Composed"/>): a join on <c>true</c> with one
/// row is a nested loop, which returns the other side's rows in their order.
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
            for (int moves = 0; found is null;)
            {
                Tenancy.TenantLocation? at = lease.TenantLocation;
                Column state = StateOf(at, column, moves);
                // The round trips run outside the gate: searches of one column read the log at the same time.
                if (await Read(async, lease, at, state, column, loadSql, changesSql, cancellationToken).ConfigureAwait(false) is not { } reading)
                {
                    moves++; // the tenant was found moved meanwhile: once more, on the index of where it is now
                    continue;
                }
                if (reading.Alone)
                {
                    (found, matches) = Search(lease, column, reading.Loaded!, query.Span, k, keys);
                    break;
                }
                if (async)
                    await state.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                else
                    state.Gate.Wait(cancellationToken);
                try
                {
                    // Null: the shared index moved on to where this read does not apply; read again after it.
                    if (Settle(state, reading, column) is { } resident)
                        (found, matches) = Search(lease, column, resident, query.Span, k, keys);
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

    /// <summary>The keys of the <paramref name="k"/> nearest of <paramref name="resident"/> (only <paramref name="keys"/>' when given), nearest first.</summary>
    private static (TKey[] Keys, IReadOnlyList<VectorMatch> Matches) Search(PostgreSqlReadLease lease, VectorColumn column, Resident resident, ReadOnlySpan<float> query, int k, HashSet<TKey>? keys)
    {
        VectorSearchProbe.Note(VectorSearchProbe.Stage.Searched, lease.Connection, column, resident.Snapshot);
        Func<long, bool>? allowed = keys is null ? null : position => keys.Contains(resident.KeyAt[position]);
        IReadOnlyList<VectorMatch> matches = resident.Index.Nearest(query, k, allowed);
        var found = new TKey[matches.Count];
        for (int i = 0; i < found.Length; i++)
            found[i] = resident.KeyAt[matches[i].Key];
        return (found, matches);
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
    /// Reads, outside the gate, what brings <paramref name="state"/>'s shared index up to date for the rows
    /// <paramref name="lease"/> sees now: the log's entries the index's snapshot had not seen with their rows (or the whole
    /// column when there is no index yet, or the log says to load again), or an index loaded for this search alone (a
    /// transaction with its own changes to the table, a snapshot older than a statement's, a table without the
    /// triggers). Null when a tenant's statement found the tenant moved from <paramref name="at"/> (it ran where the tenant
    /// is now, so what it read is not for <paramref name="state"/>, which is left as it was).
    /// </summary>
    private async ValueTask<Reading?> Read(bool async, PostgreSqlReadLease lease, Tenancy.TenantLocation? at, Column state, VectorColumn column, string loadSql, string changesSql, CancellationToken cancellationToken)
    {
        PgSnapshot? basis = state.Shared?.Snapshot;
        VectorSearchProbe.Note(VectorSearchProbe.Stage.Reading, lease.Connection, column, basis);
        if (basis is null)
        {
            (Resident first, Head head) = await Load(async, lease, state, column, loadSql, cancellationToken).ConfigureAwait(false);
            VectorSearchProbe.Note(VectorSearchProbe.Stage.Read, lease.Connection, column, head.Snapshot);
            if (Moved(lease, at))
                return null;
            // Shared when later changes will reach it (the triggers are there) and it holds no one's uncommitted rows (a
            // transaction that wrote may have written this table).
            return new Reading(head.Snapshot, null, first, null, Alone: !head.Sharable || head.OwnId is not null);
        }

        using var command = lease.Command(state.ChangesRead ??= Composed(changesSql));
        command.Parameters.Add(new NpgsqlParameter { Value = basis.Text, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        NpgsqlDataReader row = await Execute(async, lease, command, cancellationToken).ConfigureAwait(false);
        Head read;
        var changed = new List<(TKey Key, byte[]? Vector)>();
        bool own = false, reload = false;
        try
        {
            read = await First(async, row, lease, cancellationToken).ConfigureAwait(false);
            int vector = row.FieldCount - Trailing - 2, kind = row.FieldCount - Trailing - 1;
            do
            {
                switch (row.IsDBNull(kind) ? null : row.GetString(kind))
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
            while (async ? await row.ReadAsync(cancellationToken).ConfigureAwait(false) : row.Read());
        }
        finally
        {
            await Close(async, row).ConfigureAwait(false);
        }
        VectorSearchProbe.Note(VectorSearchProbe.Stage.Read, lease.Connection, column, read.Snapshot);
        if (Moved(lease, at))
            return null;
        if (own || !read.Sharable || reload)
        {
            // The table's own rows of this transaction, or a snapshot the shared index cannot be brought to: this search
            // alone. A TRUNCATE, or a prune of entries the index had not seen: the shared index again, whole.
            (Resident again, Head head) = await Load(async, lease, state, column, loadSql, cancellationToken).ConfigureAwait(false);
            if (Moved(lease, at))
                return null;
            return new Reading(head.Snapshot, null, again, null, Alone: own || !read.Sharable);
        }
        return new Reading(read.Snapshot, basis, null, changed, Alone: false);
    }

    /// <summary>
    /// Under the gate: the index a search with <paramref name="reading"/> searches, <paramref name="state"/>'s shared one
    /// brought up to <paramref name="reading"/> when it is older; null when what was read cannot bring it there (read
    /// again). The shared index is exact at its snapshot, so: a load replaces it only when newer; changes read after
    /// snapshot B at snapshot S apply to an index at C only when B &lt;= C &lt;= S (they hold every key changed after C,
    /// each as of S, so the index is then exact at S); an index at S or newer is searched as it is (it holds every change
    /// committed before this search began, as S does).
    /// </summary>
    private static Resident? Settle(Column state, Reading reading, VectorColumn column)
    {
        Resident? current = state.Shared;
        if (reading.Loaded is { } loaded)
        {
            if (current is not null && current.Snapshot.Covers(loaded.Snapshot))
                return current;
            state.Shared = loaded;
            return loaded;
        }
        if (current is null)
            return null;
        if (current.Snapshot.Covers(reading.Snapshot))
            return current;
        if (!current.Snapshot.Covers(reading.Basis!) || !reading.Snapshot.Covers(current.Snapshot))
            return null;
        foreach ((TKey key, byte[]? blob) in reading.Changed!)
            current.Apply(key, blob, column);
        Interlocked.Add(ref s_changes, reading.Changed!.Count);
        current.Snapshot = reading.Snapshot;
        return current;
    }

    /// <summary>
    /// <paramref name="sql"/> (a load or changes statement) and the snapshot statement as one statement, so its rows are
    /// read in the snapshot it returns (each row ends with the snapshot statement's columns and the transaction's id, if it
    /// has one; a statement without rows still returns one, its own columns NULL).
    /// </summary>
    private string Composed(string sql) =>
        $"SELECT r.*, s.*, pg_current_xact_id_if_assigned()::text FROM ({_snapshotSql}) AS s LEFT JOIN ({sql}) AS r ON true";

    /// <summary>The columns <see cref="Composed"/> adds after a statement's own: the snapshot, whether the transaction has an id, its isolation level, whether the trigger is there, the id.</summary>
    private const int Trailing = 5;

    /// <summary>
    /// The snapshot a composed statement read in (as the shared index may remember it: without the reading transaction's
    /// own id, which its snapshot shows as ended), whether the shared index may take what it read (the triggers are there,
    /// and the snapshot is the statement's own: read committed, or no transaction), and the transaction's id, if any.
    /// </summary>
    private readonly record struct Head(PgSnapshot Snapshot, bool Sharable, ulong? OwnId);

    /// <summary>Moves to a composed statement's first row (there is always one) and reads its trailing columns.</summary>
    private static async ValueTask<Head> First(bool async, NpgsqlDataReader row, PostgreSqlReadLease lease, CancellationToken cancellationToken)
    {
        if (!(async ? await row.ReadAsync(cancellationToken).ConfigureAwait(false) : row.Read()))
            throw new InvalidOperationException("A vector search read returned no row.");
        int at = row.FieldCount - Trailing;
        PgSnapshot snapshot = PgSnapshot.Parse(row.GetString(at));
        bool readCommitted = row.GetString(at + 2) == "read committed";
        bool tracked = row.GetBoolean(at + 3);
        ulong? ownId = row.IsDBNull(at + 4) ? null : ulong.Parse(row.GetString(at + 4), System.Globalization.CultureInfo.InvariantCulture);
        // Outside a transaction the statement's snapshot is the present, whatever the isolation level; inside one above
        // read committed, it is the transaction's, which may be older than the shared index.
        return new Head(ownId is { } id ? snapshot.Without(id) : snapshot, tracked && (readCommitted || lease.Transaction is null), ownId);
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

    /// <summary>A new index of the whole column, loaded in the snapshot the same statement returns.</summary>
    private async ValueTask<(Resident Index, Head Head)> Load(bool async, PostgreSqlReadLease lease, Column state, VectorColumn column, string loadSql, CancellationToken cancellationToken)
    {
        using var command = lease.Command(state.LoadRead ??= Composed(loadSql));
        NpgsqlDataReader row = await Execute(async, lease, command, cancellationToken).ConfigureAwait(false);
        try
        {
            Head head = await First(async, row, lease, cancellationToken).ConfigureAwait(false);
            IVectorIndex index = _options.VectorBackend == VectorBackend.Quantized
                ? new BinaryQuantizedIndex(column.Dimensions, column.Metric, _options.QuantizedOversample)
                : new ExactVectorIndex(column.Dimensions, column.Metric);
            var resident = new Resident(index, head.Snapshot);
            int vector = row.FieldCount - Trailing - 1;
            do
            {
                if (!row.IsDBNull(vector)) // NULL: the one row of an empty table (the load reads only rows with a vector)
                    resident.Apply(_readKey(row), row.GetFieldValue<byte[]>(vector), column);
            }
            while (async ? await row.ReadAsync(cancellationToken).ConfigureAwait(false) : row.Read());
            Interlocked.Increment(ref s_loads);
            _tenants?.Loaded();
            return (resident, head);
        }
        finally
        {
            await Close(async, row).ConfigureAwait(false);
        }
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

    /// <summary>
    /// A column's shared index (null until the first search loads it), the gate its updates and searches take (never across
    /// a round trip), and its composed statements.
    /// </summary>
    private sealed class Column
    {
        private volatile Resident? _shared;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        /// <summary>Set under <see cref="Gate"/>; read outside it for the snapshot a search reads the log after.</summary>
        public Resident? Shared
        {
            get => _shared;
            set => _shared = value;
        }

        public string? LoadRead { get; set; }

        public string? ChangesRead { get; set; }
    }

    /// <summary>
    /// What a search read outside the gate: changes (<paramref name="Changed"/>, the log's entries after
    /// <paramref name="Basis"/> with their rows) or a whole index (<paramref name="Loaded"/>), read in
    /// <paramref name="Snapshot"/>; <paramref name="Alone"/>: the index is this search's only.
    /// </summary>
    private sealed record Reading(PgSnapshot Snapshot, PgSnapshot? Basis, Resident? Loaded, List<(TKey Key, byte[]? Vector)>? Changed, bool Alone);

    /// <summary>
    /// A loaded index, the keys of its positions (an integer key's position is the key; another key's is its place in the
    /// order it was added, the load's being key order), and the snapshot it is exact at: it holds each row's vector as that
    /// snapshot sees it.
    /// </summary>
    private sealed class Resident(IVectorIndex index, PgSnapshot snapshot)
    {
        private readonly Dictionary<TKey, long> _positionOf = new();
        private long _next;
        private volatile PgSnapshot _snapshot = snapshot;

        public IVectorIndex Index { get; } = index;

        public Dictionary<long, TKey> KeyAt { get; } = new();

        /// <summary>The snapshot it is exact at: set under the column's gate, read outside it.</summary>
        public PgSnapshot Snapshot
        {
            get => _snapshot;
            set => _snapshot = value;
        }

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
