using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.PostgreSql.Tests.Repositories;

/// <summary>
/// InsertMany of lists, the sizes PostgreSQL sends in bulk (one binary COPY from 20 rows; multi-row INSERTs of 500 below
/// that for a table too wide for 20 rows a statement; row by row under both) and around their edges, on both engines: the same rows, the same assigned keys, the same
/// refusals named by item, and nothing of a refused list written, outside a transaction and inside one that goes on.
/// </summary>
public abstract partial class EngineScenarios
{
    /// <summary>
    /// A list of each size is written whole, in both forms: the identity keys are assigned in the list's order (a COPY
    /// leaves the identity column out, as the INSERT does, so the column takes its default), every row reads back as
    /// given, and a later single Insert takes the next key.
    /// </summary>
    [Theory]
    [InlineData(1, false)]
    [InlineData(19, true)]
    [InlineData(20, false)]
    [InlineData(21, true)]
    [InlineData(499, false)]
    [InlineData(500, true)]
    [InlineData(501, false)]
    [InlineData(1001, true)]
    public async Task InsertMany_of_a_list_of_any_size_writes_every_row_with_keys_in_its_order(int size, bool async)
    {
        await using ILearningDb db = OpenLearning();
        List<User> users = Enumerable.Range(0, size).Select(i => NewUser($"user{i}@example.com", "User " + i)).ToList();
        Syllabus syllabus = NewSyllabus(users[0].UserId);
        Lesson[] lessons = Enumerable.Range(1, size).Select(p => new Lesson(0, syllabus.SyllabusId, p, "Lesson " + p, p % 2 == 0)).ToArray();
        if (async)
        {
            Assert.Equal(size, await db.Users.InsertManyAsync(users));
            await db.Syllabi.InsertAsync(syllabus);
            Assert.Equal(size, await db.Lessons.InsertManyAsync(lessons));
        }
        else
        {
            Assert.Equal(size, db.Users.InsertMany(users));
            db.Syllabi.Insert(syllabus);
            Assert.Equal(size, db.Lessons.InsertMany(lessons));
        }

        Dictionary<Guid, User> storedUsers = db.Users.All().ToDictionary(u => u.UserId);
        Assert.Equal(size, storedUsers.Count);
        Assert.All(users, user => Assert.Equal(user, storedUsers[user.UserId]));
        // The key of the lesson at position p is p: assigned one by one in the list's order.
        Assert.Equal(lessons.Select(l => l with { LessonId = l.Position }), db.Lessons.All().OrderBy(l => l.LessonId));
        Lesson next = db.Lessons.Insert(new Lesson(0, syllabus.SyllabusId, size + 1, "After", false));
        Assert.Equal(size + 1, next.LessonId);
    }

    /// <summary>
    /// A row refused by a UNIQUE index, a foreign key or a CHECK at the first, a middle or the last item of a list sent in
    /// bulk is named by its item with the constraint's kind, and nothing of the list is written; inside a transaction the
    /// refused list is undone alone and the transaction goes on to commit its other writes.
    /// </summary>
    [Theory]
    [InlineData("unique", 20, 19)]
    [InlineData("unique", 150, 0)]
    [InlineData("unique", 150, 74)]
    [InlineData("unique", 150, 149)]
    [InlineData("unique", 600, 599)]
    [InlineData("foreign key", 100, 0)]
    [InlineData("foreign key", 101, 50)]
    [InlineData("foreign key", 120, 119)]
    [InlineData("check", 130, 0)]
    [InlineData("check", 130, 65)]
    [InlineData("check", 130, 129)]
    public async Task A_row_refused_in_a_list_sent_in_bulk_is_named_and_nothing_of_the_list_is_written(string constraint, int size, int item)
    {
        await using ILearningDb db = OpenLearning();
        User ada = NewUser("ada@example.com");
        db.Users.Insert(ada);
        Syllabus syllabus = NewSyllabus(ada.UserId);
        db.Syllabi.Insert(syllabus);
        // Enrollments are one per user and syllabus: the users they name are written first.
        List<User> learners = Enumerable.Range(0, constraint == "check" ? size : 0).Select(i => NewUser($"learner{i}@example.com")).ToList();
        db.Users.InsertMany(learners);
        long users = db.Users.Count();

        Refused refused;
        if (constraint == "unique")
        {
            List<User> rows = Enumerable.Range(0, size).Select(i => NewUser(i == item ? "ada@example.com" : $"new{i}@example.com")).ToList();
            refused = new Refused(ConstraintKind.Unique, () => db.Users.Count(), () => db.Users.InsertMany(rows), async () => await db.Users.InsertManyAsync(rows),
                tx => tx.Users.InsertMany(rows), async tx => await tx.Users.InsertManyAsync(rows));
        }
        else if (constraint == "foreign key")
        {
            List<Lesson> rows = Enumerable.Range(1, size).Select(p => new Lesson(0, p - 1 == item ? Guid.NewGuid() : syllabus.SyllabusId, p, "L" + p, false)).ToList();
            refused = new Refused(ConstraintKind.ForeignKey, () => db.Lessons.Count(), () => db.Lessons.InsertMany(rows), async () => await db.Lessons.InsertManyAsync(rows),
                tx => tx.Lessons.InsertMany(rows), async tx => await tx.Lessons.InsertManyAsync(rows));
        }
        else
        {
            List<Enrollment> rows = learners.Select((learner, i) => new Enrollment(learner.UserId, syllabus.SyllabusId, i == item ? 1.5 : i / (double)size, EnrollmentStatus.Active)).ToList();
            refused = new Refused(ConstraintKind.Check, () => db.Enrollments.Count(), () => db.Enrollments.InsertMany(rows), async () => await db.Enrollments.InsertManyAsync(rows),
                tx => tx.Enrollments.InsertMany(rows), async tx => await tx.Enrollments.InsertManyAsync(rows));
        }
        long before = refused.Count();

        var error = Assert.Throws<ConstraintViolationException>(() => refused.InsertMany());
        Assert.Equal(refused.Kind, error.Kind);
        Assert.Contains($"failed at item {item}", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, refused.Count());

        var asyncError = await Assert.ThrowsAsync<ConstraintViolationException>(() => refused.InsertManyAsync());
        Assert.Contains($"failed at item {item}", asyncError.Message, StringComparison.Ordinal);
        Assert.Equal(before, refused.Count());

        User after = NewUser("after@example.com");
        await db.WriteAsync(async (tx, token) =>
        {
            var inside = await Assert.ThrowsAsync<ConstraintViolationException>(() => refused.InsideAsync(tx));
            Assert.Contains($"failed at item {item}", inside.Message, StringComparison.Ordinal);
            var insideSync = Assert.Throws<ConstraintViolationException>(() => refused.Inside(tx));
            Assert.Contains($"failed at item {item}", insideSync.Message, StringComparison.Ordinal);
            await tx.Users.InsertAsync(after, token);
        });
        Assert.Equal(before + (constraint == "unique" ? 1 : 0), refused.Count()); // the list's table: none of the list
        Assert.Equal(users + 1, db.Users.Count());
        Assert.Equal(after, db.Users.Get(after.UserId));
    }

    /// <summary>
    /// A list one row of which is refused, sent by the database's tables (<see cref="InsertMany"/>,
    /// <see cref="InsertManyAsync"/>) or a transaction's (<see cref="Inside"/>, <see cref="InsideAsync"/>); <see cref="Count"/>
    /// counts its table's rows.
    /// </summary>
    private sealed record Refused(ConstraintKind Kind, Func<long> Count, Func<int> InsertMany, Func<Task<int>> InsertManyAsync,
        Func<LearningDb.IWriteTransaction, int> Inside, Func<LearningDb.IWriteTransaction, Task<int>> InsideAsync);
}
