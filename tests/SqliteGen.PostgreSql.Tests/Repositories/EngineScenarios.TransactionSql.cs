using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.PostgreSql.Tests.Repositories;

/// <summary>
/// Ad-hoc SQL inside a write transaction (<c>tx.Sql</c>, through <see cref="LearningDb.IWriteTransaction"/>): on both
/// engines it reads the transaction's uncommitted writes, its own writes are seen by the transaction's tables and commit
/// or roll back with it, and a statement the engine refuses is undone alone (the same errors as <c>db.Sql</c>'s) while
/// the transaction goes on and commits what else it did.
/// </summary>
public abstract partial class EngineScenarios
{
    private const string InsertUser = "INSERT INTO users (user_id, email, name, created_at) VALUES ($id, $email, $name, $at)";

    private static SqlParameters UserValues(User user) =>
        new() { { "id", user.UserId }, { "email", user.Email }, { "name", user.Name }, { "at", user.CreatedAt } };

    [Fact]
    public void Sql_in_a_write_transaction_reads_its_writes_and_rolls_back_with_it()
    {
        using ILearningDb db = OpenLearning();
        User ada = NewUser("ada@example.com");
        User grace = NewUser("grace@example.com", "Grace");
        using (LearningDb.IWriteTransaction tx = db.BeginWrite())
        {
            // The table's write, read by tx.Sql; tx.Sql's writes, read by the table and by tx.Sql.
            tx.Users.Insert(ada);
            IDatabaseSql sql = tx.Sql;
            Assert.Same(sql, tx.Sql);
            Assert.Equal(ada, sql.QuerySingle<User>("SELECT * FROM users WHERE user_id = $id", new SqlParameters { { "id", ada.UserId } }));
            Assert.Equal(1, sql.Execute(InsertUser, UserValues(grace)));
            Assert.Equal(1, sql.Execute("UPDATE users SET name = $name WHERE email = $email", new SqlParameters { { "name", "Ada L." }, { "email", ada.Email } }));
            Assert.Equal("Ada L.", tx.Users.Get(ada.UserId).Name);
            Assert.Equal(grace, tx.Users.FindByEmail(grace.Email));
            Assert.Equal(["Ada L.", "Grace"], sql.Query<string>("SELECT name FROM users ORDER BY name"));

            // Outside the transaction nothing of it is seen yet.
            Assert.Equal(0L, db.Users.Count());
            Assert.Equal(0L, db.Sql.QuerySingle<long>("SELECT count(*) FROM users"));
            tx.Rollback();
        }
        Assert.Equal(0L, db.Sql.QuerySingle<long>("SELECT count(*) FROM users"));

        // Committed: the rows tx.Sql wrote and changed stay, keys assigned inside it included.
        Syllabus syllabus = NewSyllabus(ada.UserId);
        long lessonId = db.Write(tx =>
        {
            tx.Sql.Execute(InsertUser, UserValues(ada));
            tx.Syllabi.Insert(syllabus);
            return tx.Sql.QuerySingle<long>(
                "INSERT INTO lessons (syllabus_id, position, title, archived) VALUES ($s, 1, 'Intro', $a) RETURNING lesson_id",
                new SqlParameters { { "s", syllabus.SyllabusId }, { "a", false } });
        });
        Assert.Equal(1L, lessonId);
        Assert.Equal(ada, db.Users.Get(ada.UserId));
        Assert.Equal(new Lesson(1, syllabus.SyllabusId, 1, "Intro", false), db.Lessons.Get(1));
    }

    [Fact]
    public void Sql_refused_inside_a_write_transaction_is_undone_alone_and_the_transaction_commits_the_rest()
    {
        using ILearningDb db = OpenLearning();
        User ada = NewUser("ada@example.com");
        User bob = NewUser("bob@example.com");
        Syllabus syllabus = NewSyllabus(ada.UserId);
        db.Write(tx =>
        {
            tx.Users.Insert(ada);
            tx.Syllabi.Insert(syllabus);
            IDatabaseSql sql = tx.Sql;

            // A constraint: the same error as the tables' writes and db.Sql's.
            var duplicate = Assert.Throws<ConstraintViolationException>(() => sql.Execute(InsertUser, UserValues(NewUser("ada@example.com", "Copy"))));
            Assert.Equal((ConstraintKind.Unique, "users", "users.email"), (duplicate.Kind, duplicate.Table, duplicate.Columns));
            var orphan = Assert.Throws<ConstraintViolationException>(() => sql.Query<long>(
                "INSERT INTO lessons (syllabus_id, position, title, archived) VALUES ($s, 1, 'Orphan', $a) RETURNING lesson_id",
                new SqlParameters { { "s", Guid.NewGuid() }, { "a", false } }));
            Assert.Equal(ConstraintKind.ForeignKey, orphan.Kind);
            Assert.Equal(1, sql.Execute("UPDATE users SET name = 'x' WHERE user_id = $u", new SqlParameters { { "u", ada.UserId } }));
            var check = Assert.Throws<ConstraintViolationException>(() => sql.Execute(
                "INSERT INTO enrollments (user_id, syllabus_id, progress, status) VALUES ($u, $s, 2, 1)",
                new SqlParameters { { "u", ada.UserId }, { "s", syllabus.SyllabusId } }));
            Assert.Equal(ConstraintKind.Check, check.Kind);

            // SQL the engine refuses for another reason: an error naming the table, and the transaction goes on.
            var missing = Assert.ThrowsAny<SqliteGenException>(() => sql.QuerySingle<long>("SELECT count(*) FROM no_such_table"));
            Assert.IsNotType<ConstraintViolationException>(missing);
            Assert.Contains("no_such_table", missing.Message);

            // What the transaction did before and does after is all there.
            Assert.Equal(1, sql.Execute(InsertUser, UserValues(bob)));
            Assert.Equal(2L, sql.QuerySingle<long>("SELECT count(*) FROM users"));
            Assert.Equal("x", tx.Users.Get(ada.UserId).Name);
        });
        Assert.Equal(["ada@example.com", "bob@example.com"], db.Users.All().Select(u => u.Email).Order());
        Assert.Equal("x", db.Users.Get(ada.UserId).Name);
        Assert.Equal(0L, db.Lessons.Count());
        Assert.Equal(0L, db.Enrollments.Count());
    }

    [Fact]
    public async Task Sql_async_in_a_write_transaction_reads_its_writes_survives_a_refused_one_and_commits()
    {
        await using ILearningDb db = OpenLearning();
        User ada = NewUser("ada@example.com");
        User bob = NewUser("bob@example.com");
        await db.WriteAsync(async (tx, token) =>
        {
            IDatabaseSql sql = tx.Sql;
            Assert.Equal(1, await sql.ExecuteAsync(InsertUser, UserValues(ada), token));
            Assert.Equal([ada], await sql.QueryAsync<User>("SELECT * FROM users", cancellationToken: token));
            Assert.Equal(ada, await tx.Users.GetAsync(ada.UserId, token));
            var duplicate = await Assert.ThrowsAsync<ConstraintViolationException>(async () => await sql.ExecuteAsync(InsertUser, UserValues(ada with { Email = "other@example.com" }), token));
            Assert.Equal((ConstraintKind.Unique, "users.user_id"), (duplicate.Kind, duplicate.Columns));
            await Assert.ThrowsAnyAsync<SqliteGenException>(async () => await sql.QueryAsync<long>("SELECT count(*) FROM no_such_table", cancellationToken: token));
            Assert.Equal(1, await sql.ExecuteAsync(InsertUser, UserValues(bob), token));
        });
        Assert.Equal([ada, bob], db.Sql.Query<User>("SELECT * FROM users ORDER BY email"));

        // Rolled back by an exception: nothing of what tx.Sql wrote stays.
        await Assert.ThrowsAsync<TimeoutException>(() => db.WriteAsync(async (tx, token) =>
        {
            Assert.Equal(1, await tx.Sql.ExecuteAsync("DELETE FROM users WHERE email = $e", new SqlParameters { { "e", ada.Email } }, token));
            Assert.Equal([1L], await tx.Sql.QueryAsync<long>("SELECT count(*) FROM users", cancellationToken: token));
            throw new TimeoutException();
        }).AsTask());
        Assert.Equal(2L, await db.Users.CountAsync());
    }
}
