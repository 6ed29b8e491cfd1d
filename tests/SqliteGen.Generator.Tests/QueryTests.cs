using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using SqliteGen.Generator.Dialects.Sqlite;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Queries;
using Xunit;
using SqliteGen.Generator.Schema;

namespace SqliteGen.Generator.Tests;

/// <summary>
/// [Query] methods: each SQLG303-SQLG308 case where the user sees it (id, message naming the method and the name at
/// fault, the squiggle under the name in the SQL), the SQL that must stay silent, and the checker on random SQL.
/// </summary>
public sealed class QueryTests
{
    private const string Schema = """
        using System;
        using System.Collections.Generic;
        using SqliteGen;

        namespace App;

        [Table("users")]
        public partial record User([PrimaryKey] long Id, [Unique] string Email, string Name, int? Age);

        [Table("notes"), Index(nameof(Title), nameof(Body))]
        public partial record Note([PrimaryKey] long Id, [References(typeof(User)), Indexed] long UserId, string Title, string? Body);

        public sealed record Summary(string Name, int? Age);

        [SqliteDatabase]
        public partial class AppDb
        {
        """;

    /// <summary>Generates a database with <paramref name="members"/> inside its class; returns what the user sees.</summary>
    private static (GeneratorOutput Output, string Source) Generate(string members)
    {
        string source = Schema + members + "\n}\n";
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
    public void Valid_queries_compile_with_no_diagnostics_and_the_method_gets_its_body()
    {
        (GeneratorOutput output, _) = Generate("""
            [Query("SELECT * FROM users WHERE email = $email")]
            public partial User? ByEmail(string email);
            """);

        Assert.Empty(output.Reported);
        Assert.True(!output.CompilationDiagnostics.Any(), output.CompilationDiagnostics.Describe());
        Assert.Contains(output.Sources, s => s.HintName == "App.AppDb.Queries.g.cs" && s.Source.Contains("public partial global::App.User? ByEmail(string email)"));
    }

    [Fact]
    public void SQLG303_an_unknown_table_is_underlined_in_the_SQL_and_named_with_the_method()
    {
        (GeneratorOutput output, string source) = Generate("""
            [Query("SELECT * FROM userz WHERE email = $email")]
            public partial User? ByEmail(string email);
            """);

        Diagnostic diagnostic = Single(output, "SQLG303");
        Assert.Equal("userz", Squiggled(diagnostic, source));
        Assert.Equal("Query 'AppDb.ByEmail': table 'userz' does not exist (the tables are notes, users) (column 15 of the SQL)", diagnostic.GetMessage());
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.EndsWith("docs/rules/SQLG303.md", diagnostic.Descriptor.HelpLinkUri);
        // One mistake, one error: the method gets a body that throws naming the diagnostic, so C# adds no CS8795.
        Assert.True(!output.CompilationDiagnostics.Any(), output.CompilationDiagnostics.Describe());
        Assert.Contains("[Query] AppDb.ByEmail was not generated: SqliteGen reported SQLG303 for it.", output.Sources.Single(s => s.HintName == "App.AppDb.Queries.g.cs").Source);
    }

    [Theory]
    [InlineData("SELECT * FROM users WHERE emial = $email", "SQLG304", "emial", 27, "column 'emial' does not exist in users")]
    [InlineData("SELECT u.* FROM users u WHERE u.emial = $email", "SQLG304", "emial", 33, "column 'u.emial' does not exist: users (u) has id, email, name, age")]
    [InlineData("SELECT u.* FROM users u JOIN notes n ON n.user_id = u.id WHERE id = 1 AND u.email = $email", "SQLG304", "id", 64, "column 'id' is ambiguous: it is in users (u) and notes (n); qualify it")]
    [InlineData("SELECT * FROM users WHERE email = $email AND id IN (SELECT user_id FROM notes WHERE titel = 'x')", "SQLG304", "titel", 85, "column 'titel' does not exist in notes")]
    [InlineData("SELECT * FROM users WHERE x.email = $email", "SQLG303", "x", 27, "'x' in 'x.email' is not a table or alias of this query")]
    public void SQLG304_unknown_or_ambiguous_columns_and_SQLG303_unknown_qualifiers(string sql, string id, string squiggled, int column, string message)
    {
        (GeneratorOutput output, string source) = Generate($$"""
            [Query("{{sql}}")]
            public partial User? ByEmail(string email);
            """);

        Diagnostic diagnostic = Single(output, id);
        Assert.Equal(squiggled, Squiggled(diagnostic, source));
        Assert.Equal($"Query 'AppDb.ByEmail': {message} (column {column} of the SQL)", diagnostic.GetMessage());
    }

    [Fact]
    public void SQLG305_a_parameter_the_method_lacks_is_underlined_and_an_unused_one_named()
    {
        (GeneratorOutput output, string source) = Generate("""
            [Query("SELECT * FROM users WHERE email = $Email")]
            public partial User? ByEmail(string email);

            [Query("SELECT * FROM users WHERE email = 'a@b'")]
            public partial User? Fixed(string email);
            """);

        Assert.Null(output.Run.Exception);
        Diagnostic[] diagnostics = output.Reported.OrderBy(d => d.Location.SourceSpan.Start).ToArray();
        Assert.All(diagnostics, d => Assert.Equal("SQLG305", d.Id));
        Assert.Equal(3, diagnostics.Length);
        Assert.Equal("$Email", Squiggled(diagnostics[0], source));
        Assert.Equal("Query 'AppDb.ByEmail': $Email (column 35 of the SQL) is not a parameter of the method: names are matched exactly; did you mean $email?", diagnostics[0].GetMessage());
        Assert.Equal("Query 'AppDb.ByEmail': parameter 'email' is not used in the SQL: write $email where its value goes, or remove it", diagnostics[1].GetMessage());
        Assert.Equal("ByEmail", Squiggled(diagnostics[1], source));
        Assert.Equal("Fixed", Squiggled(diagnostics[2], source));
    }

    [Theory]
    [InlineData("SELECT id, email FROM users", "IReadOnlyList<User>", "the result lacks columns name, age of users: select every column of the table (for example users.*)")]
    [InlineData("SELECT u.*, n.title FROM users u JOIN notes n ON n.user_id = u.id", "IReadOnlyList<User>", "the result has column title, which is not in users: select only its columns")]
    [InlineData("SELECT id, name FROM users", "IReadOnlyList<long>", "a scalar needs exactly one result column and the SQL returns 2 (id, name)")]
    [InlineData("SELECT u.name FROM users u", "IReadOnlyList<long>", "column users.name (column 8 of the SQL) is stored as TEXT, and 'long' is read from INTEGER: return the column's own type, or CAST it")]
    [InlineData("SELECT * FROM users", "IReadOnlyList<Uri>", "'System.Uri' is neither a table of AppDb nor a scalar type SqliteGen can read (see docs/type-mapping.md)")]
    [InlineData("DELETE FROM users WHERE id = 1", "IReadOnlyList<User>", "its DELETE returns no rows: return int (the number of rows changed) or void, or add RETURNING")]
    [InlineData("DELETE FROM users WHERE id = 1 RETURNING *", "IEnumerable<User>", "a write cannot be streamed (it must finish before the writer is free): return IReadOnlyList<T>")]
    [InlineData("SELECT name, age + 1 FROM users", "IReadOnlyList<Summary>", "no result column is named 'Age' or 'age' for App.Summary's constructor parameter 'Age'")]
    [InlineData("SELECT name, age, email FROM users", "IReadOnlyList<Summary>", "email matches no constructor parameter of App.Summary")]
    [InlineData("SELECT u.id + 1 FROM users u", "IReadOnlyList<User>", "result column 1 (column 8 of the SQL) has no name: name it with AS; the result lacks columns id, email, name, age of users: select every column of the table (for example users.*)")]
    public void SQLG306_the_result_must_fit_the_return_type(string sql, string returnType, string why)
    {
        (GeneratorOutput output, string source) = Generate($$"""
            [Query("{{sql}}")]
            public partial {{returnType}} Rows();
            """);

        Diagnostic diagnostic = Single(output, "SQLG306");
        Assert.Equal("Rows", Squiggled(diagnostic, source));
        Assert.StartsWith($"Query 'AppDb.Rows' returns '", diagnostic.GetMessage());
        Assert.EndsWith("', but " + why, diagnostic.GetMessage());
    }

    [Theory]
    [InlineData("SELECT * FROM users WHERE email = 'open", "'open", "the string is not closed (' is missing)")]
    [InlineData("SELECT * FROM users WHERE (email = $email", "", "a '(' is not closed")]
    [InlineData("SELECT * FROM users; DELETE FROM users", "DELETE", "a [Query] runs one statement: remove what follows the ';'")]
    [InlineData("PRAGMA table_info(users)", "PRAGMA", "'PRAGMA' cannot start a query: a [Query] runs one SELECT, INSERT, UPDATE or DELETE statement (optionally with WITH)")]
    [InlineData("SELECT * FROM users WHERE email = ? AND $email IS NOT NULL", null, null)]
    public void SQLG307_SQL_the_checker_cannot_read_points_at_where_it_stopped(string sql, string? squiggled, string? message)
    {
        (GeneratorOutput output, string source) = Generate($$"""
            [Query("{{sql}}")]
            public partial User? ByEmail(string email);
            """);

        if (message is null)
        {
            // A positional parameter is read, but is a parameter problem (SQLG305), with its position.
            Diagnostic positional = Single(output, "SQLG305");
            Assert.Equal("?", Squiggled(positional, source));
            Assert.Contains("positional parameter '?': name it after the method parameter it takes ($name) (column 35 of the SQL)", positional.GetMessage());
            return;
        }
        Diagnostic diagnostic = Single(output, "SQLG307");
        Assert.Equal($"Query 'AppDb.ByEmail': the SQL cannot be read at column {(squiggled!.Length == 0 ? sql.Length + 1 : sql.IndexOf(squiggled, StringComparison.Ordinal) + 1)}: {message}", diagnostic.GetMessage());
        if (squiggled.Length > 0)
            Assert.StartsWith(squiggled.Substring(0, 1), Squiggled(diagnostic, source));
    }

    [Theory]
    [InlineData("public static partial User? M(string email);", "is static: a query runs on an open database, so declare it as an instance method")]
    [InlineData("public partial User? M<T>(string email);", "is generic: a query's parameter and row types must be known at compile time")]
    [InlineData("public partial System.Threading.Tasks.Task<User?> M(string email);", "returns 'System.Threading.Tasks.Task<App.User?>': return T, T?, IReadOnlyList<T> or IEnumerable<T> (T an entity of the database or a scalar), int for the rows a write changed, or void; or the same in a ValueTask<>, or IAsyncEnumerable<T>")]
    [InlineData("public partial System.Threading.Tasks.ValueTask<System.Collections.Generic.IAsyncEnumerable<User>> M(string email);", "returns 'System.Threading.Tasks.ValueTask<System.Collections.Generic.IAsyncEnumerable<App.User>>': return T, T?, IReadOnlyList<T> or IEnumerable<T> (T an entity of the database or a scalar), int for the rows a write changed, or void; or the same in a ValueTask<>, or IAsyncEnumerable<T>")]
    [InlineData("public partial User? M(string email, System.Threading.CancellationToken a, System.Threading.CancellationToken b);", "has more than one CancellationToken parameter")]
    [InlineData("public User? M(string email) => null;", "must be a partial method without a body, with an accessibility modifier ('public partial ... M(...);'): SqliteGen writes its body")]
    public void SQLG308_a_method_SqliteGen_cannot_implement_says_why(string declaration, string why)
    {
        (GeneratorOutput output, string source) = Generate($$"""
            [Query("SELECT * FROM users WHERE email = $email")]
            {{declaration}}
            """);

        Diagnostic diagnostic = Single(output, "SQLG308");
        Assert.Equal("M", Squiggled(diagnostic, source));
        Assert.Equal("[Query] method 'AppDb.M' " + why, diagnostic.GetMessage());
    }

    [Fact]
    public void SQLG308_a_query_outside_the_database_class()
    {
        string source = Schema + "}\n\npublic partial class Reports\n{\n    [Query(\"SELECT count(*) FROM users\")]\n    public partial long Count();\n}\n";

        GeneratorOutput output = Harness.Generate(source);

        Diagnostic diagnostic = Single(output, "SQLG308");
        Assert.Equal("Count", Squiggled(diagnostic, source));
        Assert.Equal("[Query] method 'Reports.Count' is not in a [SqliteDatabase] class: declare it in the database class, or mark its class [SqliteQueries(typeof(YourDb))] to run it on that database", diagnostic.GetMessage());
    }

    [Theory]
    [InlineData("DELETE FROM notes", "DELETE", "notes")]
    [InlineData("UPDATE users SET age = NULL RETURNING id", "UPDATE", "users")]
    public void SQLG302_an_UPDATE_or_DELETE_query_without_WHERE_is_a_warning_and_still_generated(string sql, string verb, string table)
    {
        (GeneratorOutput output, string source) = Generate($$"""
            [Query("{{sql}}")]
            public partial {{(sql.Contains("RETURNING", StringComparison.Ordinal) ? "IReadOnlyList<long>" : "int")}} M();
            """);

        Diagnostic diagnostic = Single(output, "SQLG302");
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(verb, Squiggled(diagnostic, source));
        Assert.Equal($"'AppDb.M: {verb}' changes every row of '{table}': add a WHERE clause, or write 'WHERE true' when every row is meant", diagnostic.GetMessage());
        Assert.True(!output.CompilationDiagnostics.Any(), output.CompilationDiagnostics.Describe());
    }

    [Fact]
    public void SQLG305_a_parameter_that_cannot_be_bound_and_one_passed_by_reference()
    {
        (GeneratorOutput output, _) = Generate("""
            [Query("SELECT * FROM users WHERE email = $email AND id = $id")]
            public partial User? M(System.Uri email, ref long id);
            """);

        Assert.Equal(
            new[]
            {
                "Query 'AppDb.M': parameter 'email' has type 'System.Uri', which cannot be bound as a SQL value (see docs/type-mapping.md)",
                "Query 'AppDb.M': parameter 'id' is passed by reference (ref): query parameters are passed by value",
            },
            output.Reported.Where(d => d.Id == "SQLG305").Select(d => d.GetMessage()).OrderBy(m => m, StringComparer.Ordinal));
    }

    [Fact]
    public void SQL_in_a_const_built_by_concatenation_is_checked_and_reported_on_the_argument()
    {
        (GeneratorOutput output, string source) = Generate("""
            private const string Columns = "id, email, name, agee";
            [Query("SELECT " + Columns + " FROM users")]
            public partial IReadOnlyList<User> All();
            """);

        Diagnostic diagnostic = Single(output, "SQLG304");
        Assert.Equal("\"SELECT \" + Columns + \" FROM users\"", Squiggled(diagnostic, source));
        Assert.Contains("column 'agee' does not exist in users (column 25 of the SQL)", diagnostic.GetMessage());
    }

    [Theory]
    [InlineData("SELECT * FROM users WHERE name = $p", "IReadOnlyList<User>", "users", "name", 27, "User.Name")]
    [InlineData("SELECT u.* FROM users u WHERE u.email = 'x' AND u.age = $p", "IReadOnlyList<User>", "users", "age", 51, "User.Age")]
    [InlineData("SELECT u.* FROM users u JOIN notes n ON n.user_id = u.id WHERE n.body = $p", "IReadOnlyList<User>", "notes", "body", 66, "Note.Body")]
    [InlineData("DELETE FROM notes WHERE body = 3 AND title = $p RETURNING id", "IReadOnlyList<long>", "notes", "body", 25, "Note.Body")]
    public void SQLG101_an_equality_filter_on_a_column_no_index_serves_is_advice_and_the_query_is_still_generated(string sql, string returnType, string table, string column, int at, string member)
    {
        (GeneratorOutput output, string source) = Generate($$"""
            [Query("{{sql}}")]
            public partial {{returnType}} M(string p);
            """);

        Diagnostic diagnostic = Single(output, "SQLG101");
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(column, Squiggled(diagnostic, source));
        Assert.Equal($"Query 'AppDb.M' filters {table} on {column} (column {at} of the SQL), which no index serves, so each run reads the whole table: add [Indexed] to {member}, or an [Index] whose first column it is", diagnostic.GetMessage());
        Assert.True(!output.CompilationDiagnostics.Any(), output.CompilationDiagnostics.Describe()); // advice only: the body is generated
    }

    /// <summary>Filters an index serves, or that no index could serve, get no advice.</summary>
    [Theory]
    [InlineData("SELECT * FROM users WHERE id = $p")] // the primary key
    [InlineData("SELECT * FROM users WHERE email = $p")] // a unique index
    [InlineData("SELECT n.id FROM notes n WHERE n.user_id = $p")] // [Indexed]
    [InlineData("SELECT n.id FROM notes n WHERE n.title = $p")] // the first column of a composite index
    [InlineData("SELECT * FROM users WHERE name = $p OR email = 'x'")] // an OR: no single index serves it anyway
    [InlineData("SELECT * FROM users WHERE name > $p")] // not an equality
    [InlineData("SELECT n.id FROM notes n JOIN users u ON u.name = n.title WHERE u.id = $p")] // column = column
    [InlineData("SELECT * FROM users WHERE rowid = $p")] // the rowid
    public void SQLG101_stays_silent_where_an_index_serves_or_none_could(string sql)
    {
        (GeneratorOutput output, _) = Generate($$"""
            [Query("{{sql}}")]
            public partial IReadOnlyList<{{(sql.StartsWith("SELECT n.id", StringComparison.Ordinal) ? "long" : "User")}}> M(string p);
            """);

        Assert.True(output.Reported.IsEmpty, output.Reported.Describe());
    }

    /// <summary>SQLite the checker must accept as valid (near misses of the rules): no diagnostic, and the code compiles.</summary>
    [Theory]
    [InlineData("SELECT u.name AS who FROM users u LEFT JOIN notes n ON n.user_id = u.id GROUP BY u.id HAVING count(n.id) > 0 ORDER BY who", "IReadOnlyList<string>", false)]
    [InlineData("SELECT name FROM users JOIN notes USING (id) WHERE title LIKE '%x%' ESCAPE '\\\\'", "IReadOnlyList<string>", false)]
    [InlineData("SELECT CASE WHEN age IS NULL THEN 'unknown' WHEN age BETWEEN 0 AND 17 THEN 'minor' ELSE 'adult' END label FROM users", "IReadOnlyList<string>", false)]
    [InlineData("SELECT CAST(age AS TEXT) FROM users WHERE id = $id", "string?", true)]
    [InlineData("SELECT \"users\".\"email\" FROM [users] WHERE `id` = $id", "string?", true)]
    [InlineData("SELECT name FROM users WHERE rowid = $id UNION ALL SELECT title FROM notes ORDER BY 1 LIMIT 10 OFFSET 2", "IReadOnlyList<string>", true)]
    [InlineData("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < $id) SELECT count(*) FROM n", "long", true)]
    [InlineData("SELECT sum(age) OVER (PARTITION BY name ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM users", "IReadOnlyList<long?>", false)]
    [InlineData("SELECT j.value FROM users u, json_each(u.name) AS j WHERE u.id = $id", "IReadOnlyList<string>", true)]
    [InlineData("SELECT t.total FROM (SELECT user_id, count(*) AS total FROM notes GROUP BY user_id) AS t WHERE t.user_id = $id", "long?", true)]
    [InlineData("INSERT INTO users (id, email, name) VALUES ($id, 'a', 'b') ON CONFLICT (email) DO UPDATE SET name = excluded.name WHERE users.age IS NULL", "int", true)]
    [InlineData("UPDATE users SET (name, age) = ('x', NULL) FROM notes n WHERE n.user_id = users.id AND n.id = $id RETURNING id", "IReadOnlyList<long>", true)]
    [InlineData("DELETE FROM notes WHERE id = $id RETURNING title AS removed", "string?", true)]
    [InlineData("SELECT datetime('now') -- a comment with 'quotes' and $notAParameter\n /* and users.nothing */", "string", false)]
    [InlineData("SELECT n.* FROM notes n WHERE n.user_id IN (SELECT id FROM users WHERE email = 'x') AND NOT EXISTS (SELECT 1 FROM users u2 WHERE u2.id = n.user_id AND u2.age > $id)", "IReadOnlyList<Note>", true)]
    [InlineData("SELECT id, name, email, age FROM users WHERE age IS NOT DISTINCT FROM $id COLLATE NOCASE", "IReadOnlyList<User>", true)]
    [InlineData("SELECT u.name AS Name, max(n.id) AS age FROM users u JOIN notes n ON n.user_id = u.id WHERE u.id = $id GROUP BY u.id", "Summary?", true)]
    [InlineData("SELECT name FROM users ORDER BY name COLLATE NOCASE DESC NULLS LAST", "IReadOnlyList<string>", false)]
    [InlineData("SELECT count(DISTINCT name) AS n FROM users WHERE id IN (1, 2, $id)", "long", true)]
    [InlineData("SELECT u.name || ' ' || u.email AS label FROM main.users u WHERE NOT (u.age < 3)", "IReadOnlyList<string>", false)]
    [InlineData("SELECT iif(age > 18, 'adult', 'minor') FROM users WHERE email LIKE $id || '%'", "IReadOnlyList<string>", true)]
    [InlineData("SELECT x.name FROM (SELECT * FROM users) x WHERE x.age > (SELECT avg(age) FROM users)", "IReadOnlyList<string>", false)]
    [InlineData("SELECT json_extract(body, '$.a') || (body ->> '$.b') FROM notes", "IReadOnlyList<string>", false)]
    [InlineData("INSERT INTO notes SELECT * FROM notes WHERE id = $id", "int", true)]
    [InlineData("SELECT DISTINCT title FROM notes NATURAL JOIN users", "IReadOnlyList<string>", false)]
    [InlineData("REPLACE INTO users (id, email, name, \"age\") VALUES ($id, 'e', 'n', 1), (2, 'f', 'm', NULL)", "void", true)]
    public void Valid_SQLite_is_accepted(string sql, string returnType, bool usesId)
    {
        string parameters = usesId ? "long id" : "";
        (GeneratorOutput output, _) = Generate($$"""
            [Query("{{sql.Replace("\"", "\\\"").Replace("\n", "\\n")}}")]
            public partial {{returnType}} M({{parameters}});
            """);

        Assert.True(output.Reported.IsEmpty, output.Reported.Describe());
        Assert.True(!output.CompilationDiagnostics.Any(), output.CompilationDiagnostics.Describe());
    }

    /// <summary>
    /// Random SQL from plausible pieces in many [Query] methods with assorted return types: the generator never fails
    /// (no exception, no SQLG999), and every method either gets a body that compiles or an SQLG error that says why
    /// (then, and only then, its body is one that throws naming that error; C# reports nothing).
    /// </summary>
    [Fact]
    public void Random_queries_either_compile_or_get_an_SQLG_error()
    {
        string[] selects = { "*", "id", "name", "u.*", "id, email, name, age", "count(*)", "name AS label", "n.title", "x", "id + 1", "*", "name" };
        string[] froms = { "users", "users u", "notes n JOIN users u ON u.id = n.user_id", "userz", "(SELECT * FROM notes) n", "notes", "users u", "users" };
        string[] wheres = { "", " WHERE id = $p", " WHERE name = $p", " WHERE u.email = $p", " WHERE ghost = 1", " WHERE id = $q", " WHERE (id = $p", " WHERE title LIKE $p" };
        string[] writes = { "DELETE FROM notes WHERE id = $p", "UPDATE users SET name = $p WHERE id = 1", "INSERT INTO notes (id, user_id, title) VALUES (1, 1, $p) RETURNING id", "UPDATE users SET nope = $p" };
        string[] returns = { "User?", "User", "IReadOnlyList<User>", "IEnumerable<string>", "long", "int", "string?", "IReadOnlyList<long>", "void", "System.Threading.Tasks.ValueTask<int>", "Note?", "IReadOnlyList<string>", "User?" };
        var random = new Random(20261124);
        var members = new StringBuilder();
        for (int i = 0; i < 80; i++)
        {
            string sql = random.Next(5) == 0
                ? writes[random.Next(writes.Length)]
                : $"SELECT {selects[random.Next(selects.Length)]} FROM {froms[random.Next(froms.Length)]}{wheres[random.Next(wheres.Length)]}";
            members.AppendLine($"    [Query(\"{sql}\")]");
            // The parameter is declared when the SQL uses it, mostly (a mismatch now and then).
            bool declared = sql.Contains("$p", StringComparison.Ordinal) ^ random.Next(8) == 0;
            members.AppendLine($"    public partial {returns[random.Next(returns.Length)]} Q{i}({(declared ? "string p" : "")});");
        }

        (GeneratorOutput output, _) = Generate(members.ToString());

        Assert.Null(output.Run.Exception);
        Assert.DoesNotContain(output.Reported, d => d.Id == "SQLG999");
        var explained = output.Reported.Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => d.GetMessage().Split('\'')[1].Split('.').Last())
            .ToHashSet();
        string generated = output.Sources.Single(s => s.HintName == "App.AppDb.Queries.g.cs").Source;
        var unimplemented = System.Text.RegularExpressions.Regex.Matches(generated, @"\[Query\] AppDb\.(Q\d+) was not generated: SqliteGen reported SQLG3\d\d")
            .Select(m => m.Groups[1].Value)
            .ToHashSet();
        Assert.True(!output.CompilationDiagnostics.Any(), output.CompilationDiagnostics.Describe());
        Assert.Equal(explained.OrderBy(n => n, StringComparer.Ordinal), unimplemented.OrderBy(n => n, StringComparer.Ordinal));
        Assert.InRange(explained.Count, 5, 75); // guards the generator of cases: some fail, and at least five compile
    }

    /// <summary>The checker never throws: random token soup and every prefix of real queries give problems, not exceptions.</summary>
    [Fact]
    public void The_checker_never_throws_on_random_or_truncated_SQL()
    {
        DatabaseSchema schema = new(1, new[]
        {
            new TableSchema("users", EquatableArray<string>.Empty,
                new[] { "id", "email", "name" }.Select(c => new ColumnSchema(c, EquatableArray<string>.Empty, "TEXT", true, c == "id" ? 1 : 0, false, null, null, null)).ToEquatableArray(),
                EquatableArray<IndexSchema>.Empty, EquatableArray<ForeignKeySchema>.Empty, EquatableArray<CompanionSchema>.Empty),
        }.ToEquatableArray());
        string[] pieces =
        {
            "SELECT", "*", "FROM", "users", "u", "WHERE", "id", "=", "$id", "(", ")", ",", "JOIN", "ON", "u.", ".", "WITH", "AS", "x",
            "UNION", "INSERT", "INTO", "VALUES", "UPDATE", "SET", "DELETE", "RETURNING", "'str", "'s'", "\"q", "[b", "`c", "/*", "--",
            "CASE", "WHEN", "THEN", "END", "CAST", "OVER", "ORDER", "BY", "LIMIT", "1", "?", ":", "@", ";", "NOT", "IN", "EXISTS",
            "email", "name", "->>", "||", "x'0A'", "0x1F", "1e+5", ".5", "é", "#", "\\",
        };
        var random = new Random(20261123);
        var inputs = new List<string>();
        for (int i = 0; i < 3000; i++)
            inputs.Add(string.Join(random.Next(4) == 0 ? "" : " ", Enumerable.Range(0, random.Next(1, 25)).Select(_ => pieces[random.Next(pieces.Length)])));
        const string real = "WITH t AS (SELECT id, count(*) AS c FROM users GROUP BY id) SELECT u.* FROM users u JOIN t ON t.id = u.id WHERE u.email = $e AND EXISTS (SELECT 1 FROM users v WHERE v.id = u.id) ORDER BY u.name LIMIT 5";
        for (int i = 0; i <= real.Length; i++)
            inputs.Add(real.Substring(0, i));

        int withProblems = 0;
        foreach (string sql in inputs)
        {
            SqlCheckResult result = QueryChecker.Check(sql, schema.Tables, SqliteDialect.Instance);
            Assert.All(result.Problems, p => Assert.InRange(p.Offset, 0, sql.Length));
            Assert.DoesNotContain(result.Problems, p => p.Message.Contains("checker failed", StringComparison.Ordinal));
            if (result.Problems.Count > 0)
                withProblems++;
        }
        Assert.Empty(QueryChecker.Check(real, schema.Tables, SqliteDialect.Instance).Problems);
        Assert.InRange(withProblems, inputs.Count / 2, inputs.Count - 1);
    }
}
