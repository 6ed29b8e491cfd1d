using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Schema;

namespace SqliteGen.PostgreSql.Tests;

/// <summary>
/// Version histories for the PostgreSQL migration tests, written as the schema model the snapshots hold (each column's
/// SQLite storage type and .NET kind). <see cref="Shop"/> is the history of tests/SqliteGen.Generator.Tests/Migrations/ShopHistory
/// (the generator's migration fixture) version by version; the others each exercise one kind of change.
/// </summary>
internal static class MigrationSchemas
{
    public static readonly DatabaseSchema Empty = new(0, EquatableArray<TableSchema>.Empty);

    public static ColumnSchema Column(string name, string kind, bool notNull = true, int key = 0, string? @default = null, string? check = null,
        bool identity = false, string? collate = null, string[]? renamedFrom = null, EnumName[]? enumNames = null) => new(
        name,
        (renamedFrom ?? []).ToEquatableArray(),
        kind switch
        {
            "bool" or "sbyte" or "byte" or "short" or "ushort" or "int" or "uint" or "long" or "ulong" or "enum" => "INTEGER",
            "float" or "double" => "REAL",
            "bytes" or "vector" => "BLOB",
            _ => "TEXT",
        },
        notNull,
        key,
        identity,
        @default,
        check,
        collate,
        (enumNames ?? []).ToEquatableArray(),
        kind is "datetime" ? StoredForm.DateTimeUtc : kind is "datetimeoffset" ? StoredForm.DateTimeOffsetUtc : null,
        kind);

    public static TableSchema Table(string name, ColumnSchema[] columns, IndexSchema[]? indexes = null, ForeignKeySchema[]? keys = null, string[]? renamedFrom = null) => new(
        name,
        (renamedFrom ?? []).ToEquatableArray(),
        columns.ToEquatableArray(),
        (indexes ?? []).ToEquatableArray(),
        (keys ?? []).ToEquatableArray(),
        EquatableArray<CompanionSchema>.Empty);

    public static IndexSchema Index(string name, bool unique, params string[] columns) => new(name, columns.ToEquatableArray(), unique, null);

    public static ForeignKeySchema Key(string column, string table, string target, string onDelete = "NO ACTION", string onUpdate = "NO ACTION") =>
        new(column, table, target, onDelete, onUpdate);

    public static DatabaseSchema Schema(int version, params TableSchema[] tables) => new(version, tables.ToEquatableArray());

    /// <summary>
    /// ShopHistory's seven versions: users; notes with a foreign key and an index; added columns with defaults; a column
    /// rename and a new index; nullability, CHECK and default changes; a table rename with a foreign-key action change; a
    /// dropped indexed column, a type change (int to text), a primary-key change, a unique index made plain, a vector column.
    /// </summary>
    public static IReadOnlyList<DatabaseSchema> Shop()
    {
        ColumnSchema id = Column("id", "long", key: 1);
        ColumnSchema email = Column("email", "string");
        var v1 = Schema(1, Table("users", [id, email], [Index("ux_users_email", true, "email")]));
        TableSchema notes2 = Table("notes", [id, Column("user_id", "long"), Column("body", "string")],
            [Index("ix_notes_user_id", false, "user_id")], [Key("user_id", "users", "id", onDelete: "CASCADE")]);
        var v2 = Schema(2, v1.Tables[0], notes2);
        TableSchema users3 = Table("users", [id, email, Column("name", "string", @default: "''"), Column("age", "int", @default: "0")], [Index("ux_users_email", true, "email")]);
        var v3 = Schema(3, users3, notes2);
        TableSchema users4 = Table("users", [id, email, Column("display_name", "string", @default: "''", renamedFrom: ["name"]), Column("age", "int", @default: "0")],
            [Index("ux_users_email", true, "email"), Index("ix_users_display_name", false, "display_name")]);
        var v4 = Schema(4, users4, notes2);
        TableSchema users5 = users4 with { Columns = users4.Columns.Select(c => c.Name == "display_name" ? c with { Default = "'anonymous'" } : c).ToEquatableArray() };
        TableSchema notes5 = notes2 with { Columns = new[] { id, Column("user_id", "long"), Column("body", "string", notNull: false, check: "length(body) <= 1000") }.ToEquatableArray() };
        var v5 = Schema(5, users5, notes5);
        TableSchema users6 = users5 with { Columns = users5.Columns.Select(c => c with { RenamedFrom = EquatableArray<string>.Empty }).ToEquatableArray() };
        TableSchema memos6 = Table("memos", notes5.Columns.ToArray(), [Index("ix_memos_user_id", false, "user_id")],
            [Key("user_id", "users", "id", onDelete: "RESTRICT")], renamedFrom: ["notes"]);
        var v6 = Schema(6, users6, memos6);
        TableSchema users7 = Table("users", [id, email, Column("age", "string", @default: "'0'")], [Index("ix_users_email", false, "email")]);
        TableSchema memos7 = Table("memos",
            [Column("id", "long", key: 2), Column("user_id", "long", key: 1), Column("body", "string", notNull: false, check: "length(body) <= 1000"),
             Column("embedding", "vector", notNull: false, check: "length(embedding) = 12")],
            [], [Key("user_id", "users", "id", onDelete: "RESTRICT")], renamedFrom: ["notes"]);
        var v7 = Schema(7, users7, memos7);
        return [v1, v2, v3, v4, v5, v6, v7];
    }
}
