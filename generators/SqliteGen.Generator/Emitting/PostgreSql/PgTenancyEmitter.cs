using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Model;
using static SqliteGen.Generator.Emitting.TypeNames;

namespace SqliteGen.Generator.Emitting.PostgreSql;

/// <summary>
/// The tenant routing of a database on PostgreSQL (docs/tenancy.md, "PostgreSQL: tenants across several servers"):
/// <c>db.Base</c> (the Layered tables' base rows, in the database <c>OpenPostgreSql</c> opened), <c>db.OpenTenantsAsync</c>
/// (the tenant directory opened with the generated <c>Migrations</c>) and its <c>TenantRouter</c> with
/// <c>ForTenant(id)</c> and <c>MigrateAllTenantsAsync</c>, the <c>TenantView</c> with the tables and write transactions of
/// the SQLite view (<see cref="TenancyEmitter"/>), and <c>TenantWriteTransaction</c>. A tenant's operations run on its
/// server in its schema through the runtime's <c>PostgreSqlTenantSource</c>.
/// </summary>
internal static class PgTenancyEmitter
{
    private const string Runtime = "global::SqliteGen.PostgreSql";
    private const string Tenancy = "global::SqliteGen.PostgreSql.Tenancy";

    public static string Emit(DatabaseModel database, IReadOnlyList<EntityModel> tables)
    {
        var w = new SourceWriter();
        EmitterCommon.Header(w);
        int scopes = EmitterCommon.OpenScopes(w, database.Namespace, database.ContainingTypes);
        string name = database.TypeName;
        string databaseName = SourceWriter.Literal(name);
        w.Open($"partial class {name}");
        w.Open("partial class PostgreSql");

        List<EntityModel> layered = tables.Where(t => t.Tenancy == TenantScope.Layered).ToList();
        List<EntityModel> scoped = tables.Where(t => t.Tenancy != TenantScope.None).ToList();
        w.Lines($$"""
            /// <summary>
            /// The base rows of the Layered tables, in this database, which every tenant reads as a fallback. Writing here
            /// changes what all tenants see (the "teacher mode"); a tenant view cannot write them.
            /// </summary>
            public BaseTables Base { get; }

            /// <summary>
            /// Opens the tenant directory kept on <paramref name="directoryServer"/> (one of <paramref name="servers"/>), creating
            /// its table when missing, for tenants whose schemas are made and migrated by <see cref="Migrations"/>: each tenant a
            /// schema of its own on one of the servers, this database holding the shared tables and the base rows.
            /// </summary>
            /// <param name="servers">The servers tenants live on, by name (the directory records names, not addresses).</param>
            /// <param name="directoryServer">The server holding the directory table <c>sqlitegen_tenants</c>.</param>
            /// <param name="options">The placement policy, the write lock's timeout, how many tenant vector indexes stay resident; null for the defaults.</param>
            /// <param name="cancellationToken">Cancels the opening.</param>
            public async {{ValueTask}}<TenantRouter> OpenTenantsAsync({{Tenancy}}.TenantServers servers, string directoryServer,
                {{Tenancy}}.TenantDirectoryOptions? options = null, {{TokenParameter}}) =>
                new(this, await {{Tenancy}}.TenantDirectory.OpenAsync(servers, directoryServer, {{databaseName}}, Migrations, options, cancellationToken).ConfigureAwait(false));
            """);
        w.Line();
        TenancyEmitter.BaseTables(w, layered, "The Layered tables of the base database, read and written directly.", Runtime + ".PostgreSqlSource");

        w.Lines($$"""

            /// <summary>
            /// The tenants of {{name}} across the servers of a <see cref="{{Tenancy}}.TenantDirectory"/> (from
            /// <see cref="OpenTenantsAsync"/>): <see cref="ForTenant"/> and <see cref="MigrateAllTenantsAsync"/>; placing, finding
            /// and moving tenants is the <see cref="Directory"/>'s.
            /// </summary>
            public sealed class TenantRouter
            {
                private readonly PostgreSql _database;

                internal TenantRouter(PostgreSql database, {{Tenancy}}.TenantDirectory directory)
                {
                    _database = database;
                    Directory = directory;
                }

                /// <summary>Where each tenant lives: placement, lookups (cached, corrected after a move), moves.</summary>
                public {{Tenancy}}.TenantDirectory Directory { get; }

                /// <summary>
                /// The database as tenant <paramref name="tenantId"/> sees it: its tenant-scoped tables in its own schema on its
                /// server (placed by the directory's policy on first use, as SQLite creates the tenant's file), shared tables and
                /// base rows in the base database. Each operation finds the tenant through the directory's cache and runs in a
                /// transaction on its schema, so a tenant moved meanwhile, even by another process, is found where it is now.
                /// </summary>
                /// <exception cref="global::SqliteGen.InvalidTenantIdException">The id is outside the safe set (a-z, 0-9, '-', '_'; at most 64); nothing was touched.</exception>
                public TenantView ForTenant(string tenantId) => new(_database, new {{Tenancy}}.PostgreSqlTenantSource(Directory, tenantId, _database._database));

                /// <summary>
                /// Migrates every placed tenant's schema, on every server, to the last of <see cref="Migrations"/>: at most
                /// <paramref name="tenantsPerServer"/> tenants of one server at a time, each in its own transaction. One tenant
                /// failing, or one server down, does not stop the others: the report says which, and whether trying again can succeed.
                /// </summary>
                public global::System.Threading.Tasks.Task<{{Tenancy}}.TenantServerMigrationReport> MigrateAllTenantsAsync(
                    int tenantsPerServer = {{Tenancy}}.TenantDirectory.DefaultTenantsPerServer, global::SqliteGen.MigrationOptions? options = null, {{TokenParameter}}) =>
                    Directory.MigrateAllTenantsAsync({{databaseName}}, Migrations, tenantsPerServer, options, cancellationToken);
            }

            /// <summary>
            /// One tenant's view of the database on PostgreSQL (from <see cref="TenantRouter.ForTenant"/>): Isolated tables read and
            /// write the tenant's schema, Layered tables read the tenant's rows first and the base's as fallback and write the
            /// tenant's schema, shared tables are the base database's. It holds no connection: disposing it is optional, and
            /// there so that code written for the SQLite view's <c>using</c> reads the same.
            /// </summary>
            public sealed class TenantView : global::System.IDisposable
            {
                private readonly PostgreSql _database;
                private readonly {{Tenancy}}.PostgreSqlTenantSource _source;

                internal TenantView(PostgreSql database, {{Tenancy}}.PostgreSqlTenantSource source)
                {
                    _database = database;
                    _source = source;
            """);
        w.Indent();
        w.Indent();
        foreach (EntityModel table in tables)
        {
            string accessor = table.AccessorName;
            w.Line(table.Tenancy switch
            {
                TenantScope.None => $"{accessor} = database.{accessor};",
                TenantScope.Isolated => $"{accessor} = new {accessor}Table(source);",
                _ => $"{accessor} = new {accessor}LayeredTable(source, database.Base.{accessor});",
            });
        }
        w.Outdent();
        w.Line("}");
        w.Line();
        w.Line("/// <summary>The tenant id.</summary>");
        w.Line("public string TenantId => _source.TenantId;");
        TenancyEmitter.ViewTables(w, tables, "base database", "schema");
        w.Lines($$"""

            /// <summary>
            /// Starts a write transaction on the tenant's schema: its tables write the tenant's schema and see the transaction's
            /// own rows; disposing without <see cref="TenantWriteTransaction.Commit"/> rolls back. Nothing is sent yet: the
            /// first statement goes with <c>BEGIN</c> and the tenant's start (its write lock taken shared, so a move waits for
            /// the transaction), and is where a move holding the tenant answers <see cref="{{Tenancy}}.TenantBusyException"/>
            /// (nothing written; try again).
            /// </summary>
            /// <exception cref="{{Tenancy}}.TenantServerUnavailableException">The tenant's server cannot be reached: nothing was written.</exception>
            public TenantWriteTransaction BeginWrite() => new(_database, _source.BeginWrite());

            /// <inheritdoc cref="BeginWrite"/>
            public async {{ValueTask}}<TenantWriteTransaction> BeginWriteAsync({{TokenParameter}}) =>
                new(_database, await _source.BeginWriteAsync(cancellationToken).ConfigureAwait(false));

            {{DatabaseEmitter.WriteMethods("await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);", "TenantWriteTransaction")}}

            /// <summary>Nothing to release: each operation gives its connection back when it ends.</summary>
            public void Dispose()
            {
            }
            """);
        w.Outdent();
        w.Line("}");

        w.Line();
        w.Line("/// <summary>An open write transaction on one tenant's schema: its tenant-scoped tables, inside the transaction.</summary>");
        w.Open("public sealed class TenantWriteTransaction : global::System.IDisposable, global::System.IAsyncDisposable");
        w.Line($"private readonly {Runtime}.PostgreSqlTransaction _transaction;");
        w.Line();
        w.Open($"internal TenantWriteTransaction(PostgreSql database, {Runtime}.PostgreSqlTransaction transaction)");
        w.Line("_transaction = transaction;");
        foreach (EntityModel table in scoped)
        {
            string accessor = table.AccessorName;
            w.Line(table.Tenancy == TenantScope.Isolated
                ? $"{accessor} = new {accessor}Table(transaction);"
                : $"{accessor} = new {accessor}LayeredTable(transaction, database.Base.{accessor});");
        }
        w.Close();
        TenancyEmitter.TransactionTables(w, scoped);
        w.Line();
        w.Lines(PgDatabaseEmitter.TransactionEnd);
        w.Close();

        w.Close();
        w.Close();
        EmitterCommon.CloseScopes(w, scopes);
        return w.ToString();
    }
}
