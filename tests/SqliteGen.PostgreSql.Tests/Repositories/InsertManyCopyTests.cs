using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using SqliteGen.PostgreSql.Tests.Entities;
using SqliteGen.Tests.Entities;
using SqliteGen.Tests.Search;
using Xunit;

namespace SqliteGen.PostgreSql.Tests.Repositories;

/// <summary>
/// What a list InsertMany sends as one binary COPY does on the server as an INSERT of the same rows does, shown with the
/// server's own answers: the statement and row triggers fire (the vector change log's among them, so a search sees the
/// rows), every value of every kind is what SQLite stores for the same entities (NULLs too), a value PostgreSQL refuses
/// (a NUL in text) is named by its item with nothing written, and a cancelled COPY leaves nothing and a usable connection.
/// The refusals both engines share, and the sizes around the bulk forms, are <see cref="EngineScenarios"/>'.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class InsertManyCopyTests(PostgresServer server) : IDisposable
{
    private readonly List<NpgsqlDataSource> _dataSources = [];
    private readonly string _folder = Directory.CreateTempSubdirectory("sqlitegen-copyins-").FullName;

    public void Dispose()
    {
        foreach (NpgsqlDataSource dataSource in _dataSources)
            dataSource.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private NpgsqlDataSource NewDataSource() => PostgreSqlScenarios.NewDataSource(server, _dataSources);

    private static long Scalar(NpgsqlDataSource dataSource, string sql)
    {
        using NpgsqlCommand command = dataSource.CreateCommand(sql);
        return Convert.ToInt64(command.ExecuteScalar());
    }

    private static List<User> Users(string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => new User(Guid.NewGuid(), $"{prefix}{i}@example.com", "User " + i, new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero).AddMinutes(i))).ToList();

    /// <summary>
    /// A list of 150 rows goes as one statement: a FOR EACH STATEMENT trigger counts one INSERT statement (PostgreSQL
    /// fires INSERT triggers for COPY), a FOR EACH ROW trigger sees every row, while 19 rows go as 19 INSERTs.
    /// </summary>
    [Fact]
    public void A_list_sent_by_COPY_fires_the_statement_trigger_once_and_the_row_trigger_for_every_row()
    {
        NpgsqlDataSource dataSource = NewDataSource();
        using LearningDb.PostgreSql db = LearningDb.OpenPostgreSql(dataSource);
        using (NpgsqlCommand setup = dataSource.CreateCommand("""
            CREATE TABLE fired (what text NOT NULL);
            CREATE FUNCTION log_fired() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO fired VALUES (TG_LEVEL); RETURN NULL; END $$;
            CREATE TRIGGER users_statement AFTER INSERT ON users FOR EACH STATEMENT EXECUTE FUNCTION log_fired();
            CREATE TRIGGER users_row AFTER INSERT ON users FOR EACH ROW EXECUTE FUNCTION log_fired();
            """))
            setup.ExecuteNonQuery();

        Assert.Equal(150, db.Users.InsertMany(Users("copied", 150)));
        Assert.Equal(1L, Scalar(dataSource, "SELECT count(*) FROM fired WHERE what = 'STATEMENT'"));
        Assert.Equal(150L, Scalar(dataSource, "SELECT count(*) FROM fired WHERE what = 'ROW'"));

        Assert.Equal(19, db.Users.InsertMany(Users("inserted", 19)));
        Assert.Equal(1L + 19, Scalar(dataSource, "SELECT count(*) FROM fired WHERE what = 'STATEMENT'"));
        Assert.Equal(169L, Scalar(dataSource, "SELECT count(*) FROM fired WHERE what = 'ROW'"));
    }

    /// <summary>
    /// Rows of every mapped kind, every third one all NULLs, sent by COPY to PostgreSQL and by InsertMany to a SQLite file:
    /// each reads back from PostgreSQL as it reads back from SQLite, and as given.
    /// </summary>
    [Fact]
    public async Task Every_kind_sent_by_COPY_reads_back_as_SQLite_stores_the_same_entities()
    {
        List<AllTypes> rows = Enumerable.Range(1, 150)
            .Select(i => i % 3 == 0 ? EngineScenarios.Nulls(i) : EngineScenarios.Everything(i) with { Int32 = i, String = "row " + i, NString = i % 3 == 1 ? null : "n" + i })
            .ToList();
        using TypesDb sqlite = TypesDb.Open(Path.Combine(_folder, "types.db"));
        await using TypesDb.PostgreSql postgres = TypesDb.OpenPostgreSql(NewDataSource());
        Assert.Equal(rows.Count, sqlite.AllTypes.InsertMany(rows));
        Assert.Equal(rows.Count, await postgres.AllTypes.InsertManyAsync(rows));

        Dictionary<int, AllTypes> fromSqlite = sqlite.AllTypes.All().ToDictionary(r => r.Id);
        Dictionary<int, AllTypes> fromPostgres = postgres.AllTypes.All().ToDictionary(r => r.Id);
        Assert.Equal(rows.Count, fromPostgres.Count);
        foreach (AllTypes row in rows)
        {
            EngineScenarios.AssertSameRow(fromSqlite[row.Id], fromPostgres[row.Id]);
            EngineScenarios.AssertSameRow(row, fromPostgres[row.Id]);
        }
    }

    /// <summary>
    /// A NUL in a text value, which PostgreSQL's text cannot hold (SQLite's can), refuses the COPY; the list is sent again
    /// row by row and the error names the item and PostgreSQL's reason; nothing of it is written, inside a transaction too.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(130)]
    [InlineData(199)]
    public void A_text_with_a_NUL_is_refused_naming_its_item_and_nothing_is_written(int item)
    {
        NpgsqlDataSource dataSource = NewDataSource();
        using LearningDb.PostgreSql db = LearningDb.OpenPostgreSql(dataSource);
        List<User> users = Users("nul", 200);
        users[item] = users[item] with { Name = "before\0after" };

        var error = Assert.Throws<SqliteGenException>(() => db.Users.InsertMany(users));
        Assert.Contains($"InsertMany into 'users' failed at item {item}", error.Message, StringComparison.Ordinal);
        Assert.Contains("22021", error.Message, StringComparison.Ordinal); // character_not_in_repertoire / invalid byte sequence
        Assert.Equal(0L, db.Users.Count());

        User after = Users("after", 1)[0];
        db.Write(tx =>
        {
            var inside = Assert.Throws<SqliteGenException>(() => tx.Users.InsertMany(users));
            Assert.Contains($"failed at item {item}", inside.Message, StringComparison.Ordinal);
            tx.Users.Insert(after);
        });
        Assert.Equal([after], db.Users.All());
    }

    /// <summary>
    /// The vector change log's row triggers log a COPY's rows: after a search loaded the resident index, a list sent by
    /// COPY is applied to it as 150 logged changes, no reload, and the next search finds the new nearest row.
    /// </summary>
    [Fact]
    public void A_search_after_a_COPY_sees_its_rows_through_the_change_log()
    {
        using SearchDb.PostgreSql db = SearchDb.OpenPostgreSql(NewDataSource());
        var random = new Random(41);
        db.VectorRows.InsertMany(Enumerable.Range(1, 200).Select(id => SearchFixture.RandomRow(random, id)).ToList());
        float[] query = SearchFixture.RandomVector(random, 8);
        long nearest = db.VectorRows.NearestByL2x8(query, 1).Single().Item.Id; // the load
        Assert.InRange(nearest, 1, 200);
        int loads = PostgreSqlVectorSearch<long>.Loads;
        int changes = PostgreSqlVectorSearch<long>.Changes;

        List<VectorRow> copied = Enumerable.Range(1001, 150).Select(id => SearchFixture.RandomRow(random, id)).ToList();
        copied[77] = copied[77] with { L2x8 = query };
        Assert.Equal(150, db.VectorRows.InsertMany(copied));

        Assert.Equal(1078L, db.VectorRows.NearestByL2x8(query, 1).Single().Item.Id);
        Assert.Equal(loads, PostgreSqlVectorSearch<long>.Loads);
        Assert.Equal(changes + 150, PostgreSqlVectorSearch<long>.Changes);
    }

    /// <summary>
    /// A COPY cancelled between two rows (the list's indexer cancels the token when the COPY reads item 120) is cancelled on
    /// the server: nothing is written, the connection goes on, and inside a transaction the transaction commits its other
    /// writes without the list's.
    /// </summary>
    [Fact]
    public async Task A_COPY_cancelled_midway_writes_nothing_and_the_connection_goes_on()
    {
        NpgsqlDataSource dataSource = NewDataSource();
        await using LearningDb.PostgreSql db = LearningDb.OpenPostgreSql(dataSource);
        List<User> users = Users("cancelled", 300);

        using (var cancel = new CancellationTokenSource())
        {
            var list = new CancellingList<User>(users, 120, cancel);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await db.Users.InsertManyAsync(list, cancel.Token));
            Assert.True(list.Cancelled);
        }
        Assert.Equal(0L, await db.Users.CountAsync());

        User after = Users("after", 1)[0];
        await db.WriteAsync(async (tx, token) =>
        {
            using var cancel = new CancellationTokenSource();
            var list = new CancellingList<User>(users, 120, cancel);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await tx.Users.InsertManyAsync(list, cancel.Token));
            await tx.Users.InsertAsync(after, token);
        });
        Assert.Equal([after], db.Users.All());

        Assert.Equal(300, await db.Users.InsertManyAsync(users));
        Assert.Equal(301L, Scalar(dataSource, "SELECT count(*) FROM users"));
    }

    /// <summary>A list that cancels <paramref name="cancel"/> when item <paramref name="at"/> is read the second time (the COPY's read, after the check for null items).</summary>
    private sealed class CancellingList<T>(List<T> items, int at, CancellationTokenSource cancel) : IReadOnlyList<T>
    {
        private int _reads;

        public bool Cancelled => cancel.IsCancellationRequested;

        public T this[int index]
        {
            get
            {
                if (index == at && ++_reads == 2)
                    cancel.Cancel();
                return items[index];
            }
        }

        public int Count => items.Count;

        public IEnumerator<T> GetEnumerator() => items.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
