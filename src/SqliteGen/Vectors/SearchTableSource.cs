using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace SqliteGen.Runtime;

/// <summary>
/// The connection source of a generated table accessor with <c>[Vector]</c> columns: it passes every call on
/// to the pool (or write transaction) it wraps, and brackets each write so that the table's resident
/// <see cref="ExactVectorIndex"/> is never used when it could miss a committed write (see
/// <see cref="TableSearchState"/>). It also loads sqlite-vec into connections when a search asks for it.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class SearchTableSource : ConnectionSource
{
    private readonly ConnectionSource _inner;
    private readonly ConnectionSource _underlying; // the pool or write transaction under any wrapping
    private readonly SearchTables _tables;
    private readonly TableSearchState _state;
    private readonly SqliteGenOptions _options;

    private SearchTableSource(ConnectionSource inner, ConnectionSource underlying, SearchTables tables, TableSearchState state)
    {
        _inner = inner;
        _underlying = underlying;
        _tables = tables;
        _state = state;
        _options = tables.Options;
    }

    /// <summary>
    /// Wraps <paramref name="source"/> for table <paramref name="table"/>. Accessors of the same table on the same
    /// pool (the database's and any write transaction's) share one state, and so one resident index per column. A
    /// source already wrapped for another table (an ad-hoc write that may change several vector tables) is seen
    /// through to its pool or transaction, so every table's shared state learns of the write.
    /// </summary>
    public static SearchTableSource Wrap(ConnectionSource source, string table)
    {
        ArgumentNullException.ThrowIfNull(source);
        ConnectionSource underlying = source is SearchTableSource wrapped ? wrapped._underlying : source;
        SqliteConnectionPool? pool = underlying switch
        {
            SqliteConnectionPool p => p,
            WriteTransaction t => t.Pool,
            _ => null,
        };
        // A source of another kind gets a state of its own: still correct for the writes made through it.
        SearchTables tables = pool is null ? new SearchTables(SqliteGenOptions.Default, null) : SearchTables.Of(pool);
        return new SearchTableSource(source, underlying, tables, tables.Table(table));
    }

    /// <summary>How many times the resident index of <paramref name="table"/> on <paramref name="pool"/> was built (for tests).</summary>
    internal static int IndexBuilds(SqliteConnectionPool pool, string table) =>
        SearchTables.Of(pool).Find(table)?.Builds ?? 0;

    /// <summary>How many writes updated the cached index of <paramref name="table"/> on <paramref name="pool"/> in place (for tests).</summary>
    internal static int IndexDeltas(SqliteConnectionPool pool, string table) =>
        SearchTables.Of(pool).Find(table)?.DeltasApplied ?? 0;

    /// <summary>How many resident indexes of <paramref name="table"/> on <paramref name="pool"/> are cached now (for tests).</summary>
    internal static int CachedIndexes(SqliteConnectionPool pool, string table) =>
        SearchTables.Of(pool).Find(table)?.CachedIndexes ?? 0;

    /// <summary>The hybrid-search settings of the database's options.</summary>
    public HybridSearchOptions HybridOptions => _options.HybridSearch;

    /// <summary>
    /// True when a search of <paramref name="column"/> runs in SQL through sqlite-vec on <paramref name="connection"/>
    /// (loading the extension into it on first use); false when it uses the resident exact index.
    /// </summary>
    /// <exception cref="SqliteGenException"><see cref="VectorBackend.SqliteVec"/> was asked for and the extension does not load.</exception>
    public bool UseSqliteVec(PooledConnection connection, VectorColumn column)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(column);
        if (_options.VectorBackend is VectorBackend.Exact or VectorBackend.Quantized)
            return false;
        if (column.Metric == VectorMetric.Dot)
            return false; // sqlite-vec has no inner-product distance: Dot columns always use the exact index
        if (_tables.TryGetSqliteVecOutcome(connection, out string? outcome))
            return ReportOutcome(outcome, column);
        string? path = SqliteVec.Find(_options.SqliteVecPath);
        string? error;
        string? version = null;
        if (path is null)
        {
            error = _options.SqliteVecPath is { Length: > 0 } configured
                ? $"sqlite-vec was not loaded: SqliteGenOptions.SqliteVecPath '{configured}' does not exist."
                : $"sqlite-vec was not loaded: no {SqliteVec.FileName} beside the application and no SqliteGenOptions.SqliteVecPath.";
        }
        else
        {
            version = SqliteVec.TryLoad(connection.Connection, path, out error);
        }
        outcome = error ?? "";
        _tables.NoteSqliteVecOutcome(connection, outcome);
        // Once per connection (the writer and each reader, at their first search), so a fallback is never silent.
        if (error is null)
            Log.SqliteVecLoaded(connection.Log.Vectors, FilePath, version ?? "?", path!);
        else
            Log.ExactVectorFallback(connection.Log.Vectors, FilePath, error + (_options.VectorBackend == VectorBackend.SqliteVec ? "" : " Searches use the exact index (same results)."));
        return ReportOutcome(outcome, column);
    }

    private bool ReportOutcome(string outcome, VectorColumn column)
    {
        if (outcome.Length == 0)
            return true;
        if (_options.VectorBackend == VectorBackend.SqliteVec)
            throw new SqliteGenException($"Vector search on {column.Table}.{column.Column} needs sqlite-vec (VectorBackend.SqliteVec), but {outcome}");
        return false;
    }

    /// <summary>
    /// The resident index of <paramref name="column"/> (exact, or binary-quantized with <see cref="VectorBackend.Quantized"/>),
    /// current for what <paramref name="connection"/> sees: the cached one when no write to the table can have
    /// committed since it was built (or the writes since then updated it), otherwise one built now from
    /// <paramref name="load"/> (<c>SELECT rowid, column ... WHERE column IS NOT NULL</c>), cached when no write was in
    /// flight while it was read.
    /// </summary>
    public IVectorIndex ResidentIndex(PooledConnection connection, VectorColumn column, Statement load) =>
        _state.ResidentIndex(connection, column, load);

    /// <summary>
    /// The <paramref name="k"/> nearest rows by the resident index of <paramref name="column"/>, each read by its rowid with
    /// <paramref name="read"/>. A row the index holds but the table no longer has was deleted without a write through
    /// this table's accessor (an <c>ON DELETE CASCADE</c> from another table): the index is dropped and the search runs
    /// once more on a fresh one.
    /// </summary>
    public List<VectorNeighbor<T>> NearestRows<T>(
        PooledConnection connection, VectorColumn column, Statement load, ReadOnlySpan<float> query, int k, Func<long, bool>? filter, RowReader<T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        long started = SqliteGenMetrics.VectorSearchDuration.Enabled ? Stopwatch.GetTimestamp() : 0;
        try
        {
            return NearestRowsCore(connection, column, load, query, k, filter, read);
        }
        finally
        {
            if (started != 0)
                SqliteGenMetrics.RecordVectorSearch(FilePath, column.Table + "." + column.Column, "exact", started);
        }
    }

    private List<VectorNeighbor<T>> NearestRowsCore<T>(
        PooledConnection connection, VectorColumn column, Statement load, ReadOnlySpan<float> query, int k, Func<long, bool>? filter, RowReader<T> read)
    {
        for (int attempt = 0; ; attempt++)
        {
            IReadOnlyList<VectorMatch> matches = ResidentIndex(connection, column, load).Nearest(query, k, filter);
            var rows = new List<VectorNeighbor<T>>(matches.Count);
            bool missing = false;
            foreach (VectorMatch match in matches)
            {
                if (read(connection, match.Key, out T? item))
                    rows.Add(new VectorNeighbor<T>(item, match.Distance));
                else
                    missing = true;
            }
            if (!missing || attempt > 0)
                return rows;
            Invalidate(column);
        }
    }

    /// <summary>Drops the resident index of <paramref name="column"/>: the next search builds it again.</summary>
    public void Invalidate(VectorColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        _state.Invalidate(column.Column);
    }

    /// <inheritdoc/>
    public override string FilePath => _inner.FilePath;

    /// <inheritdoc/>
    public override ConnectionLease RentReader() => _inner.RentReader();

    /// <inheritdoc/>
    public override ValueTask<ConnectionLease> RentReaderAsync(CancellationToken cancellationToken) => _inner.RentReaderAsync(cancellationToken);

    /// <inheritdoc/>
    public override ConnectionLease RentWriter() => _inner.RentWriter();

    /// <inheritdoc/>
    public override ValueTask<ConnectionLease> RentWriterAsync(CancellationToken cancellationToken) => _inner.RentWriterAsync(cancellationToken);

    /// <summary>
    /// Runs the write with a <see cref="VectorChanges"/> on the writer connection for the generated code to note its
    /// rows in; once the write has committed, the notes bring the cached index up to date (when it was current
    /// before the write: see <see cref="TableSearchState.EndWrite"/>). Writes inside a transaction note nothing: they
    /// commit later, and the transaction's end retires the index as before.
    /// </summary>
    public override TResult Write<TState, TResult>(TState state, WriteOperation<TState, TResult> operation)
    {
        long begun = _state.BeginWrite(_underlying);
        VectorChanges? committed = null;
        try
        {
            if (_inner is not SqliteConnectionPool)
                return _inner.Write(state, operation);
            var changes = new VectorChanges();
            TResult result = _inner.Write((state, operation, changes), static (connection, noted) => Noting(connection, noted.state, noted.operation, noted.changes));
            committed = changes;
            return result;
        }
        finally
        {
            _state.EndWrite(begun, committed);
        }
    }

    /// <inheritdoc cref="Write{TState, TResult}"/>
    public override async ValueTask<TResult> WriteAsync<TState, TResult>(TState state, WriteOperation<TState, TResult> operation, CancellationToken cancellationToken)
    {
        long begun = _state.BeginWrite(_underlying);
        VectorChanges? committed = null;
        try
        {
            if (_inner is not SqliteConnectionPool)
                return await _inner.WriteAsync(state, operation, cancellationToken).ConfigureAwait(false);
            var changes = new VectorChanges();
            TResult result = await _inner.WriteAsync((state, operation, changes), static (connection, noted) => Noting(connection, noted.state, noted.operation, noted.changes), cancellationToken).ConfigureAwait(false);
            committed = changes;
            return result;
        }
        finally
        {
            _state.EndWrite(begun, committed);
        }
    }

    /// <summary>
    /// Runs <paramref name="operation"/> on the writer with <paramref name="changes"/> in the connection's per-write slot,
    /// where the generated code finds it (<see cref="VectorChanges.Of"/>).
    /// </summary>
    private static TResult Noting<TState, TResult>(PooledConnection connection, TState state, WriteOperation<TState, TResult> operation, VectorChanges changes)
    {
        connection.WriteNotes = changes;
        try
        {
            return operation(connection, state);
        }
        finally
        {
            connection.WriteNotes = null;
        }
    }

    internal override void Return(PooledConnection connection) => _inner.Return(connection);
}

/// <summary>
/// The vector search state of one pool: each table's <see cref="TableSearchState"/> (its resident indexes) and which
/// connections have sqlite-vec loaded. Kept beside the pool (<see cref="SqliteConnectionPool.Attachment{T}"/>), so
/// accessors of one table on one pool (the database's and each write transaction's) share one state; closing the pool
/// drops the resident indexes.
/// </summary>
internal sealed class SearchTables : IDisposable
{
    private readonly ConcurrentDictionary<string, TableSearchState> _tables = new(StringComparer.Ordinal);
    private readonly ConditionalWeakTable<PooledConnection, string> _sqliteVecLoaded = new();
    private readonly SqliteConnectionPool? _pool;

    /// <param name="options">The pool's options (which resident index to keep, where sqlite-vec is).</param>
    /// <param name="pool">The pool, or null for a source of another kind (then the state is that source's alone).</param>
    public SearchTables(SqliteGenOptions options, SqliteConnectionPool? pool)
    {
        Options = options;
        _pool = pool;
    }

    /// <summary>The search state of <paramref name="pool"/>.</summary>
    public static SearchTables Of(SqliteConnectionPool pool) => pool.Attachment(static p => new SearchTables(p.Options, p));

    public SqliteGenOptions Options { get; }

    /// <summary>The state of <paramref name="table"/>, created on first use.</summary>
    public TableSearchState Table(string table) =>
        _tables.GetOrAdd(table, static (name, self) => new TableSearchState(name, self.Options, self._pool), this);

    /// <summary>The state of <paramref name="table"/> if a search or write made one.</summary>
    public TableSearchState? Find(string table) => _tables.TryGetValue(table, out TableSearchState? state) ? state : null;

    /// <summary>What loading sqlite-vec into <paramref name="connection"/> gave: empty when it loaded, else why not.</summary>
    public bool TryGetSqliteVecOutcome(PooledConnection connection, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? outcome) =>
        _sqliteVecLoaded.TryGetValue(connection, out outcome);

    public void NoteSqliteVecOutcome(PooledConnection connection, string outcome) => _sqliteVecLoaded.AddOrUpdate(connection, outcome);

    /// <summary>The pool closed: every table lets go of its resident indexes.</summary>
    public void Dispose()
    {
        foreach (TableSearchState state in _tables.Values)
            state.DropIndexes();
    }
}

/// <summary>Reads the row with <paramref name="rowid"/>; false when there is none.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate bool RowReader<T>(PooledConnection connection, long rowid, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out T item);

/// <summary>
/// What one table's vector search keeps per database: a version that every write through the generated code
/// moves before it starts and after it has committed (or failed), the writes in flight, the write transactions
/// that wrote to the table and have not ended, and the resident index of each vector column with the version it
/// was built at.
/// </summary>
/// <remarks>
/// A cached index is used only when the version is the one read before its rows were read and nothing is in
/// flight: a write that committed after those rows were read moved the version when it ended. A write inside a
/// transaction commits later, when the transaction ends: until then the table counts as written, and the first
/// search after the end moves the version (the transaction's <c>IsActive</c> says when it ended), so an index read
/// while it was open is not used afterwards. Rolled-back writes are treated like committed ones (a rebuild too
/// many, never a stale answer). Writes that do not go through the generated code (another process, raw SQL) are
/// not seen: see docs/vectors.md.
/// </remarks>
internal sealed class TableSearchState
{
    private readonly object _gate = new();
    private readonly List<WriteTransaction> _openTransactions = new();
    private readonly Dictionary<string, (IVectorIndex Index, long Version, long Epoch)> _indexes = new(StringComparer.Ordinal);
    private long _version;
    private int _inFlight;
    private bool _dropped; // the pool closed: nothing is cached any more

    private readonly SqliteGenOptions _options;
    private readonly SqliteConnectionPool? _pool;

    /// <param name="table">The table.</param>
    /// <param name="options">The pool's options (which resident index to keep).</param>
    /// <param name="pool">The pool the table lives in: its epoch of commits made elsewhere retires cached indexes.</param>
    public TableSearchState(string table, SqliteGenOptions options, SqliteConnectionPool? pool)
    {
        Table = table;
        _options = options;
        _pool = pool;
    }

    /// <summary>The pool's epoch of commits its writer did not make; false when it cannot be told now (see <see cref="SqliteConnectionPool.TryGetExternalCommitEpoch"/>).</summary>
    private bool TryGetExternalEpoch(out long epoch)
    {
        if (_pool is not null)
            return _pool.TryGetExternalCommitEpoch(out epoch);
        epoch = 0;
        return true;
    }

    public string Table { get; }

    /// <summary>Index builds so far (for tests: a cached index is not rebuilt).</summary>
    internal int Builds;

    /// <summary>Moves the version as a write starts; returns it, for <see cref="EndWrite"/>.</summary>
    public long BeginWrite(ConnectionSource target)
    {
        lock (_gate)
        {
            _version++;
            _inFlight++;
            if (target is WriteTransaction transaction && !_openTransactions.Contains(transaction))
                _openTransactions.Add(transaction);
            return _version;
        }
    }

    /// <summary>
    /// Moves the version as a write ends. When the write committed with usable notes (<paramref name="committed"/>:
    /// the generated write said what it changed in every vector column, possibly nothing), was the only write in
    /// flight, and nothing else moved the version since it began, each cached index that was current just before it
    /// (built at the version <see cref="BeginWrite"/> left behind) takes the notes and the new version: the next
    /// search uses it without a rebuild. Anything else leaves the cached indexes behind the version, so the next
    /// search rebuilds, as it always may.
    /// </summary>
    public void EndWrite(long begun, VectorChanges? committed)
    {
        lock (_gate)
        {
            bool alone = _version == begun && _inFlight == 1 && _openTransactions.Count == 0;
            _version++;
            _inFlight--;
            if (!alone || committed is not { Usable: true })
                return;
            foreach (string column in new List<string>(_indexes.Keys))
            {
                (IVectorIndex index, long version, long epoch) = _indexes[column];
                if (version != begun - 1)
                    continue;
                foreach (VectorChanges.Change change in committed.For(column))
                {
                    if (change.Vector is null)
                        index.Remove(change.Rowid);
                    else
                        index.Upsert(change.Rowid, change.Vector);
                }
                _indexes[column] = (index, _version, epoch); // a commit from elsewhere meanwhile moved the epoch: then it is retired anyway
                Interlocked.Increment(ref DeltasApplied);
            }
        }
    }

    /// <summary>Writes whose notes updated a cached index instead of retiring it (for tests).</summary>
    internal int DeltasApplied;

    public void Invalidate(string column)
    {
        lock (_gate)
            _indexes.Remove(column);
    }

    /// <summary>Drops every cached index for good (the pool closed).</summary>
    public void DropIndexes()
    {
        lock (_gate)
        {
            _dropped = true;
            _indexes.Clear();
        }
    }

    /// <summary>Cached indexes now (for tests).</summary>
    internal int CachedIndexes
    {
        get
        {
            lock (_gate)
                return _indexes.Count;
        }
    }

    /// <summary>The current version, and whether an index built from a read started now may be cached.</summary>
    private long Current(out bool settled)
    {
        lock (_gate)
        {
            for (int i = _openTransactions.Count - 1; i >= 0; i--)
            {
                if (!_openTransactions[i].IsActive)
                {
                    _openTransactions.RemoveAt(i);
                    _version++; // its writes committed (or rolled back) after any index read while it was open
                }
            }
            settled = _inFlight == 0 && _openTransactions.Count == 0;
            return _version;
        }
    }

    public IVectorIndex ResidentIndex(PooledConnection connection, VectorColumn column, Statement load)
    {
        long version = Current(out bool settled);
        // Commits made outside the pool's writer (another connection or process) are not in the version: the epoch
        // counts them. When it cannot be told right now, neither use nor keep a cached index.
        settled &= TryGetExternalEpoch(out long epoch);
        if (settled)
        {
            lock (_gate)
            {
                if (_indexes.TryGetValue(column.Column, out var cached) && cached.Version == version && cached.Epoch == epoch)
                    return cached.Index;
            }
        }

        // The version and the epoch were read before the rows: a write committing from here on moves one of them.
        IVectorIndex index = Build(connection, column, load);
        Interlocked.Increment(ref Builds);
        if (settled)
        {
            lock (_gate)
            {
                if (_version == version && !_dropped)
                    _indexes[column.Column] = (index, version, epoch);
            }
        }
        return index;
    }

    private IVectorIndex Build(PooledConnection connection, VectorColumn column, Statement load)
    {
        IVectorIndex index = _options.VectorBackend == VectorBackend.Quantized
            ? new BinaryQuantizedIndex(column.Dimensions, column.Metric, _options.QuantizedOversample)
            : new ExactVectorIndex(column.Dimensions, column.Metric);
        using StatementRunner rows = connection.Rent(load);
        while (rows.Step())
        {
            long rowid = rows.GetInt64(0);
            byte[] blob = rows.GetBlob(1);
            try
            {
                index.Upsert(rowid, VectorColumn.Components(blob)); // the index copies them
            }
            catch (ArgumentException error)
            {
                // Only another writer can have stored this (the generated writes check every vector).
                throw new SqliteGenException($"Row {rowid} of {column.Table} holds a vector in {column.Column} that cannot be searched: {error.Message}", error);
            }
        }
        return index;
    }
}
