using System;
using System.Collections.Generic;
using System.Linq;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.Tests;

/// <summary>Constraint failures become SqliteGen's own clear errors, and leave nothing half-written.</summary>
public sealed class ConstraintTests : LearningDbTest
{
    [Fact]
    public void A_duplicate_unique_value_names_the_table_and_column()
    {
        Db.Users.Insert(NewUser("same@example.com"));
        var error = Assert.Throws<ConstraintViolationException>(() => Db.Users.Insert(NewUser("same@example.com")));

        Assert.Equal(ConstraintKind.Unique, error.Kind);
        Assert.Equal("users", error.Table);
        Assert.Equal("users.email", error.Columns);
        Assert.Contains("Insert on 'users' failed: a row with the same users.email already exists", error.Message);
    }

    [Fact]
    public void A_duplicate_primary_key_is_a_unique_violation()
    {
        User user = NewUser("a@example.com");
        Db.Users.Insert(user);
        var error = Assert.Throws<ConstraintViolationException>(() => Db.Users.Insert(user with { Email = "b@example.com" }));
        Assert.Equal(ConstraintKind.Unique, error.Kind);
        Assert.Equal("users.user_id", error.Columns);
    }

    [Fact]
    public void Foreign_keys_are_enforced_and_actions_applied()
    {
        var missingOwner = new Syllabus(Guid.NewGuid(), Guid.NewGuid(), "t", "l", new SyllabusContent("x", new List<string>()));
        var error = Assert.Throws<ConstraintViolationException>(() => Db.Syllabi.Insert(missingOwner));
        Assert.Equal(ConstraintKind.ForeignKey, error.Kind);
        Assert.Equal(0, Db.Syllabi.Count());

        User owner = NewUser("owner@example.com");
        Db.Users.Insert(owner);
        Db.Syllabi.Insert(missingOwner with { UserId = owner.UserId });
        Db.Users.Delete(owner.UserId);
        Assert.Null(Db.Syllabi.Get(missingOwner.SyllabusId).UserId); // ON DELETE SET NULL
    }

    [Fact]
    public void Check_constraints_and_not_null_are_enforced()
    {
        User user = NewUser("c@example.com");
        Db.Users.Insert(user);
        var syllabus = new Syllabus(Guid.NewGuid(), null, "t", "l", new SyllabusContent("x", new List<string>()));
        Db.Syllabi.Insert(syllabus);

        var check = Assert.Throws<ConstraintViolationException>(() =>
            Db.Enrollments.Insert(new Enrollment(user.UserId, syllabus.SyllabusId, 1.5, EnrollmentStatus.Active)));
        Assert.Equal(ConstraintKind.Check, check.Kind);
        Assert.Contains("progress BETWEEN 0 AND 1", check.Message);

        var notNull = Assert.Throws<ConstraintViolationException>(() => Db.Users.Insert(NewUser(null!)));
        Assert.Equal(ConstraintKind.NotNull, notNull.Kind);
        Assert.Equal("users.email", notNull.Columns);
    }

    [Fact]
    public void A_failing_InsertMany_names_the_item_and_writes_nothing()
    {
        List<User> users = Enumerable.Range(0, 100).Select(i => NewUser($"u{i}@example.com")).ToList();
        users[57] = users[57] with { Email = "u3@example.com" };

        var error = Assert.Throws<ConstraintViolationException>(() => Db.Users.InsertMany(users));
        Assert.Contains("item 57", error.Message);
        Assert.Equal(0, Db.Users.Count());

        // The writer is usable again afterwards.
        Db.Users.Insert(NewUser("after@example.com"));
        Assert.Equal(1, Db.Users.Count());
    }
}
