using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace SqliteGen.Tests.Entities;

// The import fixtures' tables (tests/SqliteGen.Tests/Import/Fixtures), modelled on the seeds: the learning platform that
// moved from TinyDB (users, syllabi, lessons, user progress: shared/seeds/003_...) and the response-pattern store that
// moved from JSON files (shared/seeds/000_...). Keys are the seeds' own text ids.

[SqliteDatabase(Version = 1, JsonContext = typeof(ImportJsonContext),
    Tables = new[] { typeof(SeedUser), typeof(SeedSyllabus), typeof(SeedLesson), typeof(SeedProgress), typeof(SeedPattern) })]
public partial class ImportDb;

[Table("users")]
public partial record SeedUser(
    [PrimaryKey] string UserId,
    [Unique] string Email,
    string Name,
    string PasswordHash,
    DateTime CreatedAt,
    DateTime UpdatedAt);

[Table("syllabi", Accessor = "Syllabi"), Index(nameof(Topic), nameof(Level))]
public partial record SeedSyllabus(
    [PrimaryKey] string SyllabusId,
    [References(typeof(SeedUser), OnDelete = ForeignKeyAction.SetNull)] string? UserId,
    string Topic,
    string Level,
    [JsonColumn] SeedSyllabusContent Content,
    DateTime CreatedAt);

public sealed record SeedSyllabusContent(string Title, List<SeedModule> Modules);

public sealed record SeedModule(string Title, List<string> Lessons);

[Table("lessons"), Index(nameof(SyllabusId), nameof(ModuleIndex), nameof(LessonIndex), Unique = true)]
public partial record SeedLesson(
    [PrimaryKey(AutoIncrement = true)] long LessonId,
    [References(typeof(SeedSyllabus), OnDelete = ForeignKeyAction.Cascade)] string SyllabusId,
    int ModuleIndex,
    int LessonIndex,
    string Title,
    string? Summary,
    TimeSpan? Duration);

[Table("user_progress", Accessor = "Progress")]
public partial record SeedProgress(
    [PrimaryKey] string ProgressId,
    [References(typeof(SeedUser), OnDelete = ForeignKeyAction.Cascade)] string UserId,
    [References(typeof(SeedSyllabus), OnDelete = ForeignKeyAction.Cascade)] string SyllabusId,
    int ModuleIndex,
    int LessonIndex,
    [Column(Check = "status IN ('not_started', 'in_progress', 'completed')")] string Status,
    [Column(Check = "score BETWEEN 0 AND 1")] double? Score,
    DateTime UpdatedAt);

[Table("response_patterns")]
public partial record SeedPattern(
    [PrimaryKey] string FragmentId,
    string TriggerContext,
    string ResponseText,
    double SuccessScore,
    [Indexed] string Intent,
    int UsageCount,
    DateTimeOffset CreatedAt);

[JsonSerializable(typeof(SeedSyllabusContent))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
public partial class ImportJsonContext : JsonSerializerContext;
