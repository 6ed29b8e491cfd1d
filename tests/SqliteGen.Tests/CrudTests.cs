using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.Tests;

public sealed class CrudTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly LearningDb _db;

    public CrudTests() => _db = LearningDb.Open(_folder.File());

    public void Dispose()
    {
        _db.Dispose();
        _folder.Dispose();
    }

    private static User NewUser(string email) => new(Guid.NewGuid(), email, "Ada " + email, new DateTimeOffset(2026, 11, 23, 9, 30, 15, TimeSpan.FromHours(2)).AddTicks(1234567));

    [Fact]
    public void Insert_then_get_and_find_return_the_same_record()
    {
        User user = NewUser("ada@example.com");
        _db.Users.Insert(user);

        Assert.Equal(user, _db.Users.Get(user.UserId));
        Assert.Equal(user, _db.Users.Find(user.UserId));
        Assert.Null(_db.Users.Find(Guid.NewGuid()));
        Assert.Equal(1, _db.Users.Count());
    }

    [Fact]
    public void Get_of_a_missing_key_names_the_table_and_key()
    {
        Guid missing = Guid.Parse("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
        var error = Assert.Throws<EntityNotFoundException>(() => _db.Users.Get(missing));
        Assert.Equal("users", error.Table);
        Assert.Contains("user_id = 3f2504e0-4f89-11d3-9a0c-0305e82c3301", error.Message);
    }

    [Fact]
    public void Update_and_delete_report_whether_a_row_was_there()
    {
        User user = NewUser("grace@example.com");
        _db.Users.Insert(user);

        Assert.True(_db.Users.Update(user with { Name = "Grace Hopper" }));
        Assert.Equal("Grace Hopper", _db.Users.Get(user.UserId).Name);
        Assert.False(_db.Users.Update(NewUser("nobody@example.com")));

        Assert.True(_db.Users.Delete(user.UserId));
        Assert.False(_db.Users.Delete(user.UserId));
        Assert.Equal(0, _db.Users.Count());
    }

    [Fact]
    public void Upsert_inserts_then_replaces_every_column()
    {
        User user = NewUser("linus@example.com");
        _db.Users.Upsert(user);
        _db.Users.Upsert(user with { Name = "Linus", Email = "linus@kernel.example" });

        User stored = _db.Users.Get(user.UserId);
        Assert.Equal("Linus", stored.Name);
        Assert.Equal("linus@kernel.example", stored.Email);
        Assert.Equal(1, _db.Users.Count());
    }

    [Fact]
    public void InsertMany_inserts_all_and_all_streams_them_back()
    {
        List<User> users = Enumerable.Range(0, 500).Select(i => NewUser($"user{i}@example.com")).ToList();
        Assert.Equal(500, _db.Users.InsertMany(users));

        var read = _db.Users.All().ToDictionary(u => u.UserId);
        Assert.Equal(500, read.Count);
        Assert.All(users, u => Assert.Equal(u, read[u.UserId]));
    }

    [Fact]
    public void FindBy_a_unique_index_returns_one_row_or_null()
    {
        User user = NewUser("unique@example.com");
        _db.Users.Insert(user);

        Assert.Equal(user, _db.Users.FindByEmail("unique@example.com"));
        Assert.Null(_db.Users.FindByEmail("other@example.com"));
    }

    [Fact]
    public void FindBy_a_composite_index_returns_every_match()
    {
        User owner = NewUser("owner@example.com");
        _db.Users.Insert(owner);
        var content = new SyllabusContent("Intro", new List<string> { "a", "b" });
        var wanted = new[]
        {
            new Syllabus(Guid.NewGuid(), owner.UserId, "sqlite", "beginner", content),
            new Syllabus(Guid.NewGuid(), null, "sqlite", "beginner", content),
        };
        _db.Syllabi.InsertMany(wanted);
        _db.Syllabi.Insert(new Syllabus(Guid.NewGuid(), null, "sqlite", "expert", content));

        IReadOnlyList<Syllabus> found = _db.Syllabi.FindByTopicAndLevel("sqlite", "beginner");
        // SyllabusContent holds a List, which records compare by reference: compare keys.
        Assert.Equal(wanted.Select(s => s.SyllabusId).Order(), found.Select(s => s.SyllabusId).Order());
    }

    [Fact]
    public void Json_members_round_trip_through_the_source_generated_context()
    {
        var syllabus = new Syllabus(Guid.NewGuid(), null, "json", "any", new SyllabusContent("Modules", new List<string> { "one", "two", "три" }));
        _db.Syllabi.Insert(syllabus);

        Syllabus stored = _db.Syllabi.Get(syllabus.SyllabusId);
        Assert.Equal(syllabus.Content.Title, stored.Content.Title);
        Assert.Equal(syllabus.Content.Modules, stored.Content.Modules);
    }

    [Fact]
    public void AutoIncrement_insert_returns_the_assigned_key()
    {
        Syllabus syllabus = NewSyllabus();
        Lesson first = _db.Lessons.Insert(new Lesson(0, syllabus.SyllabusId, 1, "Tables", false));
        Lesson second = _db.Lessons.Insert(new Lesson(0, syllabus.SyllabusId, 2, "Indexes", false));

        Assert.True(first.LessonId > 0);
        Assert.Equal(first.LessonId + 1, second.LessonId);
        Assert.Equal(second, _db.Lessons.Get(second.LessonId));
    }

    [Fact]
    public void Partial_index_lookup_applies_the_index_predicate_and_collation()
    {
        Syllabus syllabus = NewSyllabus();
        _db.Lessons.Insert(new Lesson(0, syllabus.SyllabusId, 1, "Joins", Archived: false));
        _db.Lessons.Insert(new Lesson(0, syllabus.SyllabusId, 2, "joins", Archived: true));

        IReadOnlyList<Lesson> live = _db.Lessons.FindByTitle("JOINS");
        Lesson only = Assert.Single(live);
        Assert.False(only.Archived);
        Assert.Equal(2, _db.Lessons.FindBySyllabusIdAndPosition(syllabus.SyllabusId, 2)!.Position);
    }

    [Fact]
    public void Composite_keys_are_passed_in_key_order()
    {
        User user = NewUser("enrolled@example.com");
        _db.Users.Insert(user);
        Syllabus syllabus = NewSyllabus();
        var enrollment = new Enrollment(user.UserId, syllabus.SyllabusId, 0.25, EnrollmentStatus.Active) { CompletedOn = new DateOnly(2026, 12, 1) };
        _db.Enrollments.Insert(enrollment);

        Assert.Equal(enrollment, _db.Enrollments.Get(user.UserId, syllabus.SyllabusId));
        Assert.Null(_db.Enrollments.Find(syllabus.SyllabusId, user.UserId));
        Assert.Single(_db.Enrollments.FindByStatus(EnrollmentStatus.Active));
        Assert.Empty(_db.Enrollments.FindByStatus(EnrollmentStatus.Paused));
    }

    [Fact]
    public async Task Async_variants_do_what_the_sync_ones_do()
    {
        User user = NewUser("async@example.com");
        await _db.Users.InsertAsync(user);
        Assert.Equal(user, await _db.Users.GetAsync(user.UserId));
        Assert.Equal(user, await _db.Users.FindByEmailAsync(user.Email));
        Assert.Equal(1, await _db.Users.CountAsync());
        Assert.True(await _db.Users.UpdateAsync(user with { Name = "Async" }));

        var streamed = new List<User>();
        await foreach (User u in _db.Users.AllAsync())
            streamed.Add(u);
        Assert.Equal("Async", Assert.Single(streamed).Name);

        Assert.True(await _db.Users.DeleteAsync(user.UserId));
        await Assert.ThrowsAsync<EntityNotFoundException>(async () => await _db.Users.GetAsync(user.UserId));
    }

    private Syllabus NewSyllabus()
    {
        var syllabus = new Syllabus(Guid.NewGuid(), null, "sqlite", "intro", new SyllabusContent("x", new List<string>()));
        _db.Syllabi.Insert(syllabus);
        return syllabus;
    }
}
