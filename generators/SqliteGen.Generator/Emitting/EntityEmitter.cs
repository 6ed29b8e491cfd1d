using System.Linq;
using SqliteGen.Generator.Dialects;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Schema;

namespace SqliteGen.Generator.Emitting;

/// <summary>Emits the entity's half: an explicit <c>ISqliteTable&lt;T&gt;</c> implementation with its name and DDL.</summary>
internal static class EntityEmitter
{
    public static (string HintName, string Source) Emit(EntityModel entity, ISqlDialect dialect)
    {
        var writer = new SourceWriter();
        EmitterCommon.Header(writer);
        int scopes = EmitterCommon.OpenScopes(writer, entity.Namespace, entity.ContainingTypes);
        string contract = $"global::SqliteGen.ISqliteTable<{entity.FullyQualifiedName}>";
        writer.Open($"partial {entity.DeclarationKeyword} {entity.TypeName} : {contract}");
        writer.Line($"static string {contract}.TableName => {SourceWriter.Literal(entity.TableName)};");
        writer.Line();
        string ddl = string.Join("\n", dialect.CreateTable(SchemaBuilder.Table(entity, dialect)));
        writer.Line($"static string {contract}.CreateTableSql => {SourceWriter.RawLiteral(ddl, (writer.IndentLevel + 1) * 4).TrimStart()};");
        writer.Close();
        EmitterCommon.CloseScopes(writer, scopes);
        return (EmitterCommon.HintName(entity.FullyQualifiedName, "Table"), writer.ToString());
    }
}
