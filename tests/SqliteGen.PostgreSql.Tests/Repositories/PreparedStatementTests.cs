using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.PostgreSql.Tests.Repositories;

/// <summary>
/// What the generated single-row writes and reads send, counted on the wire (<see cref="WireCounter"/>: round trips and the
/// protocol's messages by type) through a data source with Npgsql's defaults, which prepare nothing by themselves (no
/// <c>Max Auto Prepare</c>), and one pooled connection: a statement's first run on the connection prepares it (Parse and
/// Describe, one round trip) and every later run sends only Bind, Execute and Sync, as hand-written Npgsql that calls
/// <c>Prepare()</c> does. The server's own list of the session's prepared statements (<c>pg_prepared_statements</c>) says
/// which were prepared. Each run after a connection went back to the pool opens with Npgsql's session reset, a simple
/// query (<c>Q</c>) sent in the same round trip.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PreparedStatementTests(PostgresServer server)
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

    /// <summary>A data source reaching <paramref name="address"/>'s database through <paramref name="wire"/>, one pooled connection, Npgsql's defaults otherwise.</summary>
    private static NpgsqlDataSource Relayed(string address, WireCounter wire) =>
        new NpgsqlSlimDataSourceBuilder(new NpgsqlConnectionStringBuilder(address) { Pooling = true, MaxPoolSize = 1, Port = wire.Port }.ConnectionString).Build();

    /// <summary>What <paramref name="call"/> sent: its round trips, then the type of each message ("1 QBES").</summary>
    private static string Sent(WireCounter wire, Action call)
    {
        int roundTrips = wire.RoundTrips, messages = wire.Messages.Length;
        call();
        return $"{wire.RoundTrips - roundTrips} {wire.Messages[messages..]}";
    }

    private static List<string> PreparedStatements(NpgsqlDataSource dataSource)
    {
        using NpgsqlConnection connection = dataSource.OpenConnection(); // the pool's one connection: the session that prepared them
        using var command = new NpgsqlCommand("SELECT statement FROM pg_prepared_statements ORDER BY statement", connection);
        using NpgsqlDataReader reader = command.ExecuteReader();
        var statements = new List<string>();
        while (reader.Read())
            statements.Add(reader.GetString(0));
        return statements;
    }

    [Fact]
    public async Task Insert_Get_Update_Upsert_and_Delete_prepare_their_statement_once_per_connection_then_send_Bind_and_Execute()
    {
        string address = server.CreateDatabase();
        await using var wire = new WireCounter(new NpgsqlConnectionStringBuilder(address).Port);
        await using NpgsqlDataSource dataSource = Relayed(address, wire);
        using LearningDb.PostgreSql db = LearningDb.OpenPostgreSql(dataSource);
        User Make(int n) => new(Guid.NewGuid(), $"user{n}@example.com", "User " + n, At.AddMinutes(n));
        User first = Make(1), second = Make(2), third = Make(3);

        // The control: a statement run unprepared sends Parse and Describe with its Bind and Execute, every time.
        Assert.Equal("1 QPBDES", Sent(wire, () =>
        {
            using NpgsqlConnection connection = dataSource.OpenConnection();
            using var count = new NpgsqlCommand("SELECT count(*) FROM users", connection);
            Assert.Equal(0L, count.ExecuteScalar());
        }));

        var sent = new List<string>
        {
            "insert: " + Sent(wire, () => db.Users.Insert(first)),
            "insert again: " + Sent(wire, () => db.Users.Insert(second)),
            "insert async: " + Sent(wire, () => db.Users.InsertAsync(third).AsTask().GetAwaiter().GetResult()),
            "get: " + Sent(wire, () => Assert.Equal(first, db.Users.Get(first.UserId))),
            "get again: " + Sent(wire, () => Assert.Equal(second, db.Users.Get(second.UserId))),
            "get async: " + Sent(wire, () => Assert.Equal(third, db.Users.GetAsync(third.UserId).AsTask().GetAwaiter().GetResult())),
            "update: " + Sent(wire, () => Assert.True(db.Users.Update(first with { Name = "First" }))),
            "update again: " + Sent(wire, () => Assert.True(db.Users.Update(second with { Name = "Second" }))),
            "upsert: " + Sent(wire, () => db.Users.Upsert(third with { Name = "Third" })),
            "upsert again: " + Sent(wire, () => db.Users.Upsert(Make(4))),
            "delete: " + Sent(wire, () => Assert.True(db.Users.Delete(first.UserId))),
            "delete again: " + Sent(wire, () => Assert.True(db.Users.Delete(second.UserId))),
            "delete async: " + Sent(wire, () => Assert.False(db.Users.DeleteAsync(first.UserId).AsTask().GetAwaiter().GetResult())),
        };

        Assert.Equal(
        [
            "insert: 2 QPDSBES", "insert again: 1 QBES", "insert async: 1 QBES",
            "get: 2 QPDSBES", "get again: 1 QBES", "get async: 1 QBES",
            "update: 2 QPDSBES", "update again: 1 QBES",
            "upsert: 2 QPDSBES", "upsert again: 1 QBES",
            "delete: 2 QPDSBES", "delete again: 1 QBES", "delete async: 1 QBES",
        ], sent);
        Assert.Equal(
        [
            "DELETE FROM users WHERE user_id = $1",
            "INSERT INTO users (user_id, email, name, created_at) VALUES ($1, $2, $3, $4)",
            "INSERT INTO users (user_id, email, name, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, name = excluded.name, created_at = excluded.created_at",
            "SELECT user_id, email, name, created_at FROM users WHERE user_id = $1",
            "UPDATE users SET email = $2, name = $3, created_at = $4 WHERE user_id = $1",
        ], PreparedStatements(dataSource));
        // What the prepared writes did, read with a plain query: the updates and the upsert landed, the deletes removed.
        Assert.Equal([third with { Name = "Third" }], db.Users.All().Where(u => u.UserId == third.UserId));
        Assert.Equal(2L, db.Users.Count());
    }

    [Fact]
    public async Task An_insert_of_a_computed_key_prepares_its_lock_and_insert_and_returns_each_new_key()
    {
        string address = server.CreateDatabase();
        await using var wire = new WireCounter(new NpgsqlConnectionStringBuilder(address).Port);
        await using NpgsqlDataSource dataSource = Relayed(address, wire);
        using MonitorDb.PostgreSql db = MonitorDb.OpenPostgreSql(dataSource);
        long key = 0;

        var sent = new List<string>
        {
            "insert: " + Sent(wire, () => key = db.Checks.Insert(new HealthCheck(0, At, null)).Id),
            "key: " + key,
            "insert again: " + Sent(wire, () => key = db.Checks.Insert(new HealthCheck(0, At.AddHours(1), null)).Id),
            "key: " + key,
        };

        // The advisory lock and the INSERT ... RETURNING go in one batch: prepared together, then bound and run together.
        Assert.Equal(["insert: 2 QPDPDSBEBES", "key: 1", "insert again: 1 QBEBES", "key: 2"], sent);
        Assert.Equal(At.AddHours(1), db.Checks.Get(2).StartedTs);
    }

    /// <summary>
    /// Why a write inside a transaction is not prepared: PostgreSQL refuses a statement on a table that is gone while
    /// preparing it, which inside a transaction would abort the transaction before the write's savepoint. Sent unprepared
    /// after its <c>SAVEPOINT</c>, the refused write is undone alone and the transaction commits what else it wrote, as on
    /// SQLite; outside a transaction the same write is refused with the same error.
    /// </summary>
    [Fact]
    public async Task A_write_refused_at_preparation_fails_alone_and_inside_a_transaction_leaves_the_transaction_going()
    {
        string address = server.CreateDatabase();
        await using var wire = new WireCounter(new NpgsqlConnectionStringBuilder(address).Port);
        await using NpgsqlDataSource dataSource = Relayed(address, wire);
        using MonitorDb.PostgreSql db = MonitorDb.OpenPostgreSql(dataSource);
        await using (NpgsqlCommand drop = dataSource.CreateCommand("DROP TABLE incidents"))
            await drop.ExecuteNonQueryAsync();
        var incident = new Incident(0, 1, Severity.High);

        var outside = Assert.Throws<SqliteGenException>(() => db.Incidents.Insert(incident));
        Assert.Equal("Insert on 'incidents' failed: relation \"incidents\" does not exist (PostgreSQL 42P01).", outside.Message);

        string inside = "";
        db.Write(tx =>
        {
            tx.Checks.Insert(new HealthCheck(0, At, null));
            inside = Assert.Throws<SqliteGenException>(() => tx.Incidents.Insert(incident)).Message;
            tx.Checks.Insert(new HealthCheck(0, At.AddHours(1), null));
        });

        Assert.Equal(outside.Message, inside);
        Assert.Equal(2L, db.Checks.Count());
        Assert.DoesNotContain(PreparedStatements(dataSource), s => s.Contains("incidents", StringComparison.Ordinal));
    }
}
