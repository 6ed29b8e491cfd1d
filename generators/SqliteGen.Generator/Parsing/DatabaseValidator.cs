using System;
using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Diagnostics;
using SqliteGen.Generator.Model;

namespace SqliteGen.Generator.Parsing;

/// <summary>
/// The checks that need a database and all of its tables together: table and accessor names unique,
/// foreign keys pointing inside the database, every [JsonColumn] type declared in the JSON context.
/// </summary>
internal static class DatabaseValidator
{
    /// <summary>The tables of <paramref name="database"/>, ordered by table name.</summary>
    public static List<EntityModel> TablesOf(DatabaseModel database, IEnumerable<EntityModel> entities)
    {
        IEnumerable<EntityModel> tables = database.ListsTables
            ? entities.Where(e => database.ListedTables.Contains(e.FullyQualifiedName))
            : entities;
        return tables.OrderBy(e => e.TableName, StringComparer.Ordinal).ThenBy(e => e.FullyQualifiedName, StringComparer.Ordinal).ToList();
    }

    public static List<DiagnosticInfo> Validate(DatabaseModel database, IReadOnlyList<EntityModel> tables, IReadOnlyCollection<string> invalidEntities)
    {
        var problems = new List<DiagnosticInfo>();
        void Add(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, params object?[] arguments) => problems.Add(new DiagnosticInfo(descriptor, null, arguments));

        foreach (string listed in database.ListedTables)
        {
            if (invalidEntities.Contains(listed))
                continue; // the entity's own diagnostics say what is wrong
            if (!tables.Any(t => t.FullyQualifiedName == listed))
                Add(DiagnosticDescriptors.DuplicateName, $"Database '{database.TypeName}' lists '{listed}' in Tables, but it is not a [Table] record");
        }
        foreach (var group in tables.GroupBy(t => t.TableName, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            Add(DiagnosticDescriptors.DuplicateName, $"Database '{database.TypeName}' has several entities named table '{group.Key}' ({string.Join(", ", group.Select(t => t.TypeName))}): give each its own [Table(\"name\")]");
        foreach (var group in tables.GroupBy(t => t.AccessorName, StringComparer.Ordinal).Where(g => g.Count() > 1))
            Add(DiagnosticDescriptors.DuplicateName, $"Database '{database.TypeName}' would get two accessors named '{group.Key}' ({string.Join(", ", group.Select(t => t.TypeName))}): set [Table(Accessor = \"...\")] on one");
        foreach (EntityModel table in tables.Where(t => ReservedMemberNames.Contains(t.AccessorName)))
            Add(DiagnosticDescriptors.DuplicateName, $"Entity '{table.TypeName}' would get the accessor '{table.AccessorName}', which the database class already uses: set [Table(Accessor = \"...\")]");

        foreach (EntityModel table in tables)
        {
            foreach (ForeignKeyModel foreignKey in table.ForeignKeys)
            {
                EntityModel? target = tables.FirstOrDefault(t => t.FullyQualifiedName == foreignKey.TargetTypeName);
                if (target is null)
                    Add(DiagnosticDescriptors.InvalidReference, table.TypeName, foreignKey.MemberName, foreignKey.TargetTypeName, $"it is not a table of database '{database.TypeName}'");
                else if (CrossesFiles(table, target) is { } reason)
                    Add(DiagnosticDescriptors.InvalidReference, table.TypeName, foreignKey.MemberName, foreignKey.TargetTypeName, reason);
            }
            foreach (ColumnModel column in table.Columns.Where(c => c.Kind == ValueKind.Json))
            {
                if (database.JsonContextTypeName is null)
                    Add(DiagnosticDescriptors.JsonContextMissing, database.TypeName, table.TypeName, column.MemberName, $"it names no JsonSerializerContext: declare '[JsonSerializable(typeof({column.NonNullableTypeName}))] partial class AppJsonContext : JsonSerializerContext;' and set [SqliteDatabase(JsonContext = typeof(AppJsonContext))]");
                else if (!database.JsonContextTypes.Contains(column.NonNullableTypeName))
                    Add(DiagnosticDescriptors.JsonContextMissing, database.TypeName, table.TypeName, column.MemberName, $"'{database.JsonContextTypeName}' does not declare it: add [JsonSerializable(typeof({column.NonNullableTypeName}))] to that context");
            }
        }
        return problems;
    }

    /// <summary>
    /// A foreign key is checked by SQLite inside one file, so it may only point where the referenced row is
    /// sure to be in the same file: shared to shared, or tenant-scoped to Isolated (both in the tenant's file).
    /// </summary>
    private static string? CrossesFiles(EntityModel source, EntityModel target) => (source.Tenancy, target.Tenancy) switch
    {
        (TenantScope.None, TenantScope.None) => null,
        (not TenantScope.None, TenantScope.Isolated) => null,
        (TenantScope.None, _) => "a shared table cannot reference a tenant-scoped one: its rows live in each tenant's file, not in the base file",
        (_, TenantScope.None) => "a tenant-scoped table cannot reference a shared one: SQLite checks foreign keys within one file, and the shared rows live in the base file. Store the key without [References]",
        _ => "a foreign key cannot point at a Layered table: the referenced row may be in the base file rather than the tenant's. Store the key without [References]",
    };

    /// <summary>Members the generated database class declares itself.</summary>
    public static readonly HashSet<string> ReservedMemberNames = new(StringComparer.Ordinal)
    {
        "Open", "OpenAsync", "FilePath", "SchemaVersion", "CreateSchemaSql", "Write", "WriteAsync", "BeginWrite", "BeginWriteAsync", "Dispose", "DisposeAsync", "WriteTransaction",
        "Migrations", "MigrationScript", "Maintenance", "ForTenant", "Base", "BaseTables", "TenantView", "MigrateAllTenants", "TenantFolder", "Sql",
        "TenantWriteTransaction", "TenantRouter", "OpenTenantsAsync",
    };
}
