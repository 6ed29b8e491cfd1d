using System.IO;
using System.Runtime.CompilerServices;

namespace SqliteGen.Generator.Tests;

/// <summary>Representative declarations the compile, snapshot, determinism and caching tests share.</summary>
internal static class Inputs
{
    /// <summary>
    /// The SPEC's learning schema, the very file the runtime tests run (tests/SqliteGen.Tests/Entities/LearningDb.cs):
    /// composite key, AutoIncrement, unique and partial indexes, references with OnDelete, a [JsonColumn] member.
    /// </summary>
    public static readonly string Learning = RuntimeTestEntities("LearningDb.cs");

    /// <summary>
    /// The rest of LearningDb.cs's JSON context, written out by hand with the members the System.Text.Json generator
    /// would add, so the tests do not depend on where the SDK keeps that generator. SqliteGen reads only the
    /// [JsonSerializable] attributes and calls <c>Default.GetTypeInfo</c>.
    /// </summary>
    public const string LearningJson = """
        using System;
        using System.Text.Json;
        using System.Text.Json.Serialization.Metadata;

        namespace SqliteGen.Tests.Entities;

        public partial class LearningJson
        {
            public LearningJson() : base(null) { }

            public static LearningJson Default { get; } = new();

            protected override JsonSerializerOptions? GeneratedSerializerOptions => null;

            public override JsonTypeInfo? GetTypeInfo(Type type) => null;
        }
        """;

    /// <summary>
    /// Vector and full-text search (tests/SqliteGen.Tests/Entities/SearchDb.cs): [FullText] on a string and a string?,
    /// filters on indexed columns, one table with five [Vector] members (float[], float[]?, ReadOnlyMemory&lt;float&gt;;
    /// Cosine, L2, Dot), so Nearest, Search, HybridSearch and the NearestBy… names are all generated.
    /// </summary>
    public static readonly string Search = RuntimeTestEntities("SearchDb.cs");

    /// <summary>Every mapped type, plain and nullable, from the runtime tests (tests/SqliteGen.Tests/Entities/TypesDb.cs).</summary>
    public static readonly string AllTypes = RuntimeTestEntities("TypesDb.cs");

    /// <summary>Tenant-scoped tables, Layered and Isolated, beside a shared one.</summary>
    public static readonly string Patterns = RuntimeTestEntities("PatternsDb.cs");

    /// <summary>[Query] methods (tests/SqliteGen.Tests/Entities/QueriesDb.cs): every return shape, joins, a CTE, writes with RETURNING.</summary>
    public static readonly string Queries = RuntimeTestEntities("QueriesDb.cs");

    /// <summary>Keys SQLite assigns (the rowid alias and AUTOINCREMENT), [EnumAsText] enums and date [Query] methods (tests/SqliteGen.Tests/Entities/MonitorDb.cs).</summary>
    public static readonly string Monitor = RuntimeTestEntities("MonitorDb.cs");

    /// <summary>
    /// Names to quote and escape (SQL and C# keywords, double quotes, backslashes, spaces, non-ASCII letters) on a
    /// layered and an isolated tenant table, vectors, full text, import and [Query] methods
    /// (tests/SqliteGen.Tests/Entities/OddNamesDb.cs).
    /// </summary>
    public static readonly string OddNames = RuntimeTestEntities("OddNamesDb.cs");

    /// <summary>
    /// Keyword-named tables and columns; entities in another namespace than their database (which lists no tables,
    /// so it takes every [Table] type, <see cref="AllTypes"/>' too); nested entities with equal names; a nested database.
    /// </summary>
    public const string Types = """
        using System;
        using SqliteGen;

        namespace App.Model
        {
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
        ("Types", new[] { AllTypes, Types }),
        ("TwoNamespaces", new[] { TwoNamespaces }),
        ("GlobalNamespace", new[] { GlobalNamespace }),
        ("Tenancy", new[] { Patterns }),
        ("Search", new[] { Search }),
        ("Queries", new[] { Queries }),
        ("OddNames", new[] { OddNames }),
        ("Monitor", new[] { Monitor }),
    };

    public static string[] Files(string name) => System.Array.Find(All, input => input.Name == name).Files;

    private static string RuntimeTestEntities(string fileName, [CallerFilePath] string thisFile = "") =>
        File.ReadAllText(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "SqliteGen.Tests", "Entities", fileName));
}
