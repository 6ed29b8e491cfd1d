using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Model;
using static SqliteGen.Generator.Emitting.TypeNames;

namespace SqliteGen.Generator.Emitting;

/// <summary>
/// Emits the tenant routing of a database with <c>[TenantScoped]</c> tables: <c>ForTenant(id)</c> and its
/// <c>TenantView</c>, the explicit base writer <c>Base</c>, and <c>MigrateAllTenants</c>. See docs/tenancy.md.
/// </summary>
internal static class TenancyEmitter
{
    public static string Emit(DatabaseModel database, IReadOnlyList<EntityModel> tables)
    {
        var w = new SourceWriter();
        EmitterCommon.Header(w);
        int scopes = EmitterCommon.OpenScopes(w, database.Namespace, database.ContainingTypes);
        string name = database.TypeName;
        w.Open($"partial class {name}");

        List<EntityModel> layered = tables.Where(t => t.Tenancy == TenantScope.Layered).ToList();
        w.Lines($$"""
            /// <summary>
            /// The shared base file's rows of the Layered tables, which every tenant reads as a fallback. Writing here
            /// changes what all tenants see (the "teacher mode"); a tenant view cannot write them.
            /// </summary>
            public BaseTables Base { get; }

            /// <summary>The folder of the tenant files (<see cref="global::SqliteGen.SqliteGenOptions.TenantFolder"/>).</summary>
            public string TenantFolder => _tenants.Folder;

            /// <summary>
            /// The database as tenant <paramref name="tenantId"/> sees it: its tenant-scoped tables live in its own file
            /// (created and migrated to <see cref="SchemaVersion"/> on first use), shared tables in the base file. Dispose
            /// the view when done: open tenant files are bounded by <see cref="global::SqliteGen.SqliteGenOptions.MaxOpenTenants"/>,
            /// and a file in use is never closed under its view.
            /// </summary>
            /// <exception cref="global::SqliteGen.InvalidTenantIdException">The id is outside the safe set (a-z, 0-9, '-', '_'; at most 64); no file was touched.</exception>
            public TenantView ForTenant(string tenantId) => new(this, _tenants.Rent(tenantId));

            /// <summary>
            /// Opens and migrates every tenant file in <see cref="TenantFolder"/> to <see cref="SchemaVersion"/>, at most
            /// <paramref name="maxParallelism"/> at a time. One tenant failing does not stop the others: the report says which.
            /// </summary>
            public global::SqliteGen.Runtime.TenantMigrationReport MigrateAllTenants(int maxParallelism = 2, {{TokenParameter}}) =>
                _tenants.MigrateAll(maxParallelism, cancellationToken);
            """);
        w.Line();
        BaseTables(w, layered, "The Layered tables of the shared base file, read and written directly.", ConnectionSource);

        w.Line();
        w.Line("/// <summary>");
        w.Line("/// One tenant's view of the database (from <see cref=\"ForTenant\"/>): Isolated tables read and write the tenant's");
        w.Line("/// file, Layered tables read the tenant's rows first and the base's as fallback and write the tenant's file, shared");
        w.Line("/// tables are the base file's. Dispose it to let the tenant's file close when it is the least recently used.");
        w.Line("/// </summary>");
        w.Open("public sealed class TenantView : global::System.IDisposable");
        w.Line($"private readonly {name} _database;");
        w.Line("private readonly global::SqliteGen.Runtime.TenantLease _lease;");
        w.Line("private int _disposed;");
        w.Line();
        w.Open($"internal TenantView({name} database, global::SqliteGen.Runtime.TenantLease lease)");
        w.Line("_database = database;");
        w.Line("_lease = lease;");
        foreach (EntityModel table in tables)
        {
            string accessor = table.AccessorName;
            w.Line(table.Tenancy switch
            {
                TenantScope.None => $"{accessor} = database.{accessor};",
                TenantScope.Isolated => $"{accessor} = new {accessor}Table(lease.Pool);",
                _ => $"{accessor} = {NewLayered(accessor, "lease.Pool")};",
            });
        }
        w.Close();
        w.Line();
        w.Line("/// <summary>The tenant id.</summary>");
        w.Line("public string TenantId => _lease.TenantId;");
        w.Line();
        w.Line("/// <summary>The tenant's file.</summary>");
        w.Line("public string FilePath => _lease.Pool.FilePath;");
        ViewTables(w, tables, "base file", "file");
        w.Lines("""

            /// <summary>
            /// Starts a write transaction on the tenant's file (<c>BEGIN IMMEDIATE</c>): its tables write the tenant's file
            /// and see the transaction's own rows; disposing without <see cref="TenantWriteTransaction.Commit"/> rolls back.
            /// </summary>
            public TenantWriteTransaction BeginWrite() => new(_database, _lease.Pool.BeginWrite());

            /// <summary>Runs <paramref name="work"/> in one write transaction on the tenant's file and commits it; an exception rolls it back.</summary>
            public void Write(global::System.Action<TenantWriteTransaction> work)
            {
                global::System.ArgumentNullException.ThrowIfNull(work);
                using TenantWriteTransaction transaction = BeginWrite();
                work(transaction);
                transaction.Commit();
            }

            /// <summary>Gives the tenant's file back to the open-file cache (it may close if it is the least recently used).</summary>
            public void Dispose()
            {
                if (global::System.Threading.Interlocked.Exchange(ref _disposed, 1) == 0)
                    _lease.Dispose();
            }
            """);
        w.Close();

        List<EntityModel> scoped = tables.Where(t => t.Tenancy != TenantScope.None).ToList();
        w.Line();
        w.Line("/// <summary>An open write transaction on one tenant's file: its tenant-scoped tables, inside the transaction.</summary>");
        w.Open("public sealed class TenantWriteTransaction : global::System.IDisposable");
        w.Line("private readonly global::SqliteGen.Runtime.WriteTransaction _transaction;");
        w.Line();
        w.Open($"internal TenantWriteTransaction({name} database, global::SqliteGen.Runtime.WriteTransaction transaction)");
        w.Line("_transaction = transaction;");
        foreach (EntityModel table in scoped)
        {
            string accessor = table.AccessorName;
            w.Line(table.Tenancy == TenantScope.Isolated
                ? $"{accessor} = new {accessor}Table(transaction);"
                : $"{accessor} = {NewLayered(accessor, "transaction")};");
        }
        w.Close();
        TransactionTables(w, scoped);
        w.Lines("""

            /// <summary>Commits every write of this transaction.</summary>
            public void Commit() => _transaction.Commit();

            /// <summary>Undoes every write of this transaction.</summary>
            public void Rollback() => _transaction.Rollback();

            /// <summary>Rolls back unless <see cref="Commit"/> was called, and gives the tenant's writer back.</summary>
            public void Dispose() => _transaction.Dispose();
            """);
        w.Close();

        w.Close();
        EmitterCommon.CloseScopes(w, scopes);
        return w.ToString();
    }

    /// <summary>
    /// A tenant view's table properties: a shared table is the base's (<paramref name="baseStore"/>), an Isolated one the
    /// tenant's own (<paramref name="tenantStore"/>), a Layered one the layered table.
    /// </summary>
    internal static void ViewTables(SourceWriter w, IReadOnlyList<EntityModel> tables, string baseStore, string tenantStore)
    {
        foreach (EntityModel table in tables)
        {
            w.Line();
            (string type, string summary) = table.Tenancy switch
            {
                TenantScope.None => ($"{table.AccessorName}Table", $"The shared <c>{SourceWriter.DocText(table.TableName)}</c> table ({baseStore})."),
                TenantScope.Isolated => ($"{table.AccessorName}Table", $"This tenant's <c>{SourceWriter.DocText(table.TableName)}</c> rows (its own {tenantStore} only)."),
                _ => ($"{table.AccessorName}LayeredTable", $"<c>{SourceWriter.DocText(table.TableName)}</c>: this tenant's rows first, the base rows as fallback; writes go to the tenant."),
            };
            w.Line($"/// <summary>{summary}</summary>");
            w.Line($"{EmitterCommon.AccessorAccessibility(table)} {type} {table.AccessorName} {{ get; }}");
        }
    }

    /// <summary>A tenant write transaction's table properties: its tenant-scoped tables.</summary>
    internal static void TransactionTables(SourceWriter w, IReadOnlyList<EntityModel> scoped)
    {
        foreach (EntityModel table in scoped)
        {
            w.Line();
            string type = table.Tenancy == TenantScope.Isolated ? $"{table.AccessorName}Table" : $"{table.AccessorName}LayeredTable";
            w.Line($"/// <summary>The tenant's <c>{SourceWriter.DocText(table.TableName)}</c>{(table.Tenancy == TenantScope.Layered ? " (base rows as fallback for reads)" : "")}, inside this transaction.</summary>");
            w.Line($"{EmitterCommon.AccessorAccessibility(table)} {type} {table.AccessorName} {{ get; }}");
        }
    }

    /// <summary>
    /// The <c>BaseTables</c> class of <c>db.Base</c>: the plain table of each Layered table over the base's
    /// <paramref name="sourceType"/> (SQLite's base file, or the PostgreSQL base database).
    /// </summary>
    internal static void BaseTables(SourceWriter w, IReadOnlyList<EntityModel> layered, string summary, string sourceType)
    {
        w.Line($"/// <summary>{summary}</summary>");
        w.Open("public sealed class BaseTables");
        w.Open($"internal BaseTables({sourceType} source)");
        foreach (EntityModel table in layered)
            w.Line($"{table.AccessorName} = new {table.AccessorName}Table(source);");
        w.Close();
        foreach (EntityModel table in layered)
        {
            w.Line();
            w.Line($"/// <summary>The base rows of <c>{SourceWriter.DocText(table.TableName)}</c>, shared by every tenant.</summary>");
            w.Line($"{EmitterCommon.AccessorAccessibility(table)} {table.AccessorName}Table {table.AccessorName} {{ get; }}");
        }
        w.Close();
    }

    /// <summary>A layered table over the tenant's <paramref name="source"/> (its pool or a transaction) and the base rows.</summary>
    private static string NewLayered(string accessor, string source) =>
        $"new {accessor}LayeredTable({source}, database.Base.{accessor}, database._pool.Options)";
}
