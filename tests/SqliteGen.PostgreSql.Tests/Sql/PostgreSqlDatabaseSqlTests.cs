using System;
using System.Collections.Generic;
using System.Linq;
using Npgsql;
using SqliteGen.PostgreSql.Tests.Repositories;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.PostgreSql.Tests.Sql;

/// <summary>
/// <c>db.Sql</c> on PostgreSQL with what only PostgreSQL has: <c>::</c> casts, <c>E''</c> strings and dollar quotes
/// around parameter-like text, lists bound as one <c>jsonb</c> array, the result's column types checked against the
/// entity's, and what is refused. The calls both engines share are in <c>Repositories/EngineScenarios.Sql.cs</c>.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlDatabaseSqlTests(PostgresServer server) : IDisposable
{
    private readonly List<NpgsqlDataSource> _dataSources = [];

    public void Dispose()
    {
        foreach (NpgsqlDataSource dataSource in _dataSources)
            dataSource.Dispose();
    }

    private LearningDb.PostgreSql Open() => LearningDb.OpenPostgreSql(PostgreSqlScenarios.NewDataSource(server, _dataSources));

    private static User NewUser(string email) => new(Guid.NewGuid(), email, "Ada", new DateTimeOffset(2026, 12, 6, 9, 30, 15, TimeSpan.Zero));

    [Fact]
    public void PostgreSql_forms_around_parameters_are_left_alone()
    {
        using LearningDb.PostgreSql db = Open();
        Assert.Equal(" $a :b $q ' :c5@", db.Sql.QuerySingle<string>("SELECT $q$ $a :b $q $q$ || E'\\' :c' || $x::text || $$@$$", new SqlParameters { { "x", 5 } }));
        Assert.Equal(3L, db.Sql.QuerySingle<long>("SELECT /* $a /* nested :b */ @c */ :n::bigint + '1'::int", new SqlParameters { { "n", 2 } }));
        Assert.Equal("x", db.Sql.QuerySingle<string>("SELECT \"$weird\" FROM (SELECT $v AS \"$weird\") AS t", new SqlParameters { { "v", "x" } }));
    }

    [Fact]
    public void A_list_is_one_jsonb_array()
    {
        using LearningDb.PostgreSql db = Open();
        User ada = NewUser("ada@example.com");
        User grace = NewUser("grace@example.com");
        db.Users.InsertMany([ada, grace, NewUser("linus@example.com")]);
        IReadOnlyList<User> found = db.Sql.Query<User>(
            "SELECT * FROM users WHERE user_id IN (SELECT value::uuid FROM jsonb_array_elements_text($ids)) ORDER BY email",
            new SqlParameters { { "ids", new[] { grace.UserId, ada.UserId } } });
        Assert.Equal([ada, grace], found);
        Assert.Equal(2L, db.Sql.QuerySingle<long>("SELECT count(*) FROM jsonb_array_elements($n)", new SqlParameters { { "n", new long[] { 1, 2 } } }));
        Assert.Empty(db.Sql.Query<User>("SELECT * FROM users WHERE email = ANY (SELECT jsonb_array_elements_text($e))", new SqlParameters { { "e", Array.Empty<string>() } }));
    }

    [Fact]
    public void A_column_of_another_type_is_an_error_naming_the_entity_and_the_column()
    {
        using LearningDb.PostgreSql db = Open();
        db.Users.Insert(NewUser("ada@example.com"));
        var error = Assert.Throws<SqliteGenException>(() => db.Sql.Query<User>("SELECT user_id, email, name, created_at::text AS created_at FROM users"));
        Assert.Contains("the result's column created_at is text, and User reads users.created_at as timestamptz", error.Message);
        var scalar = Assert.Throws<SqliteGenException>(() => db.Sql.QuerySingle<Guid>("SELECT created_at FROM users"));
        Assert.Contains("does not read as Guid", scalar.Message);
        var notStored = Assert.Throws<SqliteGenException>(() => db.Sql.Query<Version>("SELECT 1"));
        Assert.Contains("System.Version is neither an entity of LearningDb nor a stored scalar type", notStored.Message);
    }

    [Theory]
    [InlineData("SELECT * FROM users WHERE email = $1", "the parameter $1 is positional")]
    [InlineData("BEGIN", "BEGIN is not run through the data source's connections")]
    [InlineData("set search_path = public", "SET is not run through the data source's connections")]
    [InlineData("  -- nothing\n", "it holds no statement")]
    [InlineData("SELECT * FROM missing_table", "relation \"missing_table\" does not exist (PostgreSQL 42P01)")]
    public void Refused_sql_is_named_with_the_reason(string sql, string reason)
    {
        using LearningDb.PostgreSql db = Open();
        var error = Assert.Throws<SqliteGenException>(() => db.Sql.Execute(sql));
        Assert.Contains(reason, error.Message);
        Assert.Contains("Sql.Execute on LearningDb (PostgreSQL) failed", error.Message);
    }

    [Fact]
    public void Ddl_runs_and_changes_no_rows()
    {
        using LearningDb.PostgreSql db = Open();
        Assert.Equal(0, db.Sql.Execute("CREATE TABLE notes (id bigint PRIMARY KEY, body text)"));
        Assert.Equal(2, db.Sql.Execute("INSERT INTO notes VALUES (1, :a), (2, :b)", new SqlParameters { { "a", "x" }, { "b", "y" } }));
        Assert.Equal(["x", "y"], db.Sql.Query<string>("SELECT body FROM notes ORDER BY id"));
        Assert.Equal(0, db.Sql.Execute("DROP TABLE notes"));
    }
}
