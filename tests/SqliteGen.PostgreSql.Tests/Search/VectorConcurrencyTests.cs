using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using SqliteGen.PostgreSql.Tests.Repositories;
using SqliteGen.Tests.Entities;
using SqliteGen.Tests.Search;
using Xunit;

namespace SqliteGen.PostgreSql.Tests.Search;

/// <summary>
/// Concurrent searches of one vector column (docs/postgresql.md, "Vector search on PostgreSQL", concurrency): they read
/// the change log at the same time (PostgreSQL's <c>pg_locks</c> shows them all waiting inside their round trips on a
/// lock the test holds), a read older than the index never overwrites it (the interleaving forced with the test hook
/// <see cref="VectorSearchProbe"/>), and under writers of both kinds (generated writes and plain SQL on other connections,
/// TRUNCATE included) every search equals a double-precision brute force over the table as it was in the snapshot its
/// index was exact at, rebuilt from a history the test's own trigger keeps and PostgreSQL's <c>pg_visible_in_snapshot</c>,
/// and that snapshot holds every write acknowledged before the search began. The snapshot order the index relies on
/// (<see cref="PgSnapshot.Covers"/>) is checked against <c>pg_visible_in_snapshot</c> too.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class VectorConcurrencyTests(PostgresServer server) : IDisposable
{
    /// <summary>How long a test waits for searches to reach a point before it fails (a hang guard, not a timing).</summary>
    private static readonly TimeSpan s_guard = TimeSpan.FromMinutes(2);

    private readonly List<NpgsqlDataSource> _dataSources = [];

    public void Dispose()
    {
        VectorSearchProbe.Hook = null;
        foreach (NpgsqlDataSource dataSource in _dataSources)
            dataSource.Dispose();
    }

    private static byte[] Blob(float[] vector) => VectorChangeLogTests.Blob(vector);

    private static float[] Floats(byte[] blob) => MemoryMarshal.Cast<byte, float>(blob).ToArray();

    private static int Execute(NpgsqlConnection connection, string sql, params object[] values) => VectorChangeLogTests.Execute(connection, sql, values);

    private SearchDb.PostgreSql Open() => SearchDb.OpenPostgreSql(PostgreSqlScenarios.NewDataSource(server, _dataSources));

    private static string DatabaseOf(SearchDb.PostgreSql db) => new NpgsqlConnectionStringBuilder(db.DataSource.ConnectionString).Database!;

    /// <summary>The table as a fresh statement sees it: key and the chosen vector column.</summary>
    private static List<(long Key, float[]? Vector)> Table(NpgsqlConnection connection, string column)
    {
        using var command = new NpgsqlCommand($"SELECT id, {column} FROM vector_rows", connection);
        using var row = command.ExecuteReader();
        var rows = new List<(long, float[]?)>();
        while (row.Read())
            rows.Add((row.GetInt64(0), Floats(row.GetFieldValue<byte[]>(1))));
        return rows;
    }

    private static void Same(List<VectorMatch> expected, IReadOnlyList<VectorNeighbor<VectorRow>> found, string what)
    {
        Assert.True(expected.Select(m => m.Key).SequenceEqual(found.Select(n => n.Item.Id)),
            $"{what}: expected [{string.Join(", ", expected.Select(m => m.Key))}], found [{string.Join(", ", found.Select(n => n.Item.Id))}]");
        for (int i = 0; i < expected.Count; i++)
            Assert.InRange(Math.Abs(expected[i].Distance - found[i].Distance), 0, 1e-4);
    }

    /// <summary>Waits (up to the guard) until <paramref name="done"/>; false if it never was.</summary>
    private static bool Eventually(Func<bool> done)
    {
        DateTime until = DateTime.UtcNow + s_guard;
        while (!done())
        {
            if (DateTime.UtcNow > until)
                return false;
            Thread.Sleep(10);
        }
        return true;
    }

    [Fact]
    public void Snapshot_order_and_visibility_agree_with_PostgreSQL()
    {
        var random = new Random(2021);
        PgSnapshot Make()
        {
            ulong xmin = (ulong)random.Next(100, 120), xmax = xmin + (ulong)random.Next(0, 16);
            var inProgress = new List<ulong>();
            for (ulong x = xmin; x < xmax; x++)
            {
                if (random.Next(3) == 0 || (x == xmin && random.Next(2) == 0))
                    inProgress.Add(x);
            }
            return PgSnapshot.Parse($"{xmin}:{xmax}:{string.Join(",", inProgress)}");
        }
        var pairs = Enumerable.Range(0, 400).Select(_ => (A: Make(), B: Make(), Xid: (ulong)random.Next(95, 140))).ToList();
        using var connection = new NpgsqlConnection(server.ConnectionString("postgres"));
        connection.Open();
        // PostgreSQL's answers: whether A sees every xid B sees (over every xid the snapshots can tell apart), whether
        // each sees Xid, and whether A without Xid (this code's text, read back by PostgreSQL) sees it and still sees the rest A did.
        using var command = new NpgsqlCommand(
            "SELECT p.n, "
            + "bool_and(NOT pg_visible_in_snapshot(x::text::xid8, p.b::pg_snapshot) OR pg_visible_in_snapshot(x::text::xid8, p.a::pg_snapshot)), "
            + "pg_visible_in_snapshot(p.xid::text::xid8, p.a::pg_snapshot), "
            + "pg_visible_in_snapshot(p.xid::text::xid8, p.w::pg_snapshot), "
            + "bool_and(x = p.xid OR pg_visible_in_snapshot(x::text::xid8, p.a::pg_snapshot) = pg_visible_in_snapshot(x::text::xid8, p.w::pg_snapshot)) "
            + "FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[]) WITH ORDINALITY AS p(a, b, xid, w, n), generate_series(90, 150) AS x "
            + "GROUP BY p.n, p.a, p.b, p.xid, p.w ORDER BY p.n", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = pairs.Select(p => p.A.Text).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = pairs.Select(p => p.B.Text).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = pairs.Select(p => (long)p.Xid).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = pairs.Select(p => p.A.Without(p.Xid).Text).ToArray() });
        using var row = command.ExecuteReader();
        int covering = 0;
        foreach ((PgSnapshot a, PgSnapshot b, ulong xid) in pairs)
        {
            Assert.True(row.Read());
            string what = $"A {a}, B {b}, xid {xid}";
            Assert.True(row.GetBoolean(1) == a.Covers(b), $"{what}: PostgreSQL says A covers B: {row.GetBoolean(1)}");
            Assert.True(row.GetBoolean(2) == a.Sees(xid), what);
            Assert.False(row.GetBoolean(3), $"{what}: {a.Without(xid)} still sees the xid");
            Assert.True(row.GetBoolean(4), $"{what}: {a.Without(xid)} sees other xids than A");
            covering += a.Covers(b) ? 1 : 0;
        }
        Assert.InRange(covering, 40, 360); // both answers come up often
    }

    [Fact]
    public async Task Searches_of_one_column_read_the_log_at_the_same_time()
    {
        using SearchDb.PostgreSql db = Open();
        string database = DatabaseOf(db);
        var random = new Random(2022);
        db.VectorRows.InsertMany(Enumerable.Range(1, 300).Select(id => SearchFixture.RandomRow(random, id)));
        db.VectorRows.NearestByL2x8(SearchFixture.RandomVector(random, 8), 5); // the load: later searches read the log
        using var other = new NpgsqlConnection(db.DataSource.ConnectionString);
        other.Open();
        Execute(other, "UPDATE vector_rows SET l2x8 = $1 WHERE id = 7", Blob(SearchFixture.RandomVector(random, 8)));

        int inside = 0, most = 0;
        VectorSearchProbe.Hook = step =>
        {
            if (step.Database != database)
                return;
            if (step.Stage == VectorSearchProbe.Stage.Reading)
            {
                int now = Interlocked.Increment(ref inside);
                int seen;
                while (now > (seen = Volatile.Read(ref most)) && Interlocked.CompareExchange(ref most, now, seen) != seen)
                {
                }
            }
            else if (step.Stage == VectorSearchProbe.Stage.Read)
            {
                Interlocked.Decrement(ref inside);
            }
        };
        const int Searches = 4;
        using var holder = new NpgsqlConnection(db.DataSource.ConnectionString);
        holder.Open();
        using var pid = new NpgsqlCommand("SELECT pg_backend_pid()", holder);
        int holderPid = (int)pid.ExecuteScalar()!;
        var queries = Enumerable.Range(0, Searches).Select(_ => SearchFixture.RandomVector(random, 8)).ToArray();
        var found = new IReadOnlyList<VectorNeighbor<VectorRow>>[Searches];
        Task[] searches;
        using (NpgsqlTransaction hold = holder.BeginTransaction())
        {
            // Every read of the log waits for this lock, so each search stays inside its round trip until it is let go.
            Execute(holder, "LOCK TABLE sqlitegen.vector_changes IN ACCESS EXCLUSIVE MODE");
            searches = Enumerable.Range(0, Searches).Select(i => Task.Factory.StartNew(() =>
                found[i] = i % 2 == 0
                    ? db.VectorRows.NearestByL2x8(queries[i], 10)
                    : db.VectorRows.NearestByL2x8Async(queries[i], 10).AsTask().GetAwaiter().GetResult(),
                TaskCreationOptions.LongRunning)).ToArray();
            // PostgreSQL's view: how many backends wait for the lock this test holds on the log.
            using var waiting = new NpgsqlConnection(db.DataSource.ConnectionString);
            waiting.Open();
            using var count = new NpgsqlCommand(
                "SELECT count(*) FROM pg_locks AS l JOIN pg_class AS c ON c.oid = l.relation "
                + "WHERE c.relname = 'vector_changes' AND NOT l.granted AND l.pid <> $1", waiting);
            count.Parameters.Add(new NpgsqlParameter { Value = holderPid });
            bool all = Eventually(() => (long)count.ExecuteScalar()! == Searches || searches.Any(s => s.IsFaulted));
            Assert.True(all, $"PostgreSQL shows {(long)count.ExecuteScalar()!} searches waiting inside their round trip, the hook {Volatile.Read(ref inside)}, of {Searches}");
            Assert.Equal(Searches, Volatile.Read(ref inside));
            hold.Commit();
        }
        await Task.WhenAll(searches);
        VectorSearchProbe.Hook = null;
        Assert.Equal(Searches, most);
        List<(long, float[]?)> table = Table(other, "l2x8");
        for (int i = 0; i < Searches; i++)
            Same(SearchFixture.BruteForce(table, queries[i], 10, VectorMetric.L2), found[i], $"search {i}");
    }

    [Fact]
    public void A_read_older_than_the_index_never_overwrites_it()
    {
        using SearchDb.PostgreSql db = Open();
        string database = DatabaseOf(db);
        var random = new Random(2023);
        db.VectorRows.InsertMany(Enumerable.Range(1, 60).Select(id => SearchFixture.RandomRow(random, id)));
        using var writer = new NpgsqlConnection(db.DataSource.ConnectionString);
        writer.Open();
        float[] query = SearchFixture.RandomVector(random, 8);
        float[] far = query.Select(c => -50f * c).ToArray(); // far from the query under L2 and under cosine
        const int K = 5;

        // Search A reads (the changes after the index's snapshot, or the first load of a column), then is held; meanwhile
        // the row moves on, search B reads that newer state and applies it; then A goes on with its older read.
        void Interleave(string column, Func<float[], IReadOnlyList<VectorNeighbor<VectorRow>>> search)
        {
            Execute(writer, $"UPDATE vector_rows SET {column} = $1 WHERE id = 7", Blob(query)); // 7 the nearest: what A reads
            Thread? a = null;
            using var aRead = new ManualResetEventSlim();
            using var goOn = new ManualResetEventSlim();
            var searched = new ConcurrentDictionary<string, string>(); // which search: the snapshot of the index it searched
            VectorSearchProbe.Hook = step =>
            {
                if (step.Database != database)
                    return;
                bool isA = Thread.CurrentThread == a;
                if (step.Stage == VectorSearchProbe.Stage.Searched)
                    searched[isA ? "A" : "B"] = step.Snapshot!;
                else if (step.Stage == VectorSearchProbe.Stage.Read && isA && !aRead.IsSet)
                {
                    aRead.Set();
                    goOn.Wait(s_guard);
                }
            };
            IReadOnlyList<VectorNeighbor<VectorRow>>? fromA = null;
            a = new Thread(() => fromA = search(query));
            a.Start();
            Assert.True(aRead.Wait(s_guard), "search A never read");
            Execute(writer, $"UPDATE vector_rows SET {column} = $1 WHERE id = 7", Blob(far)); // 7 far away now
            var now = Table(writer, column);
            Same(SearchFixture.BruteForce(now, query, K, column == "l2x8" ? VectorMetric.L2 : VectorMetric.Cosine), search(query), $"{column}: search B");
            goOn.Set();
            Assert.True(a.Join(s_guard));
            VectorSearchProbe.Hook = null;
            // A began before 7 moved away, so 7 near would be allowed for it alone; but the index held 7 far already.
            Same(SearchFixture.BruteForce(now, query, K, column == "l2x8" ? VectorMetric.L2 : VectorMetric.Cosine), fromA!, $"{column}: search A, let go after B");
            Assert.Equal(searched["B"], searched["A"]); // A searched the index B brought up to date; its own read was dropped
            Same(SearchFixture.BruteForce(now, query, K, column == "l2x8" ? VectorMetric.L2 : VectorMetric.Cosine), search(query), $"{column}: the search after");
        }

        db.VectorRows.NearestByL2x8(query, K); // the L2 column's index is loaded: A and B read changes
        Interleave("l2x8", q => db.VectorRows.NearestByL2x8(q, K));
        Interleave("cosine8", q => db.VectorRows.NearestByCosine8(q, K)); // no index yet: A and B both load
    }

    [Fact]
    public async Task Concurrent_searches_equal_the_table_in_their_snapshot_and_see_every_write_acknowledged_before()
    {
        using SearchDb.PostgreSql db = Open();
        string database = DatabaseOf(db);
        using var setup = new NpgsqlConnection(db.DataSource.ConnectionString);
        setup.Open();
        // The oracle's record of the table: every row version and TRUNCATE with the writing transaction, kept by a trigger
        // of this test (not SqliteGen's). One writer per key, so a key's versions come in commit order.
        Execute(setup, """
            CREATE TABLE test_history (seq bigserial PRIMARY KEY, xid xid8 NOT NULL DEFAULT pg_current_xact_id(), id bigint, tag text, l2x8 bytea);
            CREATE FUNCTION test_history_row() RETURNS trigger LANGUAGE plpgsql AS $f$
            BEGIN
                IF TG_OP = 'TRUNCATE' THEN
                    INSERT INTO test_history (id) VALUES (NULL);
                ELSIF TG_OP = 'DELETE' THEN
                    INSERT INTO test_history (id) VALUES (OLD.id);
                ELSE
                    INSERT INTO test_history (id, tag, l2x8) VALUES (NEW.id, NEW.tag, NEW.l2x8);
                END IF;
                RETURN NULL;
            END
            $f$;
            CREATE TRIGGER test_history_rows AFTER INSERT OR UPDATE OR DELETE ON vector_rows FOR EACH ROW EXECUTE FUNCTION test_history_row();
            CREATE TRIGGER test_history_truncate AFTER TRUNCATE ON vector_rows FOR EACH STATEMENT EXECUTE FUNCTION test_history_row();
            """);
        var seed = new Random(2024);
        db.VectorRows.InsertMany(Enumerable.Range(1, 200).Select(id => SearchFixture.RandomRow(seed, id) with { Tag = "start" }));

        // Writes acknowledged so far: a generated write by its unique tag, a plain SQL one by its transaction id.
        var acknowledged = new List<(string? Tag, ulong Xid)>();
        void Acknowledge(string? tag, ulong xid)
        {
            lock (acknowledged)
                acknowledged.Add((tag, xid));
        }
        int Acknowledged()
        {
            lock (acknowledged)
                return acknowledged.Count;
        }
        using var stop = new CancellationTokenSource();
        const int Keys = 240, Steps = 160;

        // Generated writes of the even keys: upserts one by one and in write transactions of a few.
        void Generated()
        {
            var random = new Random(1);
            for (int step = 0; step < Steps; step++)
            {
                VectorRow Next(int n) => SearchFixture.RandomRow(random, 2 * random.Next(1, Keys / 2 + 1)) with { Tag = $"g{step}.{n}" };
                if (random.Next(4) == 0)
                {
                    var rows = Enumerable.Range(0, random.Next(2, 5)).Select(Next).ToList();
                    using (SearchDb.PostgreSql.WriteTransaction transaction = db.BeginWrite())
                    {
                        foreach (VectorRow row in rows)
                            transaction.VectorRows.Upsert(row);
                        transaction.Commit();
                    }
                    foreach (VectorRow row in rows)
                        Acknowledge(row.Tag, 0);
                }
                else
                {
                    VectorRow row = Next(0);
                    if (random.Next(2) == 0)
                        db.VectorRows.Upsert(row);
                    else
                        db.VectorRows.UpsertAsync(row).AsTask().GetAwaiter().GetResult();
                    Acknowledge(row.Tag, 0);
                }
            }
        }

        // Plain SQL on another connection, the odd keys: upserts, deletes, a transaction of several, and a rare TRUNCATE.
        void Plain()
        {
            var random = new Random(2);
            using var connection = new NpgsqlConnection(db.DataSource.ConnectionString);
            connection.Open();
            long Key() => 2 * random.Next(0, Keys / 2) + 1;
            ulong? Run(string sql, params object[] values)
            {
                using var command = new NpgsqlCommand(sql + " RETURNING pg_current_xact_id()::text", connection);
                foreach (object value in values)
                    command.Parameters.Add(new NpgsqlParameter { Value = value });
                return command.ExecuteScalar() is string xid ? ulong.Parse(xid, System.Globalization.CultureInfo.InvariantCulture) : null;
            }
            ulong? Upsert()
            {
                VectorRow row = SearchFixture.RandomRow(random, Key());
                return Run("INSERT INTO vector_rows (id, bucket, tag, cosine8, l2x8, cosine96, l2x384, dot16) VALUES ($1, $2, 'p', $3, $4, $5, NULL, $6) "
                    + "ON CONFLICT (id) DO UPDATE SET l2x8 = excluded.l2x8, tag = excluded.tag",
                    row.Id, row.Bucket, Blob(row.Cosine8), Blob(row.L2x8), Blob(row.Cosine96.ToArray()), Blob(row.Dot16));
            }
            for (int step = 0; step < Steps; step++)
            {
                int kind = random.Next(100);
                ulong? xid = null;
                if (kind < 2)
                {
                    using NpgsqlTransaction transaction = connection.BeginTransaction();
                    Execute(connection, "TRUNCATE vector_rows");
                    using var id = new NpgsqlCommand("SELECT pg_current_xact_id()::text", connection);
                    xid = ulong.Parse((string)id.ExecuteScalar()!, System.Globalization.CultureInfo.InvariantCulture);
                    transaction.Commit();
                }
                else if (kind < 15)
                {
                    xid = Run("DELETE FROM vector_rows WHERE id = $1", Key());
                }
                else if (kind < 30)
                {
                    using NpgsqlTransaction transaction = connection.BeginTransaction();
                    for (int i = 0; i < 3; i++)
                        xid = Upsert();
                    transaction.Commit();
                }
                else
                {
                    xid = Upsert();
                }
                if (xid is { } acknowledgedXid)
                    Acknowledge(null, acknowledgedXid);
            }
        }

        // What each search saw: its query and k, the writes acknowledged before it began, the snapshot its index was exact
        // at (from the hook, on the search's own flow), and its answer.
        var searches = new ConcurrentBag<(float[] Query, int K, int Before, string Snapshot, IReadOnlyList<VectorNeighbor<VectorRow>> Found)>();
        var snapshotOf = new AsyncLocal<StrongBox<string?>>();
        VectorSearchProbe.Hook = step =>
        {
            if (step.Database == database && step.Stage == VectorSearchProbe.Stage.Searched && snapshotOf.Value is { } box)
                box.Value = step.Snapshot;
        };
        void Searcher(int which)
        {
            var random = new Random(10 + which);
            while (!stop.IsCancellationRequested)
            {
                float[] query = SearchFixture.RandomVector(random, 8);
                int k = random.Next(1, 25);
                int before = Acknowledged();
                var box = new StrongBox<string?>();
                snapshotOf.Value = box;
                IReadOnlyList<VectorNeighbor<VectorRow>> found = random.Next(2) == 0
                    ? db.VectorRows.NearestByL2x8(query, k)
                    : db.VectorRows.NearestByL2x8Async(query, k).AsTask().GetAwaiter().GetResult();
                searches.Add((query, k, before, box.Value!, found));
            }
        }
        Task[] searchers = Enumerable.Range(0, 3).Select(i => Task.Factory.StartNew(() => Searcher(i), TaskCreationOptions.LongRunning)).ToArray();
        Task[] writers = [Task.Factory.StartNew(Generated, TaskCreationOptions.LongRunning), Task.Factory.StartNew(Plain, TaskCreationOptions.LongRunning)];
        try
        {
            await Task.WhenAll(writers);
        }
        finally
        {
            stop.Cancel();
            await Task.WhenAll(searchers);
            VectorSearchProbe.Hook = null;
        }
        Assert.True(searches.Count >= 3, $"only {searches.Count} searches ran");

        // The oracle, per search: the table in its snapshot (each key's newest version that snapshot sees, after the newest
        // TRUNCATE it sees), a brute force over it, and every write acknowledged before the search visible in it.
        using var rows = new NpgsqlCommand("""
            SELECT DISTINCT ON (h.id) h.id, h.l2x8 FROM test_history AS h
            WHERE h.id IS NOT NULL AND pg_visible_in_snapshot(h.xid, $1::pg_snapshot)
              AND h.seq > coalesce((SELECT max(t.seq) FROM test_history AS t WHERE t.id IS NULL AND pg_visible_in_snapshot(t.xid, $1::pg_snapshot)), 0)
            ORDER BY h.id, h.seq DESC
            """, setup);
        rows.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        using var unseen = new NpgsqlCommand("""
            SELECT count(*) FROM (SELECT h.xid FROM test_history AS h WHERE h.tag = ANY ($2) UNION ALL SELECT x::xid8 FROM unnest($3::text[]) AS x) AS w
            WHERE NOT pg_visible_in_snapshot(w.xid, $1::pg_snapshot)
            """, setup);
        unseen.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        unseen.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        unseen.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        using var deleted = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM test_history AS h WHERE (h.id IS NULL OR (h.id = $2 AND h.l2x8 IS NULL)) AND NOT pg_visible_in_snapshot(h.xid, $1::pg_snapshot))", setup);
        deleted.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        deleted.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        var snapshots = new HashSet<string>();
        int leftOut = 0;
        foreach (var search in searches)
        {
            rows.Parameters[0].Value = search.Snapshot;
            var table = new List<(long, float[]?)>();
            using (NpgsqlDataReader row = rows.ExecuteReader())
            {
                while (row.Read())
                    table.Add((row.GetInt64(0), row.IsDBNull(1) ? null : Floats(row.GetFieldValue<byte[]>(1))));
            }
            List<VectorMatch> expected = SearchFixture.BruteForce(table, search.Query, search.K, VectorMetric.L2);
            // A row deleted after the snapshot is found missing by the row read; read again, what is missing a second time is
            // left out (the search's documented answer): the rest is the brute force's, in order, and each row left out
            // was deleted (or truncated) by a transaction the snapshot did not see.
            var foundKeys = search.Found.Select(n => n.Item.Id).ToHashSet();
            var kept = expected.Where(m => foundKeys.Contains(m.Key)).ToList();
            foreach (VectorMatch gone in expected.Where(m => !foundKeys.Contains(m.Key)))
            {
                deleted.Parameters[0].Value = search.Snapshot;
                deleted.Parameters[1].Value = gone.Key;
                Assert.True((bool)deleted.ExecuteScalar()!, $"snapshot {search.Snapshot}: row {gone.Key} left out, but not deleted after the snapshot");
                leftOut++;
            }
            Same(kept, search.Found, $"a search in snapshot {search.Snapshot}");
            (List<string> tags, List<string> xids) = (new List<string>(), new List<string>());
            lock (acknowledged)
            {
                foreach ((string? tag, ulong xid) in acknowledged.Take(search.Before))
                {
                    if (tag is not null)
                        tags.Add(tag);
                    else
                        xids.Add(xid.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            }
            unseen.Parameters[0].Value = search.Snapshot;
            unseen.Parameters[1].Value = tags.ToArray();
            unseen.Parameters[2].Value = xids.ToArray();
            Assert.Equal(0L, (long)unseen.ExecuteScalar()!);
            snapshots.Add(search.Snapshot);
        }
        Assert.True(snapshots.Count > 1, "every search saw the same snapshot: the writers never overlapped the searches");
        Assert.True(leftOut < searches.Count, $"{leftOut} rows left out in {searches.Count} searches");

        // After every write is acknowledged, a search equals a fresh SELECT's brute force.
        float[] last = SearchFixture.RandomVector(seed, 8);
        Same(SearchFixture.BruteForce(Table(setup, "l2x8"), last, 20, VectorMetric.L2), db.VectorRows.NearestByL2x8(last, 20), "the search after the writers");
    }
}
