using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Data.Sqlite;
using Npgsql;
using SqliteGen.Generator.Queries;
using SqliteGen.Generator.Queries.Lexing;
using SqliteGen.Generator.Schema;
using SqliteGen.PostgreSql.Tests;
using Xunit;

namespace SqliteGen.Generator.Tests;

/// <summary>
/// SQLG312's list of SQLite-only constructs (<see cref="PostgreSqlPortability"/>) against the two engines themselves:
/// every statement is prepared and run (in a transaction rolled back, on the same two tables of one row each, with the
/// same parameter values) on SQLite and on a real PostgreSQL 15 server, the PostgreSQL text with its parameters numbered
/// as the PostgreSQL target sends it (<see cref="PostgreSqlText"/>). SQLite must accept each; the check must report
/// exactly those PostgreSQL refuses: each entry of the list is a refusal seen, and the portable corpus stays silent.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class QueryEngineCheckOracleTests(PostgresServer server)
{
    private const string SqliteSchema = """
        CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT UNIQUE, name TEXT, score REAL, created TEXT, data TEXT, photo BLOB);
        CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id), title TEXT, body TEXT);
        INSERT INTO users VALUES (1, 'ann@example.com', 'ann', 1.5, '2026-01-01 00:00:00', '{"a":1}', x'00');
        INSERT INTO posts VALUES (1, 1, 'hello', 'world');
        """;

    private const string PostgreSqlSchema = """
        CREATE TABLE users (id bigint PRIMARY KEY, email text UNIQUE, name text, score double precision, created timestamptz, data jsonb, photo bytea);
        CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint REFERENCES users(id), title text, body text);
        INSERT INTO users VALUES (1, 'ann@example.com', 'ann', 1.5, '2026-01-01 00:00:00+00', '{"a":1}', '\x00');
        INSERT INTO posts VALUES (1, 1, 'hello', 'world');
        """;

    /// <summary>The value of each parameter name the statements use, the same on both engines.</summary>
    private static readonly Dictionary<string, object> s_values = new(StringComparer.Ordinal)
    {
        ["id"] = 7L,
        ["user"] = 1L,
        ["min"] = 0L,
        ["email"] = "new@example.com",
        ["name"] = "ann",
        ["pattern"] = "a*",
        ["low"] = 0.5,
        ["high"] = 2.5,
    };

    /// <summary>SQLite accepts each; PostgreSQL refuses each; the check names each.</summary>
    public static TheoryData<string> SqliteOnly => new()
    {
        "INSERT OR REPLACE INTO users (id, email, name) VALUES ($id, $email, $name)",
        "INSERT OR IGNORE INTO users (id, email, name) VALUES ($id, $email, $name)",
        "REPLACE INTO users (id, email, name) VALUES ($id, $email, $name)",
        "UPDATE OR IGNORE users SET name = $name WHERE id = $user",
        "SELECT id FROM users WHERE name GLOB $pattern",
        "SELECT id FROM users WHERE id == $id",
        "SELECT id FROM users WHERE name IS $name",
        "SELECT id FROM users WHERE name IS NOT $name",
        "SELECT id FROM users ORDER BY id LIMIT -1",
        "SELECT id FROM users ORDER BY id LIMIT 1, 10",
        "SELECT [name] FROM users",
        "SELECT `name` FROM users",
        "SELECT rowid FROM users",
        "SELECT _rowid_ FROM users",
        "SELECT oid FROM users",
        "SELECT CAST(name AS BLOB) AS b FROM users",
        "SELECT ifnull(name, '') AS n FROM users",
        "SELECT iif(score > 1, 'hi', 'lo') AS s FROM users",
        "SELECT instr(name, 'a') AS i FROM users",
        "SELECT printf('%d', id) AS p FROM users",
        "SELECT group_concat(name) AS g FROM users",
        "SELECT total(score) AS t FROM users",
        "SELECT typeof(name) AS t FROM users",
        "SELECT julianday('now') AS j FROM users",
        "SELECT strftime('%Y', 'now') AS y FROM users",
        "SELECT id FROM users WHERE created < datetime('now', '-1 hour')",
        "SELECT unixepoch() AS u FROM users",
        "SELECT json_extract(data, '$.a') AS a FROM users",
        "SELECT json_group_array(name) AS j FROM users",
        "SELECT json_group_object(name, id) AS j FROM users",
        "SELECT id FROM users WHERE id = last_insert_rowid()",
        "SELECT changes() AS c FROM users",
        "SELECT total_changes() AS c FROM users",
        "SELECT randomblob(4) AS r FROM users",
        "SELECT zeroblob(4) AS z FROM users",
        "SELECT hex(photo) AS h FROM users",
        "SELECT id FROM users WHERE unlikely(score > 1)",
        "SELECT id FROM users WHERE likely(score > 1)",
        "SELECT id FROM users WHERE likelihood(score > 1, 0.5)",
        "SELECT sqlite_version() AS v FROM users",
        "SELECT max(id, 5) AS m FROM users",
        "SELECT min(id, 5) AS m FROM users",
    };

    /// <summary>Both engines accept each (parameters numbered for PostgreSQL); the check is silent.</summary>
    public static TheoryData<string> Portable => new()
    {
        "SELECT * FROM users WHERE id = $id",
        "SELECT id, name FROM users WHERE email = $email AND name LIKE $pattern ORDER BY name LIMIT 10 OFFSET 5",
        "SELECT coalesce(name, '') AS n FROM users",
        "SELECT u.id, count(p.id) AS posts FROM users u LEFT JOIN posts p ON p.user_id = u.id GROUP BY u.id HAVING count(p.id) > 0",
        "INSERT INTO users (id, email, name) VALUES ($id, $email, $name) ON CONFLICT (id) DO UPDATE SET name = excluded.name",
        "INSERT INTO users (id, email, name) VALUES ($id, $email, $name) ON CONFLICT DO NOTHING",
        "INSERT INTO users (id, email, name) VALUES ($id, $email, $name) RETURNING id",
        "UPDATE users SET name = $name WHERE id = $user RETURNING id",
        "DELETE FROM posts WHERE user_id = :user",
        "SELECT id FROM users WHERE name IS NULL OR email IS NOT NULL",
        "SELECT CAST(id AS TEXT) AS t FROM users",
        "SELECT upper(name) AS u, lower(email) AS l, length(name) AS n, substr(name, 1, 2) AS s, replace(name, 'a', 'b') AS r, trim(name) AS t, abs(score) AS a FROM users",
        "SELECT max(id) AS m, min(score) AS s, sum(id) AS t, avg(score) AS a FROM users",
        "WITH recent AS (SELECT id FROM users WHERE id > @min) SELECT count(*) AS c FROM recent",
        "SELECT \"name\" FROM users",
        "SELECT id FROM users WHERE id IN (SELECT user_id FROM posts) ORDER BY id DESC",
        "SELECT name || '!' AS shout FROM users",
        "SELECT CASE WHEN score > 1 THEN 'hi' ELSE 'lo' END AS s FROM users",
        "SELECT id FROM users WHERE name <> $name AND id != $id",
        "SELECT nullif(name, '') AS n FROM users",
        "SELECT id FROM users WHERE EXISTS (SELECT 1 FROM posts WHERE posts.user_id = users.id)",
        "SELECT id FROM users UNION SELECT user_id FROM posts",
        "SELECT id FROM users WHERE score BETWEEN $low AND $high",
        "SELECT id FROM users WHERE email = '$not_a_parameter' OR name = ':nor_this'",
        "SELECT id FROM users -- $comment\nWHERE id = $id",
        "SELECT id FROM users ORDER BY id LIMIT 1",
        "SELECT replace(name, 'x', 'y') AS r FROM users WHERE id = $id AND $id > 0",
        "SELECT round(abs(id)) AS r FROM users",
        "SELECT count(DISTINCT name) AS n FROM users WHERE name NOT LIKE 'z%'",
        "SELECT t.id FROM users AS t JOIN posts AS p ON p.user_id = t.id WHERE p.title = $name",
        "UPDATE users SET score = score + 1 WHERE id = $user",
        "SELECT id FROM users WHERE CASE WHEN id > 0 THEN true ELSE false END",
    };

    [Theory]
    [MemberData(nameof(SqliteOnly))]
    public void What_the_check_reports_SQLite_runs_and_PostgreSQL_refuses(string sql)
    {
        Assert.Null(SqliteError(sql));
        Assert.NotNull(PostgreSqlError(sql));
        Assert.NotEmpty(Reported(sql));
    }

    [Theory]
    [MemberData(nameof(Portable))]
    public void What_both_engines_run_the_check_leaves_alone(string sql)
    {
        Assert.Null(SqliteError(sql));
        Assert.Null(PostgreSqlError(sql));
        Assert.Empty(Reported(sql));
    }

    [Fact]
    public void Named_parameters_become_numbers_in_order_of_the_method_outside_strings_comments_and_casts()
    {
        Assert.Equal("SELECT $2, ':a', \"$b\", x::text /* @c */ FROM t WHERE a = $1 AND b = $2 AND c = $1",
            PostgreSqlText.Numbered("SELECT $b, ':a', \"$b\", x::text /* @c */ FROM t WHERE a = :a AND b = @b AND c = $a", new[] { "a", "b" }));
        Assert.Equal("SELECT $tag$ $a $tag$, E'\\' $a', $1", PostgreSqlText.Numbered("SELECT $tag$ $a $tag$, E'\\' $a', $a", new[] { "a" }));
        Assert.Null(PostgreSqlText.Numbered("SELECT $unknown", new[] { "a" }));
        Assert.Null(PostgreSqlText.Parameters("SELECT 'not closed"));
    }

    private static List<SqliteOnlyConstruct> Reported(string sql) =>
        PostgreSqlPortability.Find(sql, SqlTokenizer.Tokenize(sql), Array.Empty<TableSchema>());

    /// <summary>The parameters as written in <paramref name="sql"/> (SQLite's tokens), in order, each once.</summary>
    private static List<string> ParametersOf(string sql) =>
        SqlTokenizer.Tokenize(sql).Where(t => t.Kind == SqlTokenKind.Parameter).Select(t => t.Value).Distinct().ToList();

    private static string? SqliteError(string sql)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using (var schema = connection.CreateCommand())
        {
            schema.CommandText = SqliteSchema;
            schema.ExecuteNonQuery();
        }
        using SqliteTransaction transaction = connection.BeginTransaction();
        try
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (string parameter in ParametersOf(sql))
                command.Parameters.AddWithValue(parameter, s_values[parameter.Substring(1)]);
            command.Prepare();
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
            }
            return null;
        }
        catch (SqliteException error)
        {
            return error.Message;
        }
    }

    private string? PostgreSqlError(string sql)
    {
        List<string> names = ParametersOf(sql).Select(p => p.Substring(1)).Distinct().ToList();
        string? numbered = PostgreSqlText.Numbered(sql, names);
        Assert.NotNull(numbered);
        using var connection = new NpgsqlConnection(s_database ??= CreateDatabase());
        connection.Open();
        using NpgsqlTransaction transaction = connection.BeginTransaction();
        try
        {
            using var command = new NpgsqlCommand(numbered, connection, transaction);
            foreach (string name in names)
                command.Parameters.Add(new NpgsqlParameter { Value = s_values[name] });
            command.Prepare();
            using NpgsqlDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
            }
            return null;
        }
        catch (PostgresException error)
        {
            return error.MessageText;
        }
        finally
        {
            transaction.Rollback();
        }
    }

    private static string? s_database;

    private string CreateDatabase()
    {
        string connectionString = server.CreateDatabase();
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(PostgreSqlSchema, connection);
        command.ExecuteNonQuery();
        return connectionString;
    }
}
