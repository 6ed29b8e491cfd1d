using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Dialects;
using SqliteGen.Generator.Migrations;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Parsing;
using SqliteGen.Generator.Schema;
using static SqliteGen.Generator.Emitting.TypeNames;

namespace SqliteGen.Generator.Emitting;

/// <summary>Emits the database class: schema, Open, table accessors and write transactions.</summary>
internal static class DatabaseEmitter
{
    private const string Pool = "global::SqliteGen.Runtime.SqliteConnectionPool";
    private const string Options = "global::SqliteGen.SqliteGenOptions";

    /// <param name="exposePool">Whether a <c>[SqliteQueries]</c> class runs on this database: it gets the pool through <c>QueryPool</c>.</param>
    /// <param name="postgreSql">
    /// Whether the project references SqliteGen.PostgreSql: the PostgreSQL target and the interfaces both engines implement
    /// are emitted too (<see cref="PostgreSql.PgDatabaseEmitter"/>), and the accessors and the transaction are declared partial for them.
    /// </param>
    /// <param name="postgreSqlPlan">With <paramref name="postgreSql"/>: the same history as PostgreSQL steps, which the PostgreSQL class carries.</param>
    /// <param name="standIns">The database's tables whose records have errors: each gets an accessor that throws (<see cref="StandInTableEmitter"/>).</param>
    public static IEnumerable<(string HintName, string Source)> Emit(DatabaseModel database, IReadOnlyList<EntityModel> tables, ISqlDialect dialect, MigrationPlan plan, bool exposePool = false, bool postgreSql = false, MigrationPlan? postgreSqlPlan = null, IReadOnlyList<StandInTable>? standIns = null)
    {
        standIns ??= System.Array.Empty<StandInTable>();
        yield return (EmitterCommon.HintName(database.FullyQualifiedName, "Database"), EmitDatabase(database, tables, dialect, plan, exposePool, postgreSql, standIns));
        foreach (StandInTable standIn in standIns)
            yield return (EmitterCommon.HintName(database.FullyQualifiedName, standIn.Draft.AccessorName + "Table"), StandInTableEmitter.Emit(database, standIn));
        yield return (EmitterCommon.HintName(database.FullyQualifiedName, "Snapshot"), MigrationsEmitter.EmitSnapshotFile(database, plan));
        foreach (EntityModel table in tables)
            yield return (EmitterCommon.HintName(database.FullyQualifiedName, table.AccessorName + "Table"), TableEmitter.Emit(database, table, dialect, postgreSql));
        foreach (EntityModel table in tables.Where(t => t.Tenancy == TenantScope.Layered))
            yield return (EmitterCommon.HintName(database.FullyQualifiedName, table.AccessorName + "LayeredTable"), LayeredTableEmitter.Emit(database, table, dialect));
        if (tables.Any(t => t.Tenancy != TenantScope.None))
            yield return (EmitterCommon.HintName(database.FullyQualifiedName, "Tenancy"), TenancyEmitter.Emit(database, tables));
        if (postgreSql && postgreSqlPlan is not null)
        {
            foreach ((string hint, string source) in PostgreSql.PgDatabaseEmitter.Emit(database, tables, postgreSqlPlan, exposePool))
                yield return (hint, source);
        }
    }

    /// <summary>
    /// The stand-in for a database that cannot be generated (<paramref name="diagnosticIds"/>: the errors the build
    /// reports for it, e.g. <c>SQLG007</c>): the database class with the members user code calls (<c>Open</c>,
    /// <c>OpenAsync</c>, <c>Sql</c>, the writes, <c>WriteTransaction</c> and a table accessor for each shared table whose
    /// accessor name is not one the class uses), each of which throws an exception naming those errors, and the tables' own
    /// accessor classes as generated (stand-ins for the tables whose records have errors), so code that uses the database
    /// compiles and the build shows the real error alone instead of CS0117 or CS1061 at every use. A JSON column whose
    /// database names no context reads through a stand-in context that throws the same way.
    /// </summary>
    public static IEnumerable<(string HintName, string Source)> EmitUnavailable(DatabaseModel database, IReadOnlyList<EntityModel> tables, string diagnosticIds, ISqlDialect dialect, IReadOnlyList<StandInTable>? standIns = null)
    {
        // Two tables with one accessor name (SQLG009) get one accessor, typed as the table that owns the name
        // (OwnerOfAccessor), so the uses of it compile.
        List<EntityModel> accessors = Shared(tables)
            .Where(t => !DatabaseValidator.ReservedMemberNames.Contains(t.AccessorName) && OwnerOfAccessor(tables, t.AccessorName) == t)
            .ToList();
        bool jsonStandIn = database.JsonContextTypeName is null && accessors.Any(t => t.Columns.Any(c => c.Kind == ValueKind.Json));
        DatabaseModel tableDatabase = jsonStandIn ? database with { JsonContextTypeName = "NotGeneratedJsonContext" } : database;
        standIns ??= System.Array.Empty<StandInTable>();
        yield return (EmitterCommon.HintName(database.FullyQualifiedName, "Database"), EmitUnavailableDatabase(database, accessors, diagnosticIds, jsonStandIn, standIns));
        foreach (EntityModel table in accessors)
            yield return (EmitterCommon.HintName(database.FullyQualifiedName, table.AccessorName + "Table"), TableEmitter.Emit(tableDatabase, table, dialect));
        foreach (StandInTable standIn in standIns)
            yield return (EmitterCommon.HintName(database.FullyQualifiedName, standIn.Draft.AccessorName + "Table"), StandInTableEmitter.Emit(database, standIn));
    }

    /// <summary>
    /// Of the tables named <paramref name="accessor"/>, the one whose accessor it is when several clash (SQLG009): the one
    /// whose type name it is the plural of (<c>Notes</c> for <c>Note</c>), else the first by fully qualified name.
    /// </summary>
    private static EntityModel OwnerOfAccessor(IReadOnlyList<EntityModel> tables, string accessor)
    {
        List<EntityModel> named = tables.Where(t => t.AccessorName == accessor).OrderBy(t => t.FullyQualifiedName, System.StringComparer.Ordinal).ToList();
        return named.FirstOrDefault(t => Naming.Pluralize(t.TypeName) == accessor) ?? named[0];
    }

    private static string EmitUnavailableDatabase(DatabaseModel database, IReadOnlyList<EntityModel> tables, string diagnosticIds, bool jsonStandIn, IReadOnlyList<StandInTable> standIns)
    {
        var w = new SourceWriter();
        EmitterCommon.Header(w);
        int scopes = EmitterCommon.OpenScopes(w, database.Namespace, database.ContainingTypes);
        string name = database.TypeName;
        string message = $"{name} was not generated: SqliteGen reported {diagnosticIds} for it. Fix the error the build reports and rebuild.";
        string throws = "throw new global::System.InvalidOperationException(NotGenerated)";
        string summary = $"/// <summary>Throws: {name} was not generated (SqliteGen reported {diagnosticIds}).</summary>";
        OpenClass(w, database, $"Not generated: SqliteGen reported {diagnosticIds} for this database. Opening it throws until that is fixed.");
        w.Line();
        w.Line($"private const string NotGenerated = {SourceWriter.Literal(message)};");
        w.Line();
        w.Line(summary);
        w.Line($"public static {name} Open(string path, {Options}? options = null) => {throws};");
        w.Line();
        w.Line(summary);
        w.Line($"public static global::System.Threading.Tasks.ValueTask<{name}> OpenAsync(string path, {Options}? options = null, {TokenParameter}) =>");
        w.Line($"    {throws};");
        w.Line();
        w.Line(summary);
        w.Line($"public global::SqliteGen.DatabaseSql Sql => {throws};");
        foreach (EntityModel table in tables)
        {
            w.Line();
            w.Line(summary);
            w.Line($"{EmitterCommon.AccessorAccessibility(table)} {table.AccessorName}Table {table.AccessorName} => {throws};");
        }
        foreach (StandInTable standIn in standIns)
            StandInTableEmitter.Accessor(w, standIn.Draft);
        w.Lines($$"""

            {{summary}}
            public WriteTransaction BeginWrite() => {{throws}};

            {{summary}}
            public global::System.Threading.Tasks.ValueTask<WriteTransaction> BeginWriteAsync({{TokenParameter}}) => {{throws}};

            {{summary}}
            public void Write(global::System.Action<WriteTransaction> work) => {{throws}};

            {{summary}}
            public TResult Write<TResult>(global::System.Func<WriteTransaction, TResult> work) => {{throws}};

            {{summary}}
            public global::System.Threading.Tasks.ValueTask WriteAsync(global::System.Func<WriteTransaction, {{Token}}, global::System.Threading.Tasks.ValueTask> work, {{TokenParameter}}) =>
                {{throws}};

            /// <summary>Nothing to close: the database could not be opened.</summary>
            public void Dispose()
            {
            }

            /// <inheritdoc cref="Dispose"/>
            public global::System.Threading.Tasks.ValueTask DisposeAsync() => default;

            /// <summary>Never created: {{name}} was not generated (SqliteGen reported {{diagnosticIds}}).</summary>
            public sealed class WriteTransaction : global::System.IDisposable, global::System.IAsyncDisposable
            {
                private WriteTransaction()
                {
                }

                {{summary}}
                public global::SqliteGen.DatabaseSql Sql => {{throws}};
            """);
        w.Indent();
        foreach (EntityModel table in tables)
        {
            w.Line();
            w.Line(summary);
            w.Line($"{EmitterCommon.AccessorAccessibility(table)} {table.AccessorName}Table {table.AccessorName} => {throws};");
        }
        foreach (StandInTable standIn in standIns)
            StandInTableEmitter.Accessor(w, standIn.Draft);
        w.Outdent();
        w.Lines($$"""

                {{summary}}
                public void Commit() => {{throws}};

                {{summary}}
                public void Rollback() => {{throws}};

                /// <summary>Nothing to give back.</summary>
                public void Dispose()
                {
                }

                /// <inheritdoc cref="Dispose"/>
                public global::System.Threading.Tasks.ValueTask DisposeAsync() => default;
            }
            """);
        if (jsonStandIn)
        {
            w.Lines($$"""

                /// <summary>Stands in for the JSON context the database does not name: every lookup throws, naming the error.</summary>
                private sealed class NotGeneratedJsonContext : global::System.Text.Json.Serialization.JsonSerializerContext
                {
                    private NotGeneratedJsonContext()
                        : base(null)
                    {
                    }

                    public static NotGeneratedJsonContext Default { get; } = new();

                    protected override global::System.Text.Json.JsonSerializerOptions? GeneratedSerializerOptions => null;

                    public override global::System.Text.Json.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(global::System.Type type) => {{throws}};
                }
                """);
        }
        w.Close();
        EmitterCommon.CloseScopes(w, scopes);
        return w.ToString();
    }

    /// <summary>The database class's opening, generated or stand-in: its summary, the declaration and <c>SchemaVersion</c>.</summary>
    private static void OpenClass(SourceWriter w, DatabaseModel database, params string[] summary)
    {
        w.Line("/// <summary>");
        foreach (string line in summary)
            w.Line("/// " + line);
        w.Line("/// </summary>");
        w.Line(EmitterCommon.GeneratedCode);
        w.Open($"partial class {database.TypeName} : global::System.IDisposable, global::System.IAsyncDisposable");
        w.Line("/// <summary>The schema version this code reads and writes (stored in <c>PRAGMA user_version</c>).</summary>");
        w.Line($"public const int SchemaVersion = {database.Version};");
    }

    /// <summary>Tables the database class itself (and its write transaction) hands out: the shared ones.</summary>
    /// <summary>
    /// A database class's <c>Write</c>, <c>Write&lt;TResult&gt;</c> and <c>WriteAsync</c> over its own <c>BeginWrite</c> and
    /// <c>BeginWriteAsync</c> and its nested <c>WriteTransaction</c>, on either engine; <paramref name="commitAsync"/> is the
    /// statement <c>WriteAsync</c> commits with. Lines at column 0, for a template to place.
    /// </summary>
    internal static string WriteMethods(string commitAsync, string transaction = "WriteTransaction") => $$"""
        /// <summary>Runs <paramref name="work"/> in one write transaction and commits it; an exception rolls it back.</summary>
        public void Write(global::System.Action<{{transaction}}> work)
        {
            global::System.ArgumentNullException.ThrowIfNull(work);
            using {{transaction}} transaction = BeginWrite();
            work(transaction);
            transaction.Commit();
        }

        /// <summary>Runs <paramref name="work"/> in one write transaction, commits it and returns its result; an exception rolls it back.</summary>
        public TResult Write<TResult>(global::System.Func<{{transaction}}, TResult> work)
        {
            global::System.ArgumentNullException.ThrowIfNull(work);
            using {{transaction}} transaction = BeginWrite();
            TResult result = work(transaction);
            transaction.Commit();
            return result;
        }

        /// <summary>Runs <paramref name="work"/> in one write transaction and commits it; an exception rolls it back.</summary>
        public async {{ValueTask}} WriteAsync(global::System.Func<{{transaction}}, {{Token}}, {{ValueTask}}> work, {{TokenParameter}})
        {
            global::System.ArgumentNullException.ThrowIfNull(work);
            await using {{transaction}} transaction = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
            await work(transaction, cancellationToken).ConfigureAwait(false);
            {{commitAsync}}
        }
        """;

    private static IEnumerable<EntityModel> Shared(IReadOnlyList<EntityModel> tables) => tables.Where(t => t.Tenancy == TenantScope.None);

    public static string CreateSchemaSql(DatabaseSchema schema, ISqlDialect dialect) =>
        string.Join("\n\n", schema.Tables.Select(t => string.Join("\n", dialect.CreateTable(t))));

    private static string EmitDatabase(DatabaseModel database, IReadOnlyList<EntityModel> tables, ISqlDialect dialect, MigrationPlan plan, bool exposePool, bool postgreSql, IReadOnlyList<StandInTable> standIns)
    {
        var w = new SourceWriter();
        EmitterCommon.Header(w);
        int scopes = EmitterCommon.OpenScopes(w, database.Namespace, database.ContainingTypes);
        string name = database.TypeName;

        OpenClass(w, database,
            $"The SQLite database {name}: tables {string.Join(", ", tables.Select(t => "<c>" + SourceWriter.DocText(t.TableName) + "</c>"))}.",
            "Open it with <see cref=\"Open\"/>; dispose it to close the file.");
        w.Line();
        w.Line($"/// <summary>The DDL that creates every table and index of schema version {database.Version}.</summary>");
        w.Line($"public static string CreateSchemaSql => {SourceWriter.RawLiteral(CreateSchemaSql(plan.Current, dialect), (w.IndentLevel + 1) * 4).TrimStart()};");
        w.Line();
        MigrationsEmitter.EmitMembers(w, database, plan.Steps);
        w.Line();
        w.Line($"private readonly {Pool} _pool;");
        w.Line();
        EntityReaders(w, name, tables, dialect);
        w.Line();
        bool tenancy = tables.Any(t => t.Tenancy != TenantScope.None);
        if (tenancy)
            w.Line("private readonly global::SqliteGen.Runtime.TenantRouter _tenants;");
        w.Open($"private {name}({Pool} pool)");
        w.Line("_pool = pool;");
        w.Line("Sql = new global::SqliteGen.DatabaseSql(pool, s_entityReaders);");
        foreach (EntityModel table in Shared(tables))
            w.Line($"{table.AccessorName} = new {table.AccessorName}Table(pool);");
        if (tenancy)
        {
            w.Line($"Base = new BaseTables(pool);");
            w.Line($"_tenants = new global::SqliteGen.Runtime.TenantRouter(pool, {SourceWriter.Literal(name)}, Migrations, CreateSchemaSql);");
        }
        w.Close();
        w.Line();
        w.Line("/// <summary>The full path of the database file.</summary>");
        w.Line("public string FilePath => _pool.FilePath;");
        w.Line();
        w.Line("/// <summary>Health checks, WAL checkpoints, vacuum, online backup and space figures for this file, through its pool (docs/operations.md).</summary>");
        w.Line("public global::SqliteGen.DatabaseMaintenance Maintenance => global::SqliteGen.DatabaseMaintenance.ForPool(_pool);");
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// Ad-hoc SQL through this database's connections: a read on a pooled reader, a write on the writer with the other");
        w.Line("/// writes; values bound by name, rows read as this database's entities or as scalars (docs/queries.md, \"Ad-hoc SQL\").");
        w.Line(tenancy ? "/// It runs on the shared base file." : "/// Inside a write transaction use the transaction's <see cref=\"WriteTransaction.Sql\"/>.");
        w.Line("/// </summary>");
        w.Line("public global::SqliteGen.DatabaseSql Sql { get; }");
        if (exposePool)
        {
            w.Line();
            w.Line("/// <summary>The connections, for the generated constructors of this database's [SqliteQueries] classes.</summary>");
            w.Line($"internal {Pool} QueryPool => _pool;");
        }
        foreach (EntityModel table in Shared(tables))
        {
            w.Line();
            w.Line($"/// <summary>The <c>{SourceWriter.DocText(table.TableName)}</c> table (<see cref=\"{Cref(table.FullyQualifiedName)}\"/> rows).</summary>");
            w.Line($"{EmitterCommon.AccessorAccessibility(table)} {table.AccessorName}Table {table.AccessorName} {{ get; }}");
        }
        foreach (StandInTable standIn in standIns)
            StandInTableEmitter.Accessor(w, standIn.Draft);
        w.Line();
        string disposeBody = tenancy
            ? """
            public void Dispose()
            {
                _tenants.Dispose(); // idle tenant files close now; ones in use close when their views are disposed
                _pool.Dispose();
            }

            /// <inheritdoc cref="Dispose"/>
            public global::System.Threading.Tasks.ValueTask DisposeAsync()
            {
                _tenants.Dispose();
                return _pool.DisposeAsync();
            }
            """
            : """
            public void Dispose() => _pool.Dispose();

            /// <inheritdoc cref="Dispose"/>
            public global::System.Threading.Tasks.ValueTask DisposeAsync() => _pool.DisposeAsync();
            """;
        w.Lines($$"""
            /// <summary>
            /// Opens the database file at <paramref name="path"/> with a writer and up to
            /// <see cref="global::SqliteGen.SqliteGenOptions.MaxReaders"/> readers in WAL mode: a new file gets the schema
            /// of version <see cref="SchemaVersion"/>, an older one is migrated up to it (<see cref="Migrations"/>, all
            /// steps in one transaction; a path with a step that drops data needs <see cref="global::SqliteGen.SqliteGenOptions.Migrations"/>).
            /// </summary>
            /// <exception cref="global::SqliteGen.DatabaseOpenException">The file cannot be opened or is not a database.</exception>
            /// <exception cref="global::SqliteGen.MigrationException">The file is newer, has drifted, or a step failed or was refused; the file keeps the version it had (all or nothing).</exception>
            public static {{name}} Open(string path, {{Options}}? options = null)
            {
                var pool = {{Pool}}.Open(path, options);
                try
                {
                    global::SqliteGen.Runtime.Migrator.MigrateToLatest(pool, "{{name}}", Migrations, CreateSchemaSql);
                    return new {{name}}(pool);
                }
                catch
                {
                    pool.Dispose();
                    throw;
                }
            }

            /// <summary>Opens the database like <see cref="Open"/>. Microsoft.Data.Sqlite does its file I/O synchronously, so this completes synchronously.</summary>
            public static global::System.Threading.Tasks.ValueTask<{{name}}> OpenAsync(string path, {{Options}}? options = null, {{TokenParameter}})
            {
                cancellationToken.ThrowIfCancellationRequested();
                return new(Open(path, options));
            }

            /// <summary>
            /// Starts a write transaction (<c>BEGIN IMMEDIATE</c>): the writer is held until the transaction is committed
            /// or disposed, and disposing without <see cref="WriteTransaction.Commit"/> rolls everything back.
            /// </summary>
            public WriteTransaction BeginWrite() => new(_pool.BeginWrite());

            /// <summary>
            /// Starts a write transaction, waiting asynchronously for the writer. Not an async method: the pool notes the
            /// transaction in the caller's flow, where reads through this database then pass a reader gate shut for a WAL
            /// restart (which waits for this writer next), and an async method of its own would hide that note from the caller.
            /// </summary>
            public global::System.Threading.Tasks.ValueTask<WriteTransaction> BeginWriteAsync({{TokenParameter}})
            {
                global::System.Threading.Tasks.ValueTask<global::SqliteGen.Runtime.WriteTransaction> begin = _pool.BeginWriteAsync(cancellationToken);
                return begin.IsCompletedSuccessfully ? new(new WriteTransaction(begin.Result)) : WhenBegun(begin);

                static async global::System.Threading.Tasks.ValueTask<WriteTransaction> WhenBegun(global::System.Threading.Tasks.ValueTask<global::SqliteGen.Runtime.WriteTransaction> begin) =>
                    new(await begin.ConfigureAwait(false));
            }

            {{WriteMethods("transaction.Commit();")}}

            /// <summary>Closes every connection; the WAL is checkpointed and removed as the last one closes.</summary>
            {{disposeBody}}

            /// <summary>
            /// An open write transaction on {{name}}. Its tables read and write through the transaction, so they see its
            /// uncommitted changes; use them (not the database's tables) until it ends.
            /// </summary>
            public sealed {{(database.Queries.Count > 0 || postgreSql ? "partial " : "")}}class WriteTransaction : global::System.IDisposable, global::System.IAsyncDisposable
            {
                private readonly global::SqliteGen.Runtime.WriteTransaction _transaction;
            """);
        w.Indent();
        foreach (EntityModel table in Shared(tables))
            w.Line($"private {table.AccessorName}Table? _{Field(table.AccessorName)};");
        w.Line("private global::SqliteGen.DatabaseSql? _sql;");
        w.Line();
        w.Line("internal WriteTransaction(global::SqliteGen.Runtime.WriteTransaction transaction) => _transaction = transaction;");
        if (exposePool)
        {
            w.Line();
            w.Line("/// <summary>The transaction's connection, for the transaction overloads of this database's [SqliteQueries] classes.</summary>");
            w.Line("internal global::SqliteGen.Runtime.WriteTransaction QuerySource => _transaction;");
        }
        foreach (EntityModel table in Shared(tables))
        {
            w.Line();
            w.Line($"/// <summary>The <c>{SourceWriter.DocText(table.TableName)}</c> table, inside this transaction.</summary>");
            w.Line($"{EmitterCommon.AccessorAccessibility(table)} {table.AccessorName}Table {table.AccessorName} => _{Field(table.AccessorName)} ??= new {table.AccessorName}Table(_transaction);");
        }
        foreach (StandInTable standIn in standIns)
            StandInTableEmitter.Accessor(w, standIn.Draft);
        w.Line();
        w.Line("/// <summary>Ad-hoc SQL inside this transaction: it sees the transaction's uncommitted writes, and its own writes commit or roll back with it.</summary>");
        w.Line("public global::SqliteGen.DatabaseSql Sql => _sql ??= new global::SqliteGen.DatabaseSql(_transaction, s_entityReaders);");
        w.Outdent();
        w.Lines("""

                /// <summary>Commits every write of this transaction.</summary>
                public void Commit() => _transaction.Commit();

                /// <summary>Undoes every write of this transaction.</summary>
                public void Rollback() => _transaction.Rollback();

                /// <summary>Rolls back unless <see cref="Commit"/> was called, and gives the writer back.</summary>
                public void Dispose() => _transaction.Dispose();

                /// <inheritdoc cref="Dispose"/>
                public global::System.Threading.Tasks.ValueTask DisposeAsync() => _transaction.DisposeAsync();
            }
            """);
        w.Close();
        EmitterCommon.CloseScopes(w, scopes);
        return w.ToString();
    }

    /// <summary>
    /// The entities' generated row readers for <c>db.Sql.Query&lt;T&gt;</c>, keyed by type (no reflection), and the
    /// tables whose resident vector index an ad-hoc write retires.
    /// </summary>
    private static void EntityReaders(SourceWriter w, string name, IReadOnlyList<EntityModel> tables, ISqlDialect dialect)
    {
        w.Line("/// <summary>The entities' row readers and columns, for <see cref=\"Sql\"/>.</summary>");
        string declaration = $"private static readonly global::SqliteGen.Runtime.EntityReaders s_entityReaders = new global::SqliteGen.Runtime.EntityReaders(\"{name}\")";
        var lines = new List<string>();
        foreach (EntityModel table in tables)
        {
            string columns = string.Join(", ", table.Columns.Select(c => SourceWriter.Literal(c.ColumnName)));
            lines.Add($".Add<{table.FullyQualifiedName}>({SourceWriter.Literal(table.TableName)}, {table.AccessorName}Table.ReadRow, {columns})");
        }
        var vectorTables = tables.Where(VectorWritesFeature.Applies).Select(t => SourceWriter.Literal(t.TableName)).ToList();
        if (vectorTables.Count > 0)
            lines.Add($".WithVectorTables({string.Join(", ", vectorTables)})");
        if (lines.Count == 0)
        {
            w.Line(declaration + ";"); // a database with no table yet
            return;
        }
        w.Line(declaration);
        lines[lines.Count - 1] += ";";
        w.Indent();
        foreach (string line in lines)
            w.Line(line);
        w.Outdent();
    }

    internal static string Field(string name) => char.ToLowerInvariant(name[0]) + name.Substring(1);

    internal static string Cref(string fullyQualifiedName) => fullyQualifiedName.Replace("global::", "");
}
