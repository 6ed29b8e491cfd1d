namespace SqliteGen.Generator.Tests;

/// <summary>Representative declarations the compile, snapshot, determinism and caching tests share.</summary>
internal static class Inputs
{
    /// <summary>
    /// The SPEC's learning schema: composite key, AutoIncrement, unique and partial indexes, references with
    /// OnDelete, a [Json] member with its JsonSerializerContext (in its own file: see docs/design.md on [Json]).
    /// </summary>
    public const string Learning = """
        using System;
        using System.Collections.Generic;
        using SqliteGen;

        namespace App.Learning;

        [SqliteDatabase(Version = 2, JsonContext = typeof(LearningJson), Tables = new[] { typeof(User), typeof(Syllabus), typeof(Lesson), typeof(Enrollment) })]
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
            [Json] SyllabusContent Content);

        public sealed record SyllabusContent(string Title, List<string> Modules);

        [Table("lessons")]
        [Index(nameof(SyllabusId), nameof(Position), Unique = true)]
        [Index(nameof(Title), Where = "archived = 0", Name = "ix_lessons_live_title")]
        public partial record Lesson(
            [PrimaryKey(AutoIncrement = true)] long LessonId,
            [References(typeof(Syllabus), OnDelete = ForeignKeyAction.Cascade, OnUpdate = ForeignKeyAction.Restrict)] Guid SyllabusId,
            int Position,
            [Column(Collate = "NOCASE")] string Title,
            [Column(Default = "0")] bool Archived)
        {
            [Ignore] public string Slug => Title.ToLowerInvariant();
        }

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
        """;

    /// <summary>
    /// The JSON context, written out by hand with the members the System.Text.Json generator would add, so the
    /// tests do not depend on where the SDK keeps that generator. SqliteGen reads only the [JsonSerializable]
    /// attributes and calls <c>Default.GetTypeInfo</c>.
    /// </summary>
    public const string LearningJson = """
        using System;
        using System.Text.Json;
        using System.Text.Json.Serialization;
        using System.Text.Json.Serialization.Metadata;

        namespace App.Learning;

        [JsonSerializable(typeof(SyllabusContent))]
        public partial class LearningJson : JsonSerializerContext
        {
            public LearningJson() : base(null) { }

            public static LearningJson Default { get; } = new();

            protected override JsonSerializerOptions? GeneratedSerializerOptions => null;

            public override JsonTypeInfo? GetTypeInfo(Type type) => null;
        }
        """;

    /// <summary>
    /// Every mapped type, plain and nullable; keyword-named columns; an entity in another namespace than its
    /// database (which lists no tables, so it takes every [Table] type); nested entities and a nested database.
    /// </summary>
    public const string Types = """
        using System;
        using SqliteGen;

        namespace App.Model
        {
            public enum Color : byte { Red = 1, Green = 2, Blue = 255 }

            [Flags]
            public enum BigFlags : ulong { None = 0, Low = 1, High = 0x8000_0000_0000_0000 }

            [Table("all_types")]
            public partial record AllTypes(
                [PrimaryKey] int Id,
                bool Bool, sbyte SByte, byte Byte, short Int16, ushort UInt16, int Int32, uint UInt32, long Int64, ulong UInt64,
                float Single, double Double, decimal Decimal, string String, char Char, byte[] Bytes, Guid Guid,
                DateTime DateTime, DateTimeOffset DateTimeOffset, DateOnly DateOnly, TimeOnly TimeOnly, TimeSpan TimeSpan,
                Color Color, BigFlags Flags,
                bool? NBool, sbyte? NSByte, byte? NByte, short? NInt16, ushort? NUInt16, int? NInt32, uint? NUInt32, long? NInt64, ulong? NUInt64,
                float? NSingle, double? NDouble, decimal? NDecimal, string? NString, char? NChar, byte[]? NBytes, Guid? NGuid,
                DateTime? NDateTime, DateTimeOffset? NDateTimeOffset, DateOnly? NDateOnly, TimeOnly? NTimeOnly, TimeSpan? NTimeSpan,
                Color? NColor);

            /// <summary>SQL keywords as table and column names.</summary>
            [Table("order"), Index(nameof(Group), nameof(Select), Unique = true)]
            public partial record Order([PrimaryKey(AutoIncrement = true)] int Id, [Column("group")] string Group, [Indexed] string Select, [Column("where")] int? Where)
            {
                public string? Comment { get; set; }
            }

            public partial class Outer
            {
                [Table("outer_things", Accessor = "OuterThings")]
                public partial record Thing([PrimaryKey] long Id, string Name);
            }

            public partial class Other
            {
                [Table("other_things", Accessor = "OtherThings")]
                public partial record Thing([PrimaryKey] long Id, [References(typeof(Outer.Thing))] long OuterId);
            }
        }

        namespace App.Data
        {
            public static partial class Databases
            {
                [SqliteDatabase]
                internal partial class TypesDb;
            }
        }
        """;

    /// <summary>Two databases and two entities with the same simple names in two namespaces.</summary>
    public const string TwoNamespaces = """
        using SqliteGen;

        namespace Shop.East
        {
            [SqliteDatabase(Tables = new[] { typeof(Item) })]
            public partial class Store;

            [Table("east_items")]
            public partial record Item([PrimaryKey] int Id, string Name);
        }

        namespace Shop.West
        {
            [SqliteDatabase(Tables = new[] { typeof(Item) })]
            public partial class Store;

            [Table("west_items")]
            public partial record Item([PrimaryKey] int Id, decimal Price);
        }
        """;

    /// <summary>A small global-namespace database with settable properties instead of a primary constructor.</summary>
    public const string GlobalNamespace = """
        using SqliteGen;

        [SqliteDatabase]
        public partial class NotesDb;

        [Table]
        public partial record Note
        {
            [PrimaryKey(AutoIncrement = true)] public long Id { get; init; }
            public string Text { get; set; } = "";
            public System.DateTime? Due { get; init; }
        }
        """;

    /// <summary>Each representative input as the files of one compilation, by a short name.</summary>
    public static readonly (string Name, string[] Files)[] All =
    {
        ("Learning", new[] { Learning, LearningJson }),
        ("Types", new[] { Types }),
        ("TwoNamespaces", new[] { TwoNamespaces }),
        ("GlobalNamespace", new[] { GlobalNamespace }),
    };

    public static string[] Files(string name) => System.Array.Find(All, input => input.Name == name).Files;
}
