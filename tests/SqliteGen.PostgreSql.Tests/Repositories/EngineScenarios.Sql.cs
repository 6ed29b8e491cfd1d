using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using SqliteGen.PostgreSql.Tests.Entities;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.PostgreSql.Tests.Repositories;

/// <summary>
/// Ad-hoc SQL (<c>db.Sql</c>, through <see cref="IDatabaseSql"/> on the generated interfaces): the same SQL text and the
/// same <see cref="SqlParameters"/> on a SQLite file and on the server give the same rows, scalars, counts and errors.
/// The SQL is what both engines accept (double-quoted names, <c>||</c>, <c>CAST</c>); PostgreSQL's own forms (casts with
/// <c>::</c>, <c>E''</c> strings, dollar quotes, lists as <c>jsonb</c>) are in <c>Sql/PostgreSqlDatabaseSqlTests</c>.
/// </summary>
public abstract partial class EngineScenarios
{
    [Fact]
    public void Sql_reads_every_column_kind_and_null_as_entities_and_scalars()
    {
        using ITypesDb db = OpenTypes();
        AllTypes full = Everything(1);
        AllTypes nulls = Nulls(2);
        db.AllTypes.InsertMany([full, nulls]);
        IDatabaseSql sql = db.Sql;

        // Entities by their generated readers, a parameter in each of the three forms.
        AssertSameRow(full, sql.QuerySingle<AllTypes>("SELECT * FROM all_types WHERE id = $id", new SqlParameters { { "id", 1 } }));
        AssertSameRow(nulls, sql.QuerySingle<AllTypes>("SELECT * FROM all_types WHERE id = :id", new SqlParameters { { ":id", 2 } }));
        IReadOnlyList<AllTypes> both = sql.Query<AllTypes>("SELECT * FROM all_types WHERE id >= @low ORDER BY id", new SqlParameters { { "@low", 0 } });
        Assert.Equal(2, both.Count);
        AssertSameRow(full, both[0]);
        AssertSameRow(nulls, both[1]);

        // Scalars of every stored type, from the column of that type.
        T One<T>(string column, int id = 1) => sql.QuerySingle<T>($"SELECT {column} FROM all_types WHERE id = $id", new SqlParameters { { "id", id } });
        Assert.True(One<bool>("\"bool\""));
        Assert.Equal(full.Byte, One<byte>("\"byte\""));
        Assert.Equal(full.Int16, One<short>("int16"));
        Assert.Equal(full.Int32, One<int>("int32"));
        Assert.Equal(full.UInt32, One<uint>("u_int32"));
        Assert.Equal(full.Int64, One<long>("int64"));
        Assert.Equal(full.UInt64, One<ulong>("u_int64"));
        Assert.Equal(full.Single, One<float>("single"));
        Assert.Equal(full.Double, One<double>("\"double\""));
        Assert.Equal(full.Decimal, One<decimal>("\"decimal\""));
        Assert.Equal(full.String, One<string>("\"string\""));
        Assert.Equal(full.Bytes, One<byte[]>("bytes"));
        Assert.Equal(full.Guid, One<Guid>("guid"));
        Assert.Equal(full.DateTime, One<DateTime>("date_time"));
        Assert.Equal(DateTimeKind.Utc, One<DateTime>("date_time").Kind);
        Assert.Equal(full.DateTimeOffset, One<DateTimeOffset>("date_time_offset"));
        Assert.Equal(full.DateOnly, One<DateOnly>("date_only"));
        Assert.Equal(full.TimeOnly, One<TimeOnly>("time_only"));
        Assert.Equal(full.TimeSpan, One<TimeSpan>("time_span"));
        Assert.Equal((long)full.Color, One<long>("color"));

        // NULL reads as the nullable forms, and is an error naming the type for the others.
        Assert.Null(One<Guid?>("n_guid", 2));
        Assert.Null(One<string>("n_string", 2));
        Assert.Null(One<DateTimeOffset?>("n_date_time_offset", 2));
        Assert.Equal(full.NGuid, One<Guid?>("n_guid"));
        var nullError = Assert.Throws<SqliteGenException>(() => One<Guid>("n_guid", 2));
        Assert.Contains("NULL, which Guid cannot hold", nullError.Message);

        // Aggregates: count(*), a sum and an average read as the numbers they are on both engines.
        Assert.Equal(2L, sql.QuerySingle<long>("SELECT count(*) FROM all_types"));
        Assert.Equal(2, sql.QuerySingle<int>("SELECT count(*) FROM all_types"));
        Assert.Equal(8_000_000_000L, sql.QuerySingle<long>("SELECT sum(u_int32) FROM all_types"));
        Assert.Equal(-2_000_000_000d, sql.QuerySingle<double>("SELECT avg(int32) FROM all_types"));
        Assert.Equal(["", full.String], sql.Query<string>("SELECT \"string\" FROM all_types UNION SELECT n_string FROM all_types WHERE n_string IS NOT NULL ORDER BY 1"));
    }

    [Fact]
    public async Task Sql_parameters_of_every_type_compare_with_their_columns()
    {
        using ITypesDb db = OpenTypes();
        AllTypes full = Everything(1);
        db.AllTypes.InsertMany([full, Nulls(2)]);
        IDatabaseSql sql = db.Sql;

        // Both rows hold the same values but for the key, the Guid and the nullable columns: each typed parameter finds both.
        var parameters = new (string Column, SqlParameters Value)[]
        {
            ("\"bool\"", new SqlParameters { { "v", true } }),
            ("int16", new SqlParameters { { "v", (int)full.Int16 } }),
            ("int32", new SqlParameters { { "v", full.Int32 } }),
            ("int64", new SqlParameters { { "v", full.Int64 } }),
            ("\"double\"", new SqlParameters { { "v", full.Double } }),
            ("\"decimal\"", new SqlParameters { { "v", full.Decimal } }),
            ("\"string\"", new SqlParameters { { "v", full.String } }),
            ("bytes", new SqlParameters { { "v", full.Bytes } }),
            ("date_time", new SqlParameters { { "v", full.DateTime } }),
            ("date_time_offset", new SqlParameters { { "v", full.DateTimeOffset } }),
            ("date_time_offset", new SqlParameters { { "v", full.DateTimeOffset.ToOffset(TimeSpan.FromHours(5)) } }),
            ("date_only", new SqlParameters { { "v", full.DateOnly } }),
            ("time_only", new SqlParameters { { "v", full.TimeOnly } }),
            ("time_span", new SqlParameters { { "v", full.TimeSpan } }),
            ("color", new SqlParameters { { "v", (long)full.Color } }),
        };
        foreach ((string column, SqlParameters value) in parameters)
            Assert.True(2 == sql.QuerySingle<long>($"SELECT count(*) FROM all_types WHERE {column} = $v", value), column);
        Assert.Equal(1L, sql.QuerySingle<long>("SELECT count(*) FROM all_types WHERE guid = $v", new SqlParameters { { "v", full.Guid } }));
        Assert.Equal(0L, sql.QuerySingle<long>("SELECT count(*) FROM all_types WHERE date_time = $v", new SqlParameters { { "v", full.DateTime.AddTicks(10) } }));

        // NULL binds as the type the SQL gives it, twice in one statement; a name used twice is one value.
        const string NullSafe = "SELECT id FROM all_types WHERE n_guid = $g OR ($g IS NULL AND n_guid IS NULL) ORDER BY id";
        Assert.Equal([2], sql.Query<int>(NullSafe, new SqlParameters().AddNull("g")));
        Assert.Equal([1], sql.Query<int>(NullSafe, new SqlParameters { { "g", full.NGuid } }));
        Assert.Equal([1], await sql.QueryAsync<int>("SELECT id FROM all_types WHERE n_date_time = $t AND n_int32 = :n", new SqlParameters { { "t", full.NDateTime }, { "n", full.NInt32 } }));
    }

    [Fact]
    public async Task Sql_writes_return_rows_and_fail_as_the_tables_do()
    {
        using ILearningDb db = OpenLearning();
        User ada = NewUser("ada@example.com");
        db.Users.Insert(ada);
        Syllabus syllabus = NewSyllabus(ada.UserId);
        db.Syllabi.Insert(syllabus);
        IDatabaseSql sql = db.Sql;

        Assert.Equal(1, sql.Execute("UPDATE users SET name = $name WHERE email = @email", new SqlParameters { { "name", "Ada L." }, { "email", "ada@example.com" } }));
        Assert.Equal(0, await sql.ExecuteAsync("UPDATE users SET name = $name WHERE email = @email", new SqlParameters { { "name", "x" }, { "email", "nobody@example.com" } }));
        Assert.Equal("Ada L.", db.Users.Get(ada.UserId).Name);

        // INSERT … RETURNING through Query: the identity (PostgreSQL) and AUTOINCREMENT (SQLite) give the same keys.
        const string Insert = "INSERT INTO lessons (syllabus_id, position, title, archived) VALUES ($syllabus, $position, $title, $archived) RETURNING lesson_id";
        Assert.Equal([1L], sql.Query<long>(Insert, new SqlParameters { { "syllabus", syllabus.SyllabusId }, { "position", 1 }, { "title", "Intro" }, { "archived", false } }));
        Assert.Equal([2L], await sql.QueryAsync<long>(Insert, new SqlParameters { { "syllabus", syllabus.SyllabusId }, { "position", 2 }, { "title", "Keys" }, { "archived", true } }));
        Assert.Equal([new Lesson(1, syllabus.SyllabusId, 1, "Intro", false), new Lesson(2, syllabus.SyllabusId, 2, "Keys", true)],
            sql.Query<Lesson>("SELECT * FROM lessons WHERE syllabus_id = $s ORDER BY lesson_id", new SqlParameters { { "s", syllabus.SyllabusId } }));

        // A JSON column and a nullable reference read by the entity's reader.
        Syllabus read = sql.QuerySingle<Syllabus>("SELECT * FROM syllabi WHERE user_id = $u", new SqlParameters { { "u", ada.UserId } });
        Assert.Equal(syllabus.SyllabusId, read.SyllabusId);
        AssertSameContent(syllabus.Content, read.Content);

        // The same constraint errors as the tables' writes: kind, table and columns.
        var duplicate = Assert.Throws<ConstraintViolationException>(() => sql.Execute(
            "INSERT INTO users (user_id, email, name, created_at) VALUES ($id, $email, 'Copy', $at)",
            new SqlParameters { { "id", Guid.NewGuid() }, { "email", "ada@example.com" }, { "at", s_created } }));
        Assert.Equal((ConstraintKind.Unique, "users", "users.email"), (duplicate.Kind, duplicate.Table, duplicate.Columns));
        var orphan = await Assert.ThrowsAsync<ConstraintViolationException>(async () => await sql.ExecuteAsync(
            "INSERT INTO enrollments (user_id, syllabus_id, progress, status) VALUES ($u, $s, 0.5, 1)",
            new SqlParameters { { "u", Guid.NewGuid() }, { "s", syllabus.SyllabusId } }));
        Assert.Equal(ConstraintKind.ForeignKey, orphan.Kind);
        var check = Assert.Throws<ConstraintViolationException>(() => sql.Execute(
            "INSERT INTO enrollments (user_id, syllabus_id, progress, status) VALUES ($u, $s, 2, 1)",
            new SqlParameters { { "u", ada.UserId }, { "s", syllabus.SyllabusId } }));
        Assert.Equal(ConstraintKind.Check, check.Kind); // (SQLite's message names no table for a CHECK or a foreign key)
        Assert.Equal(1L, db.Users.Count());

        // Inside a write transaction the database's Sql refuses to write (it would wait for the transaction's rows).
        db.Write(tx =>
        {
            tx.Users.Insert(NewUser("grace@example.com", "Grace"));
            Assert.Throws<InvalidOperationException>(() => sql.Execute("DELETE FROM users WHERE email = $e", new SqlParameters { { "e", "ada@example.com" } }));
        });
        Assert.Equal(2L, sql.QuerySingle<long>("SELECT count(*) FROM users"));
    }

    [Fact]
    public void Sql_leaves_parameter_forms_in_strings_comments_and_quoted_names_alone()
    {
        using IKeywordsDb db = OpenKeywords();
        KeywordOrder first = db.Orders.Insert(new KeywordOrder(0, "$x :y @z", "q1", null));
        KeywordOrder second = db.Orders.Insert(new KeywordOrder(0, "plain", "q2", "it's $g"));
        db.Lines.Insert(new KeywordLine(first.Id, 1, "line's text"));
        IDatabaseSql sql = db.Sql;

        // Keyword and quoted table and column names, read as the entity.
        Assert.Equal([first], sql.Query<KeywordOrder>("SELECT * FROM \"order\" WHERE \"select\" = $select", new SqlParameters { { "select", "$x :y @z" } }));
        Assert.Equal([second], sql.Query<KeywordOrder>("SELECT * FROM \"order\" WHERE \"a \"\"quoted\"\" col\" = :q AND \"group\" = 'it''s $g'", new SqlParameters { { "q", "q2" } }));
        Assert.Equal([new KeywordLine(first.Id, 1, "line's text")], sql.Query<KeywordLine>("SELECT * FROM \"select\" WHERE \"where\" = @w", new SqlParameters { { "w", first.Id } }));

        // $x, :y and @z inside a string, a quoted name and comments are text, not parameters: only $s is bound.
        const string Text = """
            SELECT '$x :y @z ''$q''' || $s AS "$alias :a @b" -- a comment with $c and :d
            /* and a block comment with @e */
            """;
        Assert.Equal("$x :y @z '$q'value", sql.QuerySingle<string>(Text, new SqlParameters { { "s", "value" } }));
        Assert.Equal(1L, sql.QuerySingle<long>("SELECT count(*) FROM \"order\" /* $skip */ WHERE \"select\" = '$x :y @z' -- :also\n AND \"group\" IS NULL"));
        Assert.Equal(1L, sql.QuerySingle<long>("SELECT CAST('1' AS INTEGER)"));

        // The errors name the parameter, on both engines.
        var missing = Assert.Throws<SqliteGenException>(() => sql.Query<KeywordOrder>("SELECT * FROM \"order\" WHERE \"select\" = $select AND '$q' <> $other", new SqlParameters { { "select", "x" } }));
        Assert.Contains("the parameter $other has no value", missing.Message);
        var unknown = Assert.Throws<SqliteGenException>(() => sql.Query<KeywordOrder>("SELECT * FROM \"order\" WHERE \"select\" = '$q'", new SqlParameters { { "q", "x" } }));
        Assert.Contains("a value was given for the parameter 'q', which the SQL does not use", unknown.Message);

        // Columns that are not the entity's, in table order, are an error naming the entity and the columns.
        var columns = Assert.Throws<SqliteGenException>(() => sql.Query<KeywordOrder>("SELECT id, \"select\" FROM \"order\""));
        Assert.Contains("are not the columns of order in table order", columns.Message);
        Assert.Contains("KeywordOrder", columns.Message);
        var two = Assert.Throws<SqliteGenException>(() => sql.Query<long>("SELECT id, \"select\" FROM \"order\""));
        Assert.Contains("a Int64 is read from a result of one column, and this one has 2", two.Message);
        var statements = Assert.Throws<SqliteGenException>(() => sql.Execute("DELETE FROM \"select\"; DELETE FROM \"order\""));
        Assert.Contains("more than one statement", statements.Message);
        Assert.Equal(2L, db.Orders.Count());
    }
}
