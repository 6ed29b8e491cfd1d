using System;
using System.Collections.Generic;
using System.Linq;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.Tests;

/// <summary>Constraint failures become SqliteGen's own clear errors, and leave nothing half-written.</summary>
public sealed class ConstraintTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly LearningDb _db;

    public ConstraintTests() => _db = LearningDb.Open(_folder.File());

    public void Dispose()
    {
        _db.Dispose();
        _folder.Dispose();
    }

    private static User NewUser(string email) => new(Guid.NewGuid(), email, "n", DateTimeOffset.UnixEpoch);

    [Fact]
    public void A_duplicate_unique_value_names_the_table_and_column()
    {
        _db.Users.Insert(NewUser("same@example.com"));
        var error = Assert.Throws<ConstraintViolationException>(() => _db.Users.Insert(NewUser("same@example.com")));

        Assert.Equal(ConstraintKind.Unique, error.Kind);
        Assert.Equal("users", error.Table);
        Assert.Equal("users.email", error.Columns);
        Assert.Contains("Insert on 'users' failed: a row with the same users.email already exists", error.Message);
    }

    [Fact]
    public void A_duplicate_primary_key_is_a_unique_violation()
    {
        User user = NewUser("a@example.com");
        _db.Users.Insert(user);
        var error = Assert.Throws<ConstraintViolationException>(() => _db.Users.Insert(user with { Email = "b@example.com" }));
        Assert.Equal(ConstraintKind.Unique, error.Kind);
        Assert.Equal("users.user_id", error.Columns);
    }

    [Fact]
    public void Foreign_keys_are_enforced_and_actions_applied()
    {
        var missingOwner = new Syllabus(Guid.NewGuid(), Guid.NewGuid(), "t", "l", new SyllabusContent("x", new List<string>()));
        var error = Assert.Throws<ConstraintViolationException>(() => _db.Syllabi.Insert(missingOwner));
        Assert.Equal(ConstraintKind.ForeignKey, error.Kind);
        Assert.Equal(0, _db.Syllabi.Count());

        User owner = NewUser("owner@example.com");
        _db.Users.Insert(owner);
        _db.Syllabi.Insert(missingOwner with { UserId = owner.UserId });
        _db.Users.Delete(owner.UserId);
        Assert.Null(_db.Syllabi.Get(missingOwner.SyllabusId).UserId); // ON DELETE SET NULL
    }

    [Fact]
    public void Check_constraints_and_not_null_are_enforced()
    {
        User user = NewUser("c@example.com");
        _db.Users.Insert(user);
        var syllabus = new Syllabus(Guid.NewGuid(), null, "t", "l", new SyllabusContent("x", new List<string>()));
        _db.Syllabi.Insert(syllabus);

        var check = Assert.Throws<ConstraintViolationException>(() =>
            _db.Enrollments.Insert(new Enrollment(user.UserId, syllabus.SyllabusId, 1.5, EnrollmentStatus.Active)));
        Assert.Equal(ConstraintKind.Check, check.Kind);
        Assert.Contains("progress BETWEEN 0 AND 1", check.Message);

        var notNull = Assert.Throws<ConstraintViolationException>(() => _db.Users.Insert(NewUser(null!)));
        Assert.Equal(ConstraintKind.NotNull, notNull.Kind);
        Assert.Equal("users.email", notNull.Columns);
    }

    [Fact]
    public void A_failing_InsertMany_names_the_item_and_writes_nothing()
    {
        List<User> users = Enumerable.Range(0, 100).Select(i => NewUser($"u{i}@example.com")).ToList();
        users[57] = users[57] with { Email = "u3@example.com" };

        var error = Assert.Throws<ConstraintViolationException>(() => _db.Users.InsertMany(users));
        Assert.Contains("item 57", error.Message);
        Assert.Equal(0, _db.Users.Count());

        // The writer is usable again afterwards.
        _db.Users.Insert(NewUser("after@example.com"));
        Assert.Equal(1, _db.Users.Count());
    }
}
