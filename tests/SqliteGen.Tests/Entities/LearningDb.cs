using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace SqliteGen.Tests.Entities;

// The SPEC's example schema (users, syllabi), modelled on the learning-platform seed.

[SqliteDatabase(Version = 1, JsonContext = typeof(LearningJson), Tables = new[] { typeof(User), typeof(Syllabus), typeof(Lesson), typeof(Enrollment) })]
public partial class LearningDb;

[Table("users")]
public partial record User(
    [PrimaryKey] Guid UserId,
    [Unique] string Email,
    string Name,
    DateTimeOffset CreatedAt);

[Table("syllabi"), Index(nameof(Topic), nameof(Level))]
public partial record Syllabus(
    [PrimaryKey] Guid SyllabusId,
    [References(typeof(User), OnDelete = ForeignKeyAction.SetNull)] Guid? UserId,
    string Topic,
    string Level,
    [JsonColumn] SyllabusContent Content);

public sealed record SyllabusContent(string Title, List<string> Modules);

[Table("lessons")]
[Index(nameof(SyllabusId), nameof(Position), Unique = true)]
[Index(nameof(Title), Where = "archived = 0", Name = "ix_lessons_live_title")]
public partial record Lesson(
    [PrimaryKey(AutoIncrement = true)] long LessonId,
    [References(typeof(Syllabus), OnDelete = ForeignKeyAction.Cascade)] Guid SyllabusId,
    int Position,
    [Column(Collate = "NOCASE")] string Title,
    [Column(Default = "0")] bool Archived)
{
    /// <summary>Not stored: computed from the title.</summary>
    [Ignore] public string Slug => Title.ToLowerInvariant().Replace(' ', '-');
}

/// <summary>A composite key: one row per user and syllabus.</summary>
[Table("enrollments")]
public partial record Enrollment(
    [PrimaryKey(Order = 0), References(typeof(User), OnDelete = ForeignKeyAction.Cascade)] Guid UserId,
    [PrimaryKey(Order = 1), References(typeof(Syllabus), OnDelete = ForeignKeyAction.Cascade)] Guid SyllabusId,
    [Column(Check = "progress BETWEEN 0 AND 1")] double Progress,
    [Indexed] EnrollmentStatus Status)
{
    public DateOnly? CompletedOn { get; init; }
}

public enum EnrollmentStatus { Active = 1, Paused = 2, Completed = 3 }

// Indented: the stored text must be what the context's own options write (CrudTests checks it).
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(SyllabusContent))]
public partial class LearningJson : JsonSerializerContext;
