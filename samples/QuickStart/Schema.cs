using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using SqliteGen;

namespace QuickStart;

// The whole schema is these declarations: the generator turns them into CREATE TABLE / CREATE INDEX
// statements (NotesDb.CreateSchemaSql) and into one repository per table (db.Users, db.Notes).

/// <summary>
/// The database: schema version 2, two tables, JSON columns through a source-generated context.
/// Version 1 is frozen in sqlitegen/NotesDb.v1.json (written by `dotnet build -t:SqliteGenFreeze`); version 2
/// added <see cref="User.Bio"/>, so <c>NotesDb.Migrations[1]</c> is <c>ALTER TABLE users ADD COLUMN bio TEXT</c>
/// and <c>Open</c> migrates a version-1 file on its own (docs/migrations.md).
/// </summary>
[SqliteDatabase(Version = 2, JsonContext = typeof(QuickStartJson), Tables = new[] { typeof(User), typeof(Note) })]
public partial class NotesDb;

/// <summary>Table <c>users</c>: a Guid key and a unique e-mail (which generates <c>FindByEmail</c>); <c>Bio</c> came in version 2.</summary>
[Table("users")]
public partial record User(
    [PrimaryKey] Guid UserId,
    [Unique] string Email,
    string Name,
    DateTimeOffset JoinedAt,
    string? Bio = null);

/// <summary>
/// Table <c>notes</c>: SQLite assigns the key; each note belongs to a user (deleting the user deletes
/// their notes); <c>[Indexed]</c> generates <c>FindByUserId</c>; <c>Meta</c> is stored as JSON text.
/// </summary>
[Table("notes")]
[Index(nameof(Pinned), nameof(Title), Name = "ix_notes_pinned_title")]
public partial record Note(
    [PrimaryKey(AutoIncrement = true)] long NoteId,
    [References(typeof(User), OnDelete = ForeignKeyAction.Cascade), Indexed] Guid UserId,
    string Title,
    string Body,
    [Column(Default = "0")] bool Pinned,
    [JsonColumn] NoteMeta Meta);

/// <summary>Stored in the <c>meta</c> column as JSON.</summary>
public sealed record NoteMeta(List<string> Tags, int Revision);

/// <summary>System.Text.Json's source generator: serialization without reflection, so NativeAOT keeps working.</summary>
[JsonSerializable(typeof(NoteMeta))]
public partial class QuickStartJson : JsonSerializerContext;
