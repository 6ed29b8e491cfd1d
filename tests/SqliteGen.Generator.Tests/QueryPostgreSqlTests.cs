using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace SqliteGen.Generator.Tests;

/// <summary>
/// [Query] methods with the PostgreSQL target on: SQL only SQLite accepts is one SQLG312 under the construct (and nothing
/// without the target), a [PostgreSqlQuery] replaces it and is checked against the tables, parameters and columns, and
/// the PostgreSQL class and the interface get the methods, compiling cleanly. What the two engines really accept is
/// <see cref="QueryEngineCheckOracleTests"/>; the methods run on both in tests/SqliteGen.PostgreSql.Tests (QueryScenarioTests).
/// </summary>
public sealed class QueryPostgreSqlTests
{
    private const string Schema = """
        using System;
        using System.Collections.Generic;
        using SqliteGen;

        namespace App;

        [Table("users")]
        public partial record User([PrimaryKey] long Id, [Unique] string Email, string Name, string? Nickname);

        [SqliteDatabase]
        public partial class AppDb
        {

        """;

    private static GeneratorOutput Generate(string members, bool postgreSql = true)
    {
        Compilation compilation = Harness.Compile(Text(members));
        return Harness.Generate(postgreSql ? compilation.AddReferences(PostgreSqlTargetTests.PostgreSqlReferences) : compilation);
    }

    private static string Text(string members) => Schema + members + "\n}\n";

    /// <summary>The text a diagnostic points at (the generator's locations name the file by path, with the span).</summary>
    private static string Squiggled(Diagnostic diagnostic, string members) => Text(members).Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length);

    private static string Source(GeneratorOutput output, string hintEnd) => output.Sources.Single(s => s.HintName.EndsWith(hintEnd, StringComparison.Ordinal)).Source;

    [Fact]
    public void SQL_only_SQLite_accepts_is_one_error_under_the_first_construct_naming_each()
    {
        const string sql = "SELECT * FROM users WHERE ifnull(nickname, name) = $name OR email GLOB $name";
        string members = $"[Query(\"{sql}\")] public partial IReadOnlyList<User> Named(string name);";
        GeneratorOutput output = Generate(members);

        Diagnostic error = Assert.Single(output.GeneratorDiagnostics);
        Assert.Equal("SQLG312", error.Id);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal("ifnull", Squiggled(error, members));
        string message = error.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("ifnull(); GLOB", message, StringComparison.Ordinal);
        Assert.Contains("coalesce", message, StringComparison.Ordinal);
        Assert.Contains("[PostgreSqlQuery", message, StringComparison.Ordinal);
        // The rest compiles: the SQLite method runs, the PostgreSQL one throws naming the error.
        Assert.True(!output.CompilationDiagnostics.Any(), output.CompilationDiagnostics.Describe());
        Assert.Contains("SqliteGen reported SQLG312", Source(output, ".PostgreSql.Queries.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_PostgreSQL_target_the_same_SQL_is_not_checked_for_it()
    {
        GeneratorOutput output = Generate("[Query(\"SELECT * FROM users WHERE ifnull(nickname, name) = $name\")] public partial IReadOnlyList<User> Named(string name);", postgreSql: false);

        Assert.Empty(output.GeneratorDiagnostics);
        Assert.DoesNotContain(output.Sources, s => s.HintName.Contains("PostgreSql", StringComparison.Ordinal));
    }

    [Fact]
    public void A_variant_replaces_the_SQL_on_PostgreSQL_with_its_parameters_numbered_and_the_interface_declares_the_method()
    {
        GeneratorOutput output = Generate("""
            [Query("SELECT * FROM users WHERE ifnull(nickname, name) = $name AND id > $after")]
            [PostgreSqlQuery("SELECT * FROM users WHERE coalesce(nickname, name)::text = $name AND id > $after")]
            public partial IReadOnlyList<User> Named(string name, long after);
            """);

        Assert.Empty(output.GeneratorDiagnostics);
        Assert.True(!output.CompilationDiagnostics.Any(), output.CompilationDiagnostics.Describe());
        string postgreSql = Source(output, ".PostgreSql.Queries.g.cs");
        Assert.Contains("\"SELECT * FROM users WHERE coalesce(nickname, name)::text = $1 AND id > $2\"", postgreSql, StringComparison.Ordinal);
        Assert.Contains("Named(string name, long after)", Source(output, ".Interfaces.g.cs").Replace("global::System.", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT * FROM users WHERE nick = $name", "SQLG304", "nick")]
    [InlineData("SELECT * FROM userz WHERE name = $name", "SQLG303", "userz")]
    [InlineData("SELECT * FROM users WHERE name = $name AND id = $id", "SQLG305", "$id")]
    [InlineData("SELECT * FROM users", "SQLG305", null)]
    [InlineData("SELECT id, name FROM users WHERE name = $name", "SQLG306", null)]
    [InlineData("DELETE FROM users WHERE name = $name", "SQLG306", null)]
    [InlineData("", "SQLG308", null)]
    [InlineData("SELECT 'open FROM users WHERE name = $name", "SQLG307", null)]
    public void A_variant_is_checked_against_the_tables_the_parameters_and_the_columns(string variant, string id, string? squiggled)
    {
        string members = $$"""
            [Query("SELECT * FROM users WHERE name = $name")]
            [PostgreSqlQuery("{{variant}}")]
            public partial IReadOnlyList<User> Named(string name);
            """;
        GeneratorOutput output = Generate(members);

        Diagnostic error = Assert.Single(output.GeneratorDiagnostics);
        Assert.Equal(id, error.Id);
        if (squiggled is not null)
            Assert.Equal(squiggled, Squiggled(error, members));
        Assert.True(!output.CompilationDiagnostics.Any(), output.CompilationDiagnostics.Describe());
    }

    [Fact]
    public void The_write_transactions_have_the_queries_and_their_interface_declares_them_with_Sql()
    {
        GeneratorOutput output = Generate("""
            [Query("SELECT * FROM users WHERE id = $id")] public partial User? Lookup(long id);
            [Query("UPDATE users SET name = $name WHERE id = $id")] public partial int Rename(long id, string name);
            [Query("SELECT count(*) FROM users")] public partial long CommitAsync();
            """);

        Assert.Empty(output.GeneratorDiagnostics);
        Assert.True(!output.CompilationDiagnostics.Any(), output.CompilationDiagnostics.Describe());
        string face = Source(output, ".Interfaces.g.cs");
        // The transaction interface: from its declaration to the brace that closes it, at the declaration's indentation.
        int start = face.IndexOf("interface IWriteTransaction", StringComparison.Ordinal);
        int lineStart = face.LastIndexOf('\n', start) + 1;
        string indent = face.Substring(lineStart, face.Length - lineStart - face.Substring(lineStart).TrimStart(' ').Length);
        int end = face.IndexOf("\n" + indent + "}", start, StringComparison.Ordinal);
        string transaction = face.Substring(start, end - start).Replace("global::", "", StringComparison.Ordinal);
        Assert.Contains("SqliteGen.IDatabaseSql Sql { get; }", transaction, StringComparison.Ordinal);
        Assert.Contains("App.User? Lookup(long id);", transaction, StringComparison.Ordinal);
        Assert.Contains("int Rename(long id, string name);", transaction, StringComparison.Ordinal);
        Assert.DoesNotContain("CommitAsync", transaction, StringComparison.Ordinal); // the PostgreSQL transaction's own member
        // One body per query on PostgreSQL: the database's method and the transaction's run it on their own source.
        string postgreSql = Source(output, ".PostgreSql.Queries.g.cs");
        Assert.Contains("LookupCore(_database, id)", postgreSql, StringComparison.Ordinal);
        Assert.Contains("LookupCore(_transaction, id)", postgreSql, StringComparison.Ordinal);
        Assert.Contains("RenameCore(_transaction, id, name)", postgreSql, StringComparison.Ordinal);
    }

    [Fact]
    public void A_query_SQLite_refuses_throws_on_both_transactions_too_and_the_rest_compiles()
    {
        GeneratorOutput output = Generate("[Query(\"SELECT * FROM userz WHERE id = $id\")] public partial User? Missing(long id);");

        Assert.Equal("SQLG303", Assert.Single(output.GeneratorDiagnostics).Id);
        Assert.True(!output.CompilationDiagnostics.Any(), output.CompilationDiagnostics.Describe()); // both implement IWriteTransaction
        Assert.Contains("AppDb.WriteTransaction.Missing was not generated", Source(output, "AppDb.Queries.g.cs"), StringComparison.Ordinal);
        Assert.Contains("AppDb.PostgreSql.WriteTransaction.Missing was not generated", Source(output, ".PostgreSql.Queries.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_return_shape_compiles_on_PostgreSQL()
    {
        GeneratorOutput output = Generate("""
            [Query("SELECT * FROM users WHERE id = $id")] public partial User One(long id);
            [Query("SELECT * FROM users WHERE id = $id")] public partial User? Maybe(long id);
            [Query("SELECT * FROM users ORDER BY id")] public partial IEnumerable<User> Stream();
            [Query("SELECT * FROM users ORDER BY id")] public partial IAsyncEnumerable<User> StreamAsync(System.Threading.CancellationToken cancellationToken);
            [Query("SELECT name FROM users WHERE id = $id")] public partial System.Threading.Tasks.ValueTask<string?> NameAsync(long id, System.Threading.CancellationToken cancellationToken);
            [Query("SELECT count(*) FROM users")] public partial long Count2();
            [Query("SELECT id, name FROM users")] public partial IReadOnlyList<Pair> Pairs();
            [Query("UPDATE users SET name = $name WHERE id = $id")] public partial int Rename(long id, string name);
            [Query("DELETE FROM users WHERE id = $id")] public partial System.Threading.Tasks.ValueTask DropAsync(long id);
            [Query("UPDATE users SET name = $name WHERE id = $id RETURNING *")] public partial User? RenameReturning(long id, string name);
            [Query("SELECT * FROM users WHERE id = $id")] internal partial User? Internal(long id);
            public sealed record Pair(long Id, string Name);
            """);

        Assert.Empty(output.GeneratorDiagnostics);
        Assert.True(!output.CompilationDiagnostics.Any(), output.CompilationDiagnostics.Describe());
        string face = Source(output, ".Interfaces.g.cs");
        Assert.DoesNotContain("Internal(", face, StringComparison.Ordinal); // an internal query stays off the public interface
        Assert.Contains("Internal(long id)", Source(output, ".PostgreSql.Queries.g.cs"), StringComparison.Ordinal);
    }

    /// <summary>A [SqliteQueries] class of AppDb around <paramref name="members"/>, with the target on unless told.</summary>
    private static (GeneratorOutput Output, string Text) GenerateQueryClass(string members, bool postgreSql = true)
    {
        string text = Schema + "}\n\n[SqliteQueries(typeof(AppDb))]\npublic partial class UserQueries\n{\n" + members + "\n}\n";
        Compilation compilation = Harness.Compile(text);
        return (Harness.Generate(postgreSql ? compilation.AddReferences(PostgreSqlTargetTests.PostgreSqlReferences) : compilation), text);
    }

    [Fact]
    public void A_query_class_runs_on_either_engine_over_the_interface_and_compiles_cleanly()
    {
        (GeneratorOutput output, _) = GenerateQueryClass("""
            [Query("SELECT * FROM users WHERE id = $id")] public partial User? Lookup(long id);
            [Query("SELECT * FROM users ORDER BY id")] public partial IEnumerable<User> Stream();
            [Query("SELECT * FROM users ORDER BY id")] public partial IAsyncEnumerable<User> StreamAsync(System.Threading.CancellationToken cancellationToken);
            [Query("SELECT name FROM users WHERE id = $id")] public partial System.Threading.Tasks.ValueTask<string?> NameAsync(long id, System.Threading.CancellationToken cancellationToken);
            [Query("UPDATE users SET name = $name WHERE id = $id")] public partial void Rename(long id, string name);
            [Query("DELETE FROM users WHERE id = $id")] public partial System.Threading.Tasks.ValueTask DropAsync(long id);
            [Query("UPDATE users SET name = $name WHERE id = $id RETURNING *")] public partial User? RenameReturning(long id, string name);
            [Query("INSERT INTO users (id, email, name) VALUES ($id, $email, $name) RETURNING id")] public partial System.Threading.Tasks.ValueTask<long> AddAsync(long id, string email, string name, System.Threading.CancellationToken cancellationToken = default);
            [Query("SELECT * FROM users WHERE id = $id")] internal partial User? Internal(long id);
            public static UserQueries Over(IAppDb db) => new(db);
            public static UserQueries OverSqlite(AppDb db) => new(db);
            """);

        Assert.Empty(output.GeneratorDiagnostics);
        Assert.True(!output.CompilationDiagnostics.Any(), output.CompilationDiagnostics.Describe());
        string sqlite = Source(output, "UserQueries.Queries.g.cs").Replace("global::", "", StringComparison.Ordinal);
        string postgreSql = Source(output, "UserQueries.PostgreSql.Queries.g.cs").Replace("global::", "", StringComparison.Ordinal);
        // The constructors: the SQLite database's, as without the target, and the interface's, for either engine.
        Assert.Contains("public UserQueries(App.AppDb database)", sqlite, StringComparison.Ordinal);
        Assert.Contains("public UserQueries(App.IAppDb database)", postgreSql, StringComparison.Ordinal);
        // Each query runs on the engine the class was made over: one PostgreSQL core, one SQLite body.
        Assert.Contains("return OnPostgreSql.LookupCore(_postgreSql, id);", sqlite, StringComparison.Ordinal);
        Assert.Contains("return LookupOnSqlite(id);", sqlite, StringComparison.Ordinal);
        Assert.Contains("internal static App.User? LookupCore(SqliteGen.PostgreSql.PostgreSqlSource connection, long id)", postgreSql, StringComparison.Ordinal);
        // The transaction overloads: SQLite's transaction, as without the target, and the interface, for either engine.
        Assert.Contains("public App.User? Lookup(App.AppDb.WriteTransaction transaction, long id)", sqlite, StringComparison.Ordinal);
        Assert.Contains("public App.User? Lookup(App.AppDb.IWriteTransaction transaction, long id)", postgreSql, StringComparison.Ordinal);
        Assert.Contains("internal App.User? Internal(App.AppDb.IWriteTransaction transaction, long id)", postgreSql, StringComparison.Ordinal);
        // A write with RETURNING reads its rows inside the lease's write, which undoes it alone when it is refused.
        Assert.Contains("lease.Returning<App.User?>(", postgreSql, StringComparison.Ordinal);
        Assert.Contains("lease.ReturningAsync<long>(", postgreSql, StringComparison.Ordinal);
        // The interfaces do not depend on the query class.
        Assert.DoesNotContain("UserQueries", Source(output, ".Interfaces.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_target_a_query_class_is_SQLite_s_alone()
    {
        (GeneratorOutput output, _) = GenerateQueryClass("[Query(\"SELECT * FROM users WHERE ifnull(nickname, name) = $name\")] public partial IReadOnlyList<User> Named(string name);", postgreSql: false);

        Assert.Empty(output.GeneratorDiagnostics);
        Assert.True(!output.CompilationDiagnostics.Any(), output.CompilationDiagnostics.Describe());
        Assert.DoesNotContain(output.Sources, s => s.HintName.Contains("PostgreSql", StringComparison.Ordinal));
        Assert.DoesNotContain("_postgreSql", Source(output, "UserQueries.Queries.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void SQL_only_SQLite_accepts_in_a_query_class_is_one_error_named_after_the_class()
    {
        const string sql = "SELECT * FROM users WHERE ifnull(nickname, name) = $name";
        (GeneratorOutput output, string text) = GenerateQueryClass($"[Query(\"{sql}\")] public partial IReadOnlyList<User> Named(string name);");

        Diagnostic error = Assert.Single(output.GeneratorDiagnostics);
        Assert.Equal("SQLG312", error.Id);
        Assert.Equal("ifnull", text.Substring(error.Location.SourceSpan.Start, error.Location.SourceSpan.Length));
        Assert.Contains("'UserQueries.Named'", error.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        // The rest compiles: on SQLite the query runs, on PostgreSQL it throws naming the error.
        Assert.True(!output.CompilationDiagnostics.Any(), output.CompilationDiagnostics.Describe());
        Assert.Contains("[Query] UserQueries.Named was not generated for PostgreSQL: SqliteGen reported SQLG312", Source(output, "UserQueries.PostgreSql.Queries.g.cs"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT * FROM users WHERE nick = $name", "SQLG304", "nick")]
    [InlineData("SELECT * FROM users WHERE name = $name AND id = $id", "SQLG305", "$id")]
    [InlineData("SELECT id, name FROM users WHERE name = $name", "SQLG306", null)]
    public void A_variant_in_a_query_class_is_checked_and_named_after_the_class(string variant, string id, string? squiggled)
    {
        (GeneratorOutput output, string text) = GenerateQueryClass($$"""
            [Query("SELECT * FROM users WHERE name = $name")]
            [PostgreSqlQuery("{{variant}}")]
            public partial IReadOnlyList<User> Named(string name);
            """);

        Diagnostic error = Assert.Single(output.GeneratorDiagnostics);
        Assert.Equal(id, error.Id);
        Assert.Contains("UserQueries.Named", error.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        if (squiggled is not null)
            Assert.Equal(squiggled, text.Substring(error.Location.SourceSpan.Start, error.Location.SourceSpan.Length));
        Assert.True(!output.CompilationDiagnostics.Any(), output.CompilationDiagnostics.Describe());
    }

    [Fact]
    public void A_query_class_query_SQLite_refuses_is_one_error_and_is_not_checked_for_PostgreSQL()
    {
        // An unknown table, and a construct only SQLite accepts: the SQLite check's error alone (one mistake, one error).
        (GeneratorOutput output, _) = GenerateQueryClass("[Query(\"SELECT * FROM userz WHERE ifnull(name, '') = $name\")] public partial IReadOnlyList<User> Named(string name);");

        Assert.Equal("SQLG303", Assert.Single(output.GeneratorDiagnostics).Id);
        Assert.True(!output.CompilationDiagnostics.Any(), output.CompilationDiagnostics.Describe());
    }

    /// <summary>Queries of every return shape, sync and async, reading and writing: what the bodies below declare.</summary>
    private const string EveryShape = """
        [Query("SELECT * FROM users WHERE email = $email")] public partial User? ByEmail(string email);
        [Query("SELECT * FROM users WHERE name = $name")] public partial IReadOnlyList<User> Named(string name);
        [Query("SELECT * FROM users ORDER BY id")] public partial IEnumerable<User> Stream();
        [Query("SELECT * FROM users ORDER BY id")] public partial IAsyncEnumerable<User> StreamAsync(System.Threading.CancellationToken cancellationToken);
        [Query("SELECT name FROM users WHERE id = $id")] public partial System.Threading.Tasks.ValueTask<string?> NameAsync(long id, System.Threading.CancellationToken cancellationToken);
        [Query("SELECT count(*) FROM users")] public partial long Total();
        [Query("UPDATE users SET name = $name WHERE id = $id")] public partial int Rename(long id, string name);
        [Query("DELETE FROM users WHERE id = $id")] public partial System.Threading.Tasks.ValueTask DropAsync(long id);
        [Query("INSERT INTO users (id, email, name) VALUES ($id, $email, $name) RETURNING *")] public partial User Add(long id, string email, string name);
        [Query("INSERT INTO users (id, email, name) VALUES ($id, $email, $name) RETURNING id")] public partial System.Threading.Tasks.ValueTask<long> AddAsync(long id, string email, string name);
        """;

    [Fact]
    public void No_name_the_generated_query_bodies_declare_can_be_a_query_parameter_on_either_engine()
    {
        // The oracle is the generated code: every local and lambda parameter the bodies of both engines declare, on the
        // database and in a query class. A query parameter of the same name would not compile; it must be refused instead.
        var declared = new SortedSet<string>(StringComparer.Ordinal);
        foreach (GeneratorOutput output in new[] { Generate(EveryShape), GenerateQueryClass(EveryShape).Output })
        {
            Assert.Empty(output.GeneratorDiagnostics);
            Assert.True(!output.CompilationDiagnostics.Any(), output.CompilationDiagnostics.Describe());
            foreach (var source in output.Sources.Where(s => s.HintName.EndsWith("Queries.g.cs", StringComparison.Ordinal)))
            {
                foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(source.Source, @"\bvar (\w+) =|\bstatic \(?([\w, ]+?)\)? =>|\bforeach \(var (\w+) in"))
                {
                    string names = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Value;
                    foreach (string name in names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                        declared.Add(name);
                }
            }
        }
        Assert.Contains("row", declared);     // the PostgreSQL bodies' reader
        Assert.Contains("command", declared); // and their command
        foreach (string name in declared)
        {
            string members = $"[Query(\"SELECT * FROM users WHERE name = ${name}\")] public partial IReadOnlyList<User> Named(string {name});";
            GeneratorOutput output = Generate(members);
            Diagnostic refused = Assert.Single(output.GeneratorDiagnostics);
            Assert.Equal(DiagnosticSeverity.Error, refused.Severity);
            Assert.Contains($"parameter '{name}' has a name the generated body uses for itself", refused.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
            Assert.True(!output.CompilationDiagnostics.Any(), name + ": " + output.CompilationDiagnostics.Describe());
        }
    }
}
