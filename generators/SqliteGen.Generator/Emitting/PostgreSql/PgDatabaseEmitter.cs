using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Dialects.PostgreSql;
using SqliteGen.Generator.Migrations;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Schema;
using static SqliteGen.Generator.Emitting.TypeNames;

namespace SqliteGen.Generator.Emitting.PostgreSql;

/// <summary>
/// The PostgreSQL target of a database, emitted when the project references SqliteGen.PostgreSql (and so Npgsql):
/// the interfaces both engines implement (<see cref="InterfaceEmitter"/>), <c>ShopDb.OpenPostgreSql</c>, the nested
/// class <c>ShopDb.PostgreSql</c> with its write transaction, and a PostgreSQL table class per shared table
/// (<see cref="PgTableEmitter"/>). Every SQL text comes from <see cref="PostgreSqlDialect"/>.
/// </summary>
internal static class PgDatabaseEmitter
{
    private const string Runtime = "global::SqliteGen.PostgreSql";
    private const string DataSource = "global::Npgsql.NpgsqlDataSource";
    private const string Options = "global::SqliteGen.MigrationOptions";
    private const string SearchOptions = "global::SqliteGen.SqliteGenOptions";

    /// <param name="plan">The PostgreSQL plan (<see cref="MigrationPlanner.PlanPostgreSql"/>): the steps the class carries.</param>
    /// <param name="exposeSource">Whether a <c>[SqliteQueries]</c> class runs on this database: it gets the source through <c>QuerySource</c>.</param>
    public static IEnumerable<(string HintName, string Source)> Emit(DatabaseModel database, IReadOnlyList<EntityModel> tables, MigrationPlan plan, bool exposeSource = false)
    {
        DatabaseSchema schema = plan.Current;
        List<EntityModel> shared = InterfaceEmitter.Shared(tables);
        yield return (EmitterCommon.HintName(database.FullyQualifiedName, "Interfaces"), InterfaceEmitter.Emit(database, tables));
        bool tenancy = tables.Any(t => t.Tenancy != TenantScope.None);
        yield return (EmitterCommon.HintName(database.FullyQualifiedName, "PostgreSql"), EmitDatabase(database, shared, tenancy, plan, exposeSource));
        // Every table has its PostgreSQL class: a tenant-scoped one is what a tenant view (and, for a Layered one, the
        // database's Base) hands out over the tenant's schema.
        foreach (EntityModel table in tables)
        {
            TableSchema tableSchema = schema.Tables.First(t => t.Name == table.TableName);
            yield return (EmitterCommon.HintName(database.FullyQualifiedName, "PostgreSql." + table.AccessorName + "Table"), PgTableEmitter.Emit(database, table, tableSchema));
        }
        foreach (EntityModel table in tables.Where(t => t.Tenancy == TenantScope.Layered))
            yield return (EmitterCommon.HintName(database.FullyQualifiedName, "PostgreSql." + table.AccessorName + "LayeredTable"), PgLayeredTableEmitter.Emit(database, table));
        if (tenancy)
            yield return (EmitterCommon.HintName(database.FullyQualifiedName, "PostgreSql.Tenancy"), PgTenancyEmitter.Emit(database, tables));
    }

    /// <summary>The end of a PostgreSQL write transaction class (the database's and a tenant's): commit, roll back, dispose its <c>_transaction</c>.</summary>
    internal static string TransactionEnd => $$"""
        /// <summary>Commits every write of this transaction.</summary>
        /// <exception cref="global::SqliteGen.SqliteGenException">A statement in it failed in a way PostgreSQL rolled the whole transaction back for: nothing was saved.</exception>
        public void Commit() => _transaction.Commit();

        /// <inheritdoc cref="Commit"/>
        public {{ValueTask}} CommitAsync({{TokenParameter}}) => _transaction.CommitAsync(cancellationToken);

        /// <summary>Undoes every write of this transaction.</summary>
        public void Rollback() => _transaction.Rollback();

        /// <summary>Rolls back unless <see cref="Commit"/> was called, and gives the connection back.</summary>
        public void Dispose() => _transaction.Dispose();

        /// <inheritdoc cref="Dispose"/>
        public {{ValueTask}} DisposeAsync() => _transaction.DisposeAsync();
        """;

    /// <summary>
    /// The shared tables' generated row readers for <c>db.Sql.Query&lt;T&gt;</c>, keyed by type (no reflection), each with
    /// its error table and its columns' names and PostgreSQL types (what the result of a query is checked against).
    /// </summary>
    private static void EntityReaders(SourceWriter w, string name, List<EntityModel> shared, DatabaseSchema schema)
    {
        w.Line("/// <summary>The entities' row readers and columns, for <see cref=\"Sql\"/>.</summary>");
        string declaration = $"private static readonly {Runtime}.PostgreSqlEntityReaders s_entityReaders = new {Runtime}.PostgreSqlEntityReaders({SourceWriter.Literal(name)})";
        if (shared.Count == 0)
        {
            w.Line(declaration + ";");
            return;
        }
        w.Line(declaration);
        w.Indent();
        for (int i = 0; i < shared.Count; i++)
        {
            EntityModel table = shared[i];
            TableSchema tableSchema = schema.Tables.First(t => t.Name == table.TableName);
            string columns = string.Join(", ", table.Columns.Select(c =>
                $"({SourceWriter.Literal(c.ColumnName)}, {SourceWriter.Literal(PostgreSqlDialect.Instance.ColumnType(tableSchema.Columns.First(s => s.Name == c.ColumnName)))})"));
            w.Line($".Add<{table.FullyQualifiedName}>({table.AccessorName}Table.s_table, {table.AccessorName}Table.ReadRow, {columns}){(i == shared.Count - 1 ? ";" : "")}");
        }
        w.Outdent();
    }

    /// <summary>The PostgreSQL DDL of <paramref name="schema"/>: every table and index, in foreign-key order.</summary>
    public static string CreateSchemaSql(DatabaseSchema schema) => string.Join("\n", PostgreSqlDialect.Instance.CreateSchema(schema));

    private static string EmitDatabase(DatabaseModel database, List<EntityModel> shared, bool tenancy, MigrationPlan plan, bool exposeSource)
    {
        string name = database.TypeName;
        string face = InterfaceEmitter.DatabaseInterface(database);
        // The database holds every table, as every SQLite file of the database does (docs/tenancy.md): one history, one
        // set of steps and checksums, whichever engine or tool made it. The class gives access to the shared tables;
        // tenant-scoped ones are there, empty, as in a SQLite base file.
        DatabaseSchema schema = plan.Current;
        IReadOnlyList<string> nameProblems = PostgreSqlDialect.NameProblems(schema);

        var w = new SourceWriter();
        EmitterCommon.Header(w);
        int scopes = EmitterCommon.OpenScopes(w, database.Namespace, database.ContainingTypes);
        w.Open($"partial class {name}");
        w.Lines($$"""
            /// <summary>
            /// Opens {{name}} on the PostgreSQL database <paramref name="dataSource"/> points at, as <c>Open</c> opens a file: an empty
            /// database gets the schema of version <see cref="SchemaVersion"/> (<see cref="PostgreSql.CreateSchemaSql"/>) and the
            /// migration history in one transaction; an older one is migrated up by <see cref="PostgreSql.Migrations"/> in one
            /// transaction; one at that version opens after its history is checked for drift. One open or migration of the database
            /// at a time, across processes (an advisory lock).
            /// </summary>
            /// <param name="dataSource">
            /// Where connections come from (build it with <c>NpgsqlSlimDataSourceBuilder</c> for NativeAOT). It stays yours: disposing
            /// the database does not dispose it.
            /// </param>
            /// <param name="migrationOptions">Whether a step that drops data may run (<see cref="global::SqliteGen.MigrationOptions.AllowDataLoss"/>); by default it may not.</param>
            /// <param name="options">
            /// The search settings (on PostgreSQL the others are the data source's): <see cref="global::SqliteGen.SqliteGenOptions.VectorBackend"/>
            /// (<see cref="global::SqliteGen.VectorBackend.Quantized"/> for binary-quantized resident indexes, any other value the exact ones),
            /// <see cref="global::SqliteGen.SqliteGenOptions.QuantizedOversample"/> and <see cref="global::SqliteGen.SqliteGenOptions.HybridSearch"/>.
            /// </param>
            /// <exception cref="global::SqliteGen.MigrationException">
            /// The database is newer than this build, its history differs from <see cref="PostgreSql.Migrations"/> (drift), a step drops
            /// data without the opt-in or failed (the database keeps its version), or it holds tables but no SqliteGen history.
            /// </exception>
            public static PostgreSql OpenPostgreSql({{DataSource}} dataSource, global::SqliteGen.MigrationOptions? migrationOptions = null, global::SqliteGen.SqliteGenOptions? options = null) =>
                PostgreSql.Open(dataSource, migrationOptions, options);

            /// <inheritdoc cref="OpenPostgreSql"/>
            public static {{ValueTask}}<PostgreSql> OpenPostgreSqlAsync({{DataSource}} dataSource, {{TokenParameter}}) =>
                PostgreSql.OpenAsync(dataSource, null, null, cancellationToken);

            /// <inheritdoc cref="OpenPostgreSql"/>
            public static {{ValueTask}}<PostgreSql> OpenPostgreSqlAsync({{DataSource}} dataSource, global::SqliteGen.MigrationOptions? migrationOptions, {{TokenParameter}}) =>
                PostgreSql.OpenAsync(dataSource, migrationOptions, null, cancellationToken);

            /// <inheritdoc cref="OpenPostgreSql"/>
            public static {{ValueTask}}<PostgreSql> OpenPostgreSqlAsync({{DataSource}} dataSource, global::SqliteGen.MigrationOptions? migrationOptions, global::SqliteGen.SqliteGenOptions? options, {{TokenParameter}}) =>
                PostgreSql.OpenAsync(dataSource, migrationOptions, options, cancellationToken);

            /// <summary>
            /// {{name}} on PostgreSQL, through Npgsql: the same tables and methods as the SQLite class (<see cref="{{face}}"/>), for
            /// the tables that are not tenant-scoped, with their JSON import, their searches, the [Query] methods and ad-hoc SQL.{{(tenancy ? " The tenant-scoped tables: <see cref=\"OpenTenantsAsync\"/> and <see cref=\"Base\"/>." : "")}}
            /// </summary>
            {{EmitterCommon.GeneratedCode}}
            """);
        w.Open($"{database.Accessibility} sealed partial class PostgreSql : {face}");
        w.Line($"/// <summary>The PostgreSQL DDL that creates every table and index of schema version {database.Version}.</summary>");
        w.Line($"public static string CreateSchemaSql => {SourceWriter.RawLiteral(CreateSchemaSql(schema), (w.IndentLevel + 1) * 4).TrimStart()};");
        w.Line();
        MigrationsEmitter.EmitPostgreSqlMembers(w, database, plan.Steps);
        w.Line();
        w.Line($"private readonly {Runtime}.PostgreSqlDatabase _database;");
        w.Line();
        EntityReaders(w, name, shared, schema);
        w.Line();
        w.Open($"private PostgreSql({Runtime}.PostgreSqlDatabase database)");
        w.Line("_database = database;");
        w.Line($"Sql = new {Runtime}.PostgreSqlDatabaseSql(database, s_entityReaders);");
        foreach (EntityModel table in shared)
            w.Line($"{table.AccessorName} = new {table.AccessorName}Table(database);");
        if (tenancy)
            w.Line("Base = new BaseTables(database);");
        w.Close();
        w.Line();
        if (nameProblems.Count > 0)
        {
            // PostgreSQL would cut these names to 63 bytes: refuse at open rather than create a schema with other names.
            string message = $"{name} cannot be created on PostgreSQL: {string.Join("; ", nameProblems)}. Give the table, column or index a shorter name.";
            w.Line($"internal static PostgreSql Open({DataSource} dataSource, {Options}? migrationOptions, {SearchOptions}? options) => throw new global::System.InvalidOperationException({SourceWriter.Literal(message)});");
            w.Line();
            w.Line($"internal static {ValueTask}<PostgreSql> OpenAsync({DataSource} dataSource, {Options}? migrationOptions, {SearchOptions}? options, {Token} cancellationToken) =>");
            w.Line($"    throw new global::System.InvalidOperationException({SourceWriter.Literal(message)});");
        }
        else
        {
            w.Lines($$"""
                internal static PostgreSql Open({{DataSource}} dataSource, {{Options}}? migrationOptions, {{SearchOptions}}? options) =>
                    new({{Runtime}}.PostgreSqlDatabase.Open(dataSource, {{SourceWriter.Literal(name)}}, Migrations, CreateSchemaSql, migrationOptions, options));

                internal static async {{ValueTask}}<PostgreSql> OpenAsync({{DataSource}} dataSource, {{Options}}? migrationOptions, {{SearchOptions}}? options, {{Token}} cancellationToken) =>
                    new(await {{Runtime}}.PostgreSqlDatabase.OpenAsync(dataSource, {{SourceWriter.Literal(name)}}, Migrations, CreateSchemaSql, migrationOptions, options, cancellationToken).ConfigureAwait(false));
                """);
        }
        w.Line();
        if (exposeSource)
        {
            w.Line("/// <summary>The database as its operations' source, for the [SqliteQueries] classes of this database.</summary>");
            w.Line($"internal {Runtime}.PostgreSqlSource QuerySource => _database;");
            w.Line();
        }
        w.Line("/// <summary>The data source every operation takes its connection from.</summary>");
        w.Line($"public {DataSource} DataSource => _database.DataSource;");
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// Ad-hoc SQL through the data source's connections, with the methods and parameters of the SQLite class's <c>Sql</c>:");
        w.Line("/// named parameters, rows read as this database's entities or as scalars (docs/postgresql.md, \"Ad-hoc SQL on PostgreSQL\").");
        w.Line("/// </summary>");
        w.Line($"public {Runtime}.PostgreSqlDatabaseSql Sql {{ get; }}");
        foreach (EntityModel table in shared)
        {
            w.Line();
            w.Line($"/// <summary>The <c>{SourceWriter.DocText(table.TableName)}</c> table (<see cref=\"{DatabaseEmitter.Cref(table.FullyQualifiedName)}\"/> rows).</summary>");
            w.Line($"{EmitterCommon.AccessorAccessibility(table)} {table.AccessorName}Table {table.AccessorName} {{ get; }}");
        }
        w.Lines($$"""

            /// <summary>Starts a write transaction on a connection of its own; disposing it without <see cref="WriteTransaction.Commit"/> rolls everything back.</summary>
            public WriteTransaction BeginWrite() => new(_database.BeginWrite());

            /// <inheritdoc cref="BeginWrite"/>
            public async {{ValueTask}}<WriteTransaction> BeginWriteAsync({{TokenParameter}}) =>
                new(await _database.BeginWriteAsync(cancellationToken).ConfigureAwait(false));

            {{DatabaseEmitter.WriteMethods("await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);")}}

            """);
        InterfaceEmitter.ExplicitDatabaseMembers(w, face, shared, "WriteTransaction");
        w.Lines($$"""

            /// <summary>Nothing to close: the connections are the data source's, which stays open (it is the caller's).</summary>
            public void Dispose()
            {
            }

            /// <inheritdoc cref="Dispose"/>
            public {{ValueTask}} DisposeAsync() => default;

            /// <summary>
            /// An open write transaction on PostgreSQL. Its tables read and write through the transaction, so they see its
            /// uncommitted changes; use them (not the database's tables) until it ends.
            /// </summary>
            public sealed partial class WriteTransaction : {{InterfaceEmitter.TransactionInterface}}
            {
                private readonly {{Runtime}}.PostgreSqlTransaction _transaction;
            """);
        w.Indent();
        foreach (EntityModel table in shared)
            w.Line($"private {table.AccessorName}Table? _{DatabaseEmitter.Field(table.AccessorName)};");
        w.Line($"private {Runtime}.PostgreSqlDatabaseSql? _sql;");
        w.Line();
        w.Line($"internal WriteTransaction({Runtime}.PostgreSqlTransaction transaction) => _transaction = transaction;");
        if (exposeSource)
        {
            w.Line();
            w.Line("/// <summary>The transaction, for the transaction overloads of this database's [SqliteQueries] classes.</summary>");
            w.Line($"internal {Runtime}.PostgreSqlSource QuerySource => _transaction;");
        }
        foreach (EntityModel table in shared)
        {
            w.Line();
            w.Line($"/// <summary>The <c>{SourceWriter.DocText(table.TableName)}</c> table, inside this transaction.</summary>");
            w.Line($"{EmitterCommon.AccessorAccessibility(table)} {table.AccessorName}Table {table.AccessorName} => _{DatabaseEmitter.Field(table.AccessorName)} ??= new {table.AccessorName}Table(_transaction);");
        }
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// Ad-hoc SQL inside this transaction, on its connection: it sees the transaction's uncommitted writes, and its own writes");
        w.Line("/// commit or roll back with it. Each statement runs in a savepoint, so one PostgreSQL refuses is undone alone and the");
        w.Line("/// transaction goes on, as on SQLite.");
        w.Line("/// </summary>");
        w.Line($"public {Runtime}.PostgreSqlDatabaseSql Sql => _sql ??= new {Runtime}.PostgreSqlDatabaseSql(_transaction, s_entityReaders);");
        w.Line();
        InterfaceEmitter.ExplicitTransactionMembers(w, shared);
        w.Line();
        w.Lines(TransactionEnd);
        w.Outdent();
        w.Line("}");
        w.Close();
        w.Close();
        EmitterCommon.CloseScopes(w, scopes);
        return w.ToString();
    }
}
