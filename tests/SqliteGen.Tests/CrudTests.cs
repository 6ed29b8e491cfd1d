using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.Tests;

public sealed class CrudTests : LearningDbTest
{
    [Fact]
    public void Insert_then_get_and_find_return_the_same_record()
    {
        User user = NewUser("ada@example.com");
        Db.Users.Insert(user);

        Assert.Equal(user, Db.Users.Get(user.UserId));
        Assert.Equal(user, Db.Users.Find(user.UserId));
        Assert.Null(Db.Users.Find(Guid.NewGuid()));
        Assert.Equal(1, Db.Users.Count());
    }

    [Fact]
    public void Get_of_a_missing_key_names_the_table_and_key()
    {
        Guid missing = Guid.Parse("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
        var error = Assert.Throws<EntityNotFoundException>(() => Db.Users.Get(missing));
        Assert.Equal("users", error.Table);
        Assert.Contains("user_id = 3f2504e0-4f89-11d3-9a0c-0305e82c3301", error.Message);
    }

    [Fact]
    public void Update_and_delete_report_whether_a_row_was_there()
    {
        User user = NewUser("grace@example.com");
        Db.Users.Insert(user);

        Assert.True(Db.Users.Update(user with { Name = "Grace Hopper" }));
        Assert.Equal("Grace Hopper", Db.Users.Get(user.UserId).Name);
        Assert.False(Db.Users.Update(NewUser("nobody@example.com")));

        Assert.True(Db.Users.Delete(user.UserId));
        Assert.False(Db.Users.Delete(user.UserId));
        Assert.Equal(0, Db.Users.Count());
    }

    [Fact]
    public void Upsert_inserts_then_replaces_every_column()
    {
        User user = NewUser("linus@example.com");
        Db.Users.Upsert(user);
        Db.Users.Upsert(user with { Name = "Linus", Email = "linus@kernel.example" });

        User stored = Db.Users.Get(user.UserId);
        Assert.Equal("Linus", stored.Name);
        Assert.Equal("linus@kernel.example", stored.Email);
        Assert.Equal(1, Db.Users.Count());
    }

    [Fact]
    public void InsertMany_inserts_all_and_all_streams_them_back()
    {
        List<User> users = Enumerable.Range(0, 500).Select(i => NewUser($"user{i}@example.com")).ToList();
        Assert.Equal(500, Db.Users.InsertMany(users));

        var read = Db.Users.All().ToDictionary(u => u.UserId);
        Assert.Equal(500, read.Count);
        Assert.All(users, u => Assert.Equal(u, read[u.UserId]));
    }

    [Fact]
    public void FindBy_a_unique_index_returns_one_row_or_null()
    {
        User user = NewUser("unique@example.com");
        Db.Users.Insert(user);

        Assert.Equal(user, Db.Users.FindByEmail("unique@example.com"));
        Assert.Null(Db.Users.FindByEmail("other@example.com"));
    }

    [Fact]
    public void FindBy_a_composite_index_returns_every_match()
    {
        User owner = NewUser("owner@example.com");
        Db.Users.Insert(owner);
        var content = new SyllabusContent("Intro", new List<string> { "a", "b" });
        var wanted = new[]
        {
            new Syllabus(Guid.NewGuid(), owner.UserId, "sqlite", "beginner", content),
            new Syllabus(Guid.NewGuid(), null, "sqlite", "beginner", content),
        };
        Db.Syllabi.InsertMany(wanted);
        Db.Syllabi.Insert(new Syllabus(Guid.NewGuid(), null, "sqlite", "expert", content));

        IReadOnlyList<Syllabus> found = Db.Syllabi.FindByTopicAndLevel("sqlite", "beginner");
        // SyllabusContent holds a List, which records compare by reference: compare keys.
        Assert.Equal(wanted.Select(s => s.SyllabusId).Order(), found.Select(s => s.SyllabusId).Order());
    }

    [Fact]
    public void Json_members_round_trip_through_the_source_generated_context()
    {
        var syllabus = new Syllabus(Guid.NewGuid(), null, "json", "any", new SyllabusContent("Modules", new List<string> { "one", "two", "три" }));
        Db.Syllabi.Insert(syllabus);

        Syllabus stored = Db.Syllabi.Get(syllabus.SyllabusId);
        Assert.Equal(syllabus.Content.Title, stored.Content.Title);
        Assert.Equal(syllabus.Content.Modules, stored.Content.Modules);
    }

    [Fact]
    public void Json_members_are_stored_as_json_text_of_any_size()
    {
        // Written as UTF-8 into a reused buffer (StatementRunner.BindJson) and read from SQLite's bytes (GetUtf8): a
        // document far past the buffer's first size, then a small one after it, then non-ASCII text.
        var large = new SyllabusContent("Large", Enumerable.Range(0, 20_000).Select(i => "module " + i).ToList()); // ~300 KB
        var small = new SyllabusContent("Small", new List<string> { "one" });
        var accents = new SyllabusContent("Ünïcödé \"quoted\" 🙂", new List<string> { "три", "" });
        var rows = new[] { large, small, accents }.Select(content => new Syllabus(Guid.NewGuid(), null, "json", "any", content)).ToList();
        foreach (Syllabus row in rows)
            Db.Syllabi.Insert(row);

        foreach (Syllabus row in rows)
        {
            SyllabusContent stored = Db.Syllabi.Get(row.SyllabusId).Content;
            Assert.Equal(row.Content.Title, stored.Title);
            Assert.Equal(row.Content.Modules, stored.Modules);
        }

        // What SQLite holds is JSON text its own functions read.
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + Db.FilePath + ";Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT typeof(content), json_valid(content), json_extract(content, '$.Title'), json_array_length(content, '$.Modules') FROM syllabi WHERE syllabus_id = $id";
        command.Parameters.AddWithValue("$id", rows[0].SyllabusId.ToString());
        using (var reader = command.ExecuteReader())
        {
            Assert.True(reader.Read());
            Assert.Equal("text", reader.GetString(0));
            Assert.Equal(1L, reader.GetInt64(1));
            Assert.Equal("Large", reader.GetString(2));
            Assert.Equal(20_000L, reader.GetInt64(3));
        }
        command.Parameters["$id"].Value = rows[2].SyllabusId.ToString();
        using (var reader = command.ExecuteReader())
        {
            Assert.True(reader.Read());
            Assert.Equal(accents.Title, reader.GetString(2));
        }

        // The text is exactly what the context's options write (LearningJson is indented; its encoder escapes non-ASCII).
        command.CommandText = "SELECT content FROM syllabi WHERE syllabus_id = $id";
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(accents, LearningJson.Default.SyllabusContent), (string)command.ExecuteScalar()!);
    }

    [Fact]
    public void AutoIncrement_insert_returns_the_assigned_key()
    {
        Syllabus syllabus = NewSyllabus();
        Lesson first = Db.Lessons.Insert(new Lesson(0, syllabus.SyllabusId, 1, "Tables", false));
        Lesson second = Db.Lessons.Insert(new Lesson(0, syllabus.SyllabusId, 2, "Indexes", false));

        Assert.True(first.LessonId > 0);
        Assert.Equal(first.LessonId + 1, second.LessonId);
        Assert.Equal(second, Db.Lessons.Get(second.LessonId));
    }

    [Fact]
    public void Partial_index_lookup_applies_the_index_predicate_and_collation()
    {
        Syllabus syllabus = NewSyllabus();
        Db.Lessons.Insert(new Lesson(0, syllabus.SyllabusId, 1, "Joins", Archived: false));
        Db.Lessons.Insert(new Lesson(0, syllabus.SyllabusId, 2, "joins", Archived: true));

        IReadOnlyList<Lesson> live = Db.Lessons.FindByTitle("JOINS");
        Lesson only = Assert.Single(live);
        Assert.False(only.Archived);
        Assert.Equal(2, Db.Lessons.FindBySyllabusIdAndPosition(syllabus.SyllabusId, 2)!.Position);
    }

    [Fact]
    public void Composite_keys_are_passed_in_key_order()
    {
        User user = NewUser("enrolled@example.com");
        Db.Users.Insert(user);
        Syllabus syllabus = NewSyllabus();
        var enrollment = new Enrollment(user.UserId, syllabus.SyllabusId, 0.25, EnrollmentStatus.Active) { CompletedOn = new DateOnly(2026, 12, 1) };
        Db.Enrollments.Insert(enrollment);

        Assert.Equal(enrollment, Db.Enrollments.Get(user.UserId, syllabus.SyllabusId));
        Assert.Null(Db.Enrollments.Find(syllabus.SyllabusId, user.UserId));
        Assert.Single(Db.Enrollments.FindByStatus(EnrollmentStatus.Active));
        Assert.Empty(Db.Enrollments.FindByStatus(EnrollmentStatus.Paused));
    }

    [Fact]
    public async Task Async_variants_do_what_the_sync_ones_do()
    {
        User user = NewUser("async@example.com");
        await Db.Users.InsertAsync(user);
        Assert.Equal(user, await Db.Users.GetAsync(user.UserId));
        Assert.Equal(user, await Db.Users.FindByEmailAsync(user.Email));
        Assert.Equal(1, await Db.Users.CountAsync());
        Assert.True(await Db.Users.UpdateAsync(user with { Name = "Async" }));

        var streamed = new List<User>();
        await foreach (User u in Db.Users.AllAsync())
            streamed.Add(u);
        Assert.Equal("Async", Assert.Single(streamed).Name);

        Assert.True(await Db.Users.DeleteAsync(user.UserId));
        await Assert.ThrowsAsync<EntityNotFoundException>(async () => await Db.Users.GetAsync(user.UserId));
    }

    [Fact]
    public void Strings_with_embedded_nul_characters_round_trip_and_match_as_keys()
    {
        User user = NewUser("nul\0inside@example.com") with { Name = "a\0b\0" };
        Db.Users.Insert(user);

        Assert.Equal(user, Db.Users.Get(user.UserId));
        Assert.Equal(user, Db.Users.FindByEmail("nul\0inside@example.com"));
        Assert.Null(Db.Users.FindByEmail("nul"));
    }

    private Syllabus NewSyllabus()
    {
        var syllabus = new Syllabus(Guid.NewGuid(), null, "sqlite", "intro", new SyllabusContent("x", new List<string>()));
        Db.Syllabi.Insert(syllabus);
        return syllabus;
    }
}
