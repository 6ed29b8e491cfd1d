using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace SqliteGen.Generator.Tests;

/// <summary>
/// [Query] methods on a <c>[SqliteQueries(typeof(Db))]</c> class: the same checks as on the database class (SQLG101,
/// SQLG303-SQLG308, named after the query class, squiggled in the SQL), its generated constructor, and SQLG309 for a
/// class SqliteGen cannot implement.
/// </summary>
public sealed class QueryClassTests
{
    private const string Schema = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using SqliteGen;

        namespace App;

        [Table("users")]
        public partial record User([PrimaryKey] long Id, [Unique] string Email, string Name, int? Age);

        [Table("notes")]
        public partial record Note([PrimaryKey] long Id, [References(typeof(User)), Indexed] long UserId, string Title, string? Body);

        [SqliteDatabase]
        public partial class AppDb
        {
        }

        """;

    /// <summary>A query class around <paramref name="members"/>, linked to AppDb; returns what the user sees.</summary>
    private static (GeneratorOutput Output, string Source) Generate(string members, string declaration = "[SqliteQueries(typeof(AppDb))]\npublic partial class UserQueries")
    {
        string source = Schema + declaration + "\n{\n" + members + "\n}\n";
        return (Harness.Generate(source), source);
    }

    private static Diagnostic Single(GeneratorOutput output, string id)
    {
        Assert.Null(output.Run.Exception);
        Assert.DoesNotContain(output.Reported, d => d.Id == "SQLG999");
        Diagnostic diagnostic = Assert.Single(output.Reported);
        Assert.Equal(id, diagnostic.Id);
        return diagnostic;
    }

    private static string Squiggled(Diagnostic diagnostic, string source) =>
        source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length);

    [Fact]
    public void A_query_class_gets_a_constructor_taking_the_database_and_its_queries_compile_clean()
    {
        (GeneratorOutput output, _) = Generate("""
            [Query("SELECT * FROM users WHERE email = $email")]
            public partial User? ByEmail(string email);

            [Query("SELECT n.title FROM notes n JOIN users u ON u.id = n.user_id WHERE u.email = $email")]
            public partial IAsyncEnumerable<string> TitlesAsync(string email, CancellationToken cancellationToken = default);

            [Query("UPDATE users SET age = $age WHERE id = $id")]
            public partial ValueTask<int> SetAgeAsync(long id, int? age, CancellationToken cancellationToken = default);

            public static UserQueries For(AppDb db) => new(db);
            """);

        Assert.Empty(output.Reported);
        Assert.True(!output.CompilationDiagnostics.Any(), output.CompilationDiagnostics.Describe());
        string generated = Assert.Single(output.Sources, s => s.HintName == "App.UserQueries.Queries.g.cs").Source;
        Assert.Contains("public UserQueries(global::App.AppDb database)", generated);
        Assert.Contains("_pool = database.QueryPool;", generated);
        Assert.Contains("public partial global::App.User? ByEmail(string email)", generated);
        // The transaction overloads: the transaction first, a trailing token defaulted.
        Assert.Contains("public global::App.User? ByEmail(global::App.AppDb.WriteTransaction transaction, string email)", generated);
        Assert.Contains("public global::System.Threading.Tasks.ValueTask<int> SetAgeAsync(global::App.AppDb.WriteTransaction transaction, long id, int? age, global::System.Threading.CancellationToken cancellationToken = default)", generated);
        string database = output.Sources.Single(s => s.HintName == "App.AppDb.Database.g.cs").Source;
        Assert.Contains("internal global::SqliteGen.Runtime.SqliteConnectionPool QueryPool => _pool;", database);
        Assert.Contains("internal global::SqliteGen.Runtime.WriteTransaction QuerySource => _transaction;", database);
        Assert.DoesNotContain(output.Sources, s => s.HintName == "App.AppDb.Queries.g.cs"); // the database declares none itself
    }

    [Fact]
    public void A_database_without_a_query_class_does_not_expose_its_pool()
    {
        GeneratorOutput output = Harness.Generate(Schema);

        string database = output.Sources.Single(s => s.HintName == "App.AppDb.Database.g.cs").Source;
        Assert.DoesNotContain("QueryPool", database);
        Assert.DoesNotContain("QuerySource", database);
    }

    [Fact]
    public void SQLG305_a_query_class_parameter_may_not_be_called_transaction()
    {
        (GeneratorOutput output, string source) = Generate("""
            [Query("SELECT count(*) FROM notes WHERE user_id = $transaction")]
            public partial long Count(long transaction);
            """);

        Diagnostic diagnostic = Single(output, "SQLG305");
        Assert.Equal("Count", Squiggled(diagnostic, source));
        Assert.Equal("Query 'UserQueries.Count': parameter 'transaction' has the name of the first parameter of the query's transaction overload: rename it (and its $transaction)", diagnostic.GetMessage());
    }

    [Fact]
    public void A_public_query_class_of_an_internal_database_gets_an_internal_constructor_and_nested_classes_work()
    {
        string source = Schema.Replace("public partial class AppDb", "internal partial class AppDb") + """
            public static partial class Reports
            {
                [SqliteQueries(typeof(AppDb))]
                public partial class UserQueries
                {
                    [Query("SELECT count(*) FROM users")]
                    public partial long Count();
                }
            }
            """;

        GeneratorOutput output = Harness.Generate(source);

        Assert.Empty(output.Reported);
        Assert.True(!output.CompilationDiagnostics.Any(), output.CompilationDiagnostics.Describe());
        string generated = Assert.Single(output.Sources, s => s.HintName.Contains("UserQueries")).Source;
        Assert.Contains("internal UserQueries(global::App.AppDb database)", generated);
        Assert.Contains("internal long Count(global::App.AppDb.WriteTransaction transaction)", generated); // not public: AppDb is internal
        Assert.Contains("partial class Reports", generated);
    }

    [Fact]
    public void Two_query_classes_of_one_database_may_use_the_same_method_names()
    {
        string source = Schema + """
            [SqliteQueries(typeof(AppDb))]
            public partial class UserQueries
            {
                [Query("SELECT count(*) FROM users")]
                public partial long Count();
            }

            [SqliteQueries(typeof(AppDb))]
            public partial class NoteQueries
            {
                [Query("SELECT count(*) FROM notes")]
                public partial long Count();
            }
            """;

        GeneratorOutput output = Harness.Generate(source);

        Assert.Empty(output.Reported);
        Assert.True(!output.CompilationDiagnostics.Any(), output.CompilationDiagnostics.Describe());
        Assert.Contains(output.Sources, s => s.HintName == "App.NoteQueries.Queries.g.cs");
        Assert.Contains(output.Sources, s => s.HintName == "App.UserQueries.Queries.g.cs");
    }

    [Theory]
    [InlineData("SELECT * FROM userz WHERE email = $email", "SQLG303", "userz", "Query 'UserQueries.ByEmail': table 'userz' does not exist (the tables are notes, users) (column 15 of the SQL)")]
    [InlineData("SELECT * FROM users WHERE emial = $email", "SQLG304", "emial", "Query 'UserQueries.ByEmail': column 'emial' does not exist in users (column 27 of the SQL)")]
    [InlineData("SELECT * FROM users WHERE email = $Email", "SQLG305", "$Email", "Query 'UserQueries.ByEmail': $Email (column 35 of the SQL) is not a parameter of the method: names are matched exactly; did you mean $email?")]
    [InlineData("SELECT * FROM users WHERE (email = $email", "SQLG307", "", "Query 'UserQueries.ByEmail': the SQL cannot be read at column 42: a '(' is not closed")]
    public void SQL_mistakes_are_reported_in_the_SQL_and_named_after_the_query_class(string sql, string id, string squiggled, string message)
    {
        (GeneratorOutput output, string source) = Generate($$"""
            [Query("{{sql}}")]
            public partial User? ByEmail(string email);
            """);

        Diagnostic diagnostic = id == "SQLG305"
            ? output.Reported.OrderBy(d => d.Location.SourceSpan.Start).First() // then 'email' unused
            : Single(output, id);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(message, diagnostic.GetMessage());
        if (squiggled.Length > 0)
            Assert.Equal(squiggled, Squiggled(diagnostic, source));
        // The rest of the class is generated, and the query a body that throws naming the error: C# reports nothing more.
        Assert.True(!output.CompilationDiagnostics.Any(), output.CompilationDiagnostics.Describe());
        Assert.Contains($"[Query] UserQueries.ByEmail was not generated: SqliteGen reported {id}", output.Sources.Single(s => s.HintName.EndsWith("UserQueries.Queries.g.cs", System.StringComparison.Ordinal)).Source);
    }

    [Fact]
    public void SQLG306_a_result_that_does_not_fit_names_the_query_class_and_the_database()
    {
        (GeneratorOutput output, string source) = Generate("""
            [Query("SELECT * FROM users")]
            public partial IReadOnlyList<Uri> Rows();
            """);

        Diagnostic diagnostic = Single(output, "SQLG306");
        Assert.Equal("Rows", Squiggled(diagnostic, source));
        Assert.Equal("Query 'UserQueries.Rows' returns 'System.Collections.Generic.IReadOnlyList<System.Uri>', but 'System.Uri' is neither a table of AppDb nor a scalar type SqliteGen can read (see docs/type-mapping.md)", diagnostic.GetMessage());
    }

    [Fact]
    public void SQLG308_and_overloads_on_a_query_class()
    {
        (GeneratorOutput output, string source) = Generate("""
            [Query("SELECT count(*) FROM users")]
            public static partial long Count();

            [Query("SELECT count(*) FROM notes")]
            public partial long Notes();

            [Query("SELECT count(*) FROM notes WHERE user_id = $userId")]
            public partial long Notes(long userId);
            """);

        Diagnostic[] diagnostics = output.Reported.OrderBy(d => d.Location.SourceSpan.Start).ToArray();
        Assert.Equal(2, diagnostics.Length);
        Assert.All(diagnostics, d => Assert.Equal("SQLG308", d.Id));
        Assert.Equal("Count", Squiggled(diagnostics[0], source));
        Assert.Equal("[Query] method 'UserQueries.Count' is static: a query runs on an open database, so declare it as an instance method", diagnostics[0].GetMessage());
        Assert.Equal("[Query] method 'UserQueries.Notes' is overloaded: give each [Query] method its own name", diagnostics[1].GetMessage());
    }

    [Fact]
    public void SQLG302_and_SQLG101_apply_on_a_query_class_too()
    {
        (GeneratorOutput output, string source) = Generate("""
            [Query("DELETE FROM notes")]
            public partial int Clear();

            [Query("SELECT * FROM users WHERE name = $name")]
            public partial IReadOnlyList<User> Named(string name);
            """);

        Diagnostic[] diagnostics = output.Reported.OrderBy(d => d.Location.SourceSpan.Start).ToArray();
        Assert.Equal(new[] { "SQLG302", "SQLG101" }, diagnostics.Select(d => d.Id));
        Assert.Equal("DELETE", Squiggled(diagnostics[0], source));
        Assert.Equal("name", Squiggled(diagnostics[1], source));
        Assert.Contains("UserQueries.Named", diagnostics[1].GetMessage());
        Assert.True(!output.CompilationDiagnostics.Any(), output.CompilationDiagnostics.Describe());
    }

    [Theory]
    [InlineData("[SqliteQueries(typeof(User))]\npublic partial class UserQueries", "[SqliteQueries(typeof(User))]", "names 'App.User', which is not a [SqliteDatabase] class: name the database whose tables its queries read")]
    [InlineData("[SqliteQueries(typeof(string))]\npublic partial class UserQueries", "[SqliteQueries(typeof(string))]", "names 'string', which is not a [SqliteDatabase] class: name the database whose tables its queries read")]
    [InlineData("[SqliteQueries(null!)]\npublic partial class UserQueries", "[SqliteQueries(null!)]", "names no database: write [SqliteQueries(typeof(AppDb))] with the [SqliteDatabase] class whose tables its queries read")]
    [InlineData("[SqliteQueries(typeof(AppDb))]\npublic class UserQueries", "UserQueries", "must be a partial, non-static, non-generic class (not a record): SqliteGen adds its constructor and the bodies of its [Query] methods")]
    [InlineData("[SqliteQueries(typeof(AppDb))]\npublic partial class UserQueries<T>", "UserQueries", "must be a partial, non-static, non-generic class (not a record): SqliteGen adds its constructor and the bodies of its [Query] methods")]
    [InlineData("[SqliteQueries(typeof(AppDb))]\npublic partial record UserQueries", "UserQueries", "must be a partial, non-static, non-generic class (not a record): SqliteGen adds its constructor and the bodies of its [Query] methods")]
    [InlineData("[SqliteQueries(typeof(AppDb)), SqliteDatabase]\npublic partial class UserQueries", "SqliteQueries(typeof(AppDb))", "is itself a [SqliteDatabase] class: its [Query] methods run on it already; remove [SqliteQueries]")]
    public void SQLG309_a_query_class_SqliteGen_cannot_implement_says_why_where(string declaration, string squiggled, string why)
    {
        (GeneratorOutput output, string source) = Generate("""
            [Query("SELECT count(*) FROM users")]
            public partial long Count();
            """, declaration);

        Assert.Null(output.Run.Exception);
        Diagnostic diagnostic = Assert.Single(output.Reported, d => d.Id == "SQLG309");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.EndsWith("docs/rules/SQLG309.md", diagnostic.Descriptor.HelpLinkUri);
        Assert.Equal("[SqliteQueries] class 'UserQueries' " + why, diagnostic.GetMessage());
        Assert.Equal(squiggled.TrimStart('[').TrimEnd(']'), Squiggled(diagnostic, source));
        if (!declaration.Contains("SqliteDatabase", System.StringComparison.Ordinal))
            Assert.DoesNotContain(output.Sources, s => s.HintName.Contains("UserQueries"));
    }

    [Fact]
    public void SQLG309_a_database_of_another_assembly_cannot_be_linked()
    {
        // The library: a database, compiled with the generator and referenced as metadata, as a project reference is.
        GeneratorOutput library = Harness.Generate(Schema);
        using var image = new System.IO.MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult emitted = library.Compilation.WithAssemblyName("AppLibrary").Emit(image);
        Assert.True(emitted.Success, emitted.Diagnostics.Describe());
        string source = """
            using SqliteGen;

            namespace Client;

            [SqliteQueries(typeof(App.AppDb))]
            public partial class UserQueries
            {
                [Query("SELECT count(*) FROM users")]
                public partial long Count();
            }
            """;

        GeneratorOutput output = Harness.Generate(Harness.Compile(source).AddReferences(MetadataReference.CreateFromImage(image.ToArray())));

        Diagnostic diagnostic = Single(output, "SQLG309");
        Assert.Equal("[SqliteQueries] class 'UserQueries' names 'App.AppDb' from another assembly (AppLibrary): declare the query class in the project that declares the database", diagnostic.GetMessage());
        Assert.Equal("SqliteQueries(typeof(App.AppDb))", Squiggled(diagnostic, source));
    }

    [Fact]
    public void SQLG309_a_query_class_nested_in_a_class_that_is_not_partial()
    {
        string source = Schema + """
            public static class Reports
            {
                [SqliteQueries(typeof(AppDb))]
                public partial class UserQueries
                {
                }
            }
            """;

        GeneratorOutput output = Harness.Generate(source);

        Diagnostic diagnostic = Single(output, "SQLG309");
        Assert.Equal("[SqliteQueries] class 'UserQueries' is nested in 'Reports', which must be partial and not generic too", diagnostic.GetMessage());
        Assert.Equal("UserQueries", Squiggled(diagnostic, source));
    }

    [Fact]
    public void SQLG308_a_query_in_a_class_without_a_database_link_says_how_to_link_it()
    {
        string source = Schema + "public partial class Reports\n{\n    [Query(\"SELECT count(*) FROM users\")]\n    public partial long Count();\n}\n";

        GeneratorOutput output = Harness.Generate(source);

        Diagnostic diagnostic = Single(output, "SQLG308");
        Assert.Equal("Count", Squiggled(diagnostic, source));
        Assert.Equal("[Query] method 'Reports.Count' is not in a [SqliteDatabase] class: declare it in the database class, or mark its class [SqliteQueries(typeof(YourDb))] to run it on that database", diagnostic.GetMessage());
    }
}
