using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Schema;

namespace SqliteGen.Generator.Dialects.Sqlite;

/// <summary>SQLite's SQL: STRICT tables, <c>$name</c> parameters, <c>ON CONFLICT</c> upserts, <c>RETURNING</c>.</summary>
internal sealed partial class SqliteDialect : ISqlDialect
{
    public static readonly SqliteDialect Instance = new();

    public string Identifier(string name)
    {
        bool bare = name.Length > 0 && (char.IsLetter(name[0]) || name[0] == '_') && name.All(c => c < 128 && (char.IsLetterOrDigit(c) || c == '_'))
            && !SqliteKeywords.IsKeyword(name) && !QuotedWords.Contains(name);
        return bare ? name : "\"" + name.Replace("\"", "\"\"") + "\"";
    }

    public string Parameter(ColumnModel column)
    {
        var builder = new StringBuilder("$");
        foreach (char c in column.ColumnName)
            builder.Append(c < 128 && (char.IsLetterOrDigit(c) || c == '_') ? c : '_');
        // The member name is a C# identifier, so it keeps parameters of odd column names distinct.
        return builder.Length == 1 || column.ColumnName.Any(c => !(c < 128 && (char.IsLetterOrDigit(c) || c == '_')))
            ? "$" + column.MemberName
            : builder.ToString();
    }

    public string Parameter(string name) => "$" + name;

    /// <summary>The declared type of a STRICT column: its kind's storage class (<see cref="TypeMapping"/>).</summary>
    public string ColumnType(ValueKind kind) => TypeMapping.Of(kind).Storage switch
    {
        SqlStorage.Integer => "INTEGER",
        SqlStorage.Real => "REAL",
        SqlStorage.Blob => "BLOB",
        _ => "TEXT",
    };

    /// <summary>
    /// The user's CHECK, then the one the column's kind needs: a vector's BLOB holds exactly dimensions x 4 bytes, a text
    /// enum's column one of its names. Both depend on the column, so they are written here rather than read from
    /// <see cref="TypeMapping"/>.
    /// </summary>
    public string? ColumnCheck(ColumnModel column)
    {
        string? own = column.Kind switch
        {
            ValueKind.Vector => $"length({Identifier(column.ColumnName)}) = {(column.VectorDimensions * 4).ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            ValueKind.EnumText => EnumCheck(Identifier(column.ColumnName), column.EnumNames),
            _ => null,
        };
        return own is null ? column.Check : column.Check is null ? own : column.Check + ") CHECK (" + own;
    }

    /// <summary>The CHECK of a column holding an <c>[EnumAsText]</c> enum: <c>status IN ('healthy', 'warning')</c>.</summary>
    public static string EnumCheck(string column, IEnumerable<EnumName> names) =>
        column + " IN (" + string.Join(", ", names.Select(n => Literal(n.Text))) + ")";

    /// <summary>A SQL string literal.</summary>
    public static string Literal(string text) => "'" + text.Replace("'", "''") + "'";


    public IReadOnlyList<string> CreateTable(TableSchema table)
    {
        var statements = new List<string> { CreateTableStatement(table, table.Name) };
        statements.AddRange(table.Indexes.Select(index => CreateIndex(table.Name, index)));
        statements.AddRange(table.Companions.Select(companion => companion.Sql));
        return statements;
    }

    /// <summary><c>CREATE TABLE</c> for <paramref name="table"/>'s definition under <paramref name="name"/> (a rebuild creates it under a temporary name).</summary>
    public string CreateTableStatement(TableSchema table, string name)
    {
        List<ColumnSchema> keys = table.Columns.Where(c => c.PrimaryKey > 0).OrderBy(c => c.PrimaryKey).ToList();
        bool inlineKey = keys.Count == 1;
        var lines = table.Columns.Select(c => ColumnDefinition(c, inlineKey)).ToList();
        if (!inlineKey)
            lines.Add("PRIMARY KEY (" + string.Join(", ", keys.Select(k => Identifier(k.Name))) + ")");
        foreach (ForeignKeySchema foreignKey in table.ForeignKeys)
        {
            var line = new StringBuilder();
            line.Append("FOREIGN KEY (").Append(Identifier(foreignKey.Column)).Append(") REFERENCES ")
                .Append(Identifier(foreignKey.Table)).Append(" (").Append(Identifier(foreignKey.TargetColumn)).Append(')');
            if (foreignKey.OnDelete != "NO ACTION")
                line.Append(" ON DELETE ").Append(foreignKey.OnDelete);
            if (foreignKey.OnUpdate != "NO ACTION")
                line.Append(" ON UPDATE ").Append(foreignKey.OnUpdate);
            lines.Add(line.ToString());
        }
        return "CREATE TABLE " + Identifier(name) + " (\n    " + string.Join(",\n    ", lines) + "\n) STRICT;";
    }

    /// <summary>
    /// One column as <c>CREATE TABLE</c> writes it; <c>ALTER TABLE ADD COLUMN</c> uses the same text, so a
    /// migrated table's stored SQL matches a freshly created one.
    /// </summary>
    public string ColumnDefinition(ColumnSchema column, bool inlineKey)
    {
        var line = new StringBuilder();
        line.Append(Identifier(column.Name)).Append(' ').Append(column.Type);
        if (column.NotNull)
            line.Append(" NOT NULL");
        if (inlineKey && column.PrimaryKey > 0)
            line.Append(column.AutoIncrement ? " PRIMARY KEY AUTOINCREMENT" : " PRIMARY KEY");
        if (column.Default is { } defaultValue)
            line.Append(" DEFAULT ").Append(Parenthesize(defaultValue));
        if (column.Collate is { } collate)
            line.Append(" COLLATE ").Append(collate);
        if (column.Check is { } check)
            line.Append(" CHECK (").Append(check).Append(')');
        return line.ToString();
    }

    public string CreateIndex(string table, IndexSchema index)
    {
        string columns = string.Join(", ", index.Columns.Select(Identifier));
        string where = index.Where is { } predicate ? " WHERE " + predicate : "";
        return $"CREATE {(index.Unique ? "UNIQUE " : "")}INDEX {Identifier(index.Name)} ON {Identifier(table)} ({columns}){where};";
    }

    /// <summary>True when <paramref name="expression"/> is a DEFAULT that ALTER TABLE ADD COLUMN accepts: a literal, not CURRENT_* or an expression.</summary>
    public static bool IsConstantDefault(string expression)
    {
        string text = Parenthesize(expression);
        return !text.StartsWith("(", StringComparison.Ordinal) && !text.StartsWith("CURRENT_", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>SQLite needs parentheses around a DEFAULT that is an expression rather than a literal.</summary>
    private static string Parenthesize(string expression)
    {
        string trimmed = expression.Trim();
        bool literal = trimmed.StartsWith("'", StringComparison.Ordinal) || trimmed.StartsWith("(", StringComparison.Ordinal)
            || double.TryParse(trimmed, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)
            || trimmed.Equals("NULL", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("TRUE", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("FALSE", StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith("CURRENT_", StringComparison.OrdinalIgnoreCase);
        return literal ? trimmed : "(" + trimmed + ")";
    }

    private static ColumnModel Column(EntityModel entity, string member) => entity.Columns.First(c => c.MemberName == member);

    private string ColumnList(IEnumerable<ColumnModel> columns) => string.Join(", ", columns.Select(c => Identifier(c.ColumnName)));

    private string KeyCondition(EntityModel entity) =>
        string.Join(" AND ", entity.KeyColumns().Select(k => Identifier(k.ColumnName) + " = " + Parameter(k)));

    public string Insert(EntityModel entity, bool returningKey)
    {
        List<ColumnModel> columns = entity.Columns.Where(c => !c.GeneratedKey).ToList();
        string sql = $"INSERT INTO {Identifier(entity.TableName)} ({ColumnList(columns)}) VALUES ({string.Join(", ", columns.Select(Parameter))})";
        if (returningKey)
            sql += " RETURNING " + ColumnList(entity.KeyColumns());
        return sql;
    }

    public string Upsert(EntityModel entity)
    {
        List<ColumnModel> keys = entity.KeyColumns();
        List<ColumnModel> others = entity.Columns.Where(c => !c.IsPrimaryKey).ToList();
        string insert = $"INSERT INTO {Identifier(entity.TableName)} ({ColumnList(entity.Columns)}) VALUES ({string.Join(", ", entity.Columns.Select(Parameter))})";
        string action = others.Count == 0
            ? "DO NOTHING"
            : "DO UPDATE SET " + string.Join(", ", others.Select(c => Identifier(c.ColumnName) + " = excluded." + Identifier(c.ColumnName)));
        return $"{insert} ON CONFLICT ({ColumnList(keys)}) {action}";
    }

    public string ImportInsert(EntityModel entity, ImportConflict conflict)
    {
        // NULLIF: SQLite assigns a new key when an INTEGER PRIMARY KEY is given NULL.
        string values = string.Join(", ", entity.Columns.Select(c => c.GeneratedKey ? $"NULLIF({Parameter(c)}, 0)" : Parameter(c)));
        string insert = $"INSERT INTO {Identifier(entity.TableName)} ({ColumnList(entity.Columns)}) VALUES ({values})";
        return ImportConflicts.Apply(insert, entity, conflict, Identifier);
    }

    public string? Update(EntityModel entity)
    {
        List<ColumnModel> others = entity.Columns.Where(c => !c.IsPrimaryKey).ToList();
        if (others.Count == 0)
            return null;
        return $"UPDATE {Identifier(entity.TableName)} SET {string.Join(", ", others.Select(c => Identifier(c.ColumnName) + " = " + Parameter(c)))} WHERE {KeyCondition(entity)}";
    }

    public string Delete(EntityModel entity) => $"DELETE FROM {Identifier(entity.TableName)} WHERE {KeyCondition(entity)}";

    public string SelectByKey(EntityModel entity) => $"{SelectAll(entity)} WHERE {KeyCondition(entity)}";

    public string SelectKeys(EntityModel entity) => $"SELECT {ColumnList(entity.KeyColumns())} FROM {Identifier(entity.TableName)}";

    public string SelectRowidByKey(EntityModel entity) => $"SELECT rowid FROM {Identifier(entity.TableName)} WHERE {KeyCondition(entity)}";

    public string SelectAll(EntityModel entity) => $"SELECT {ColumnList(entity.Columns)} FROM {Identifier(entity.TableName)}";

    public string Count(EntityModel entity) => $"SELECT count(*) FROM {Identifier(entity.TableName)}";

    public string SelectByIndex(EntityModel entity, IndexModel index)
    {
        // IS matches NULL to NULL and can still use the index; = is the usual form for NOT NULL columns.
        string condition = string.Join(" AND ", index.Members.Select(m => Column(entity, m)).Select(c => Identifier(c.ColumnName) + (c.IsNullable ? " IS " : " = ") + Parameter(c)));
        if (index.Where is { } where)
            condition += " AND (" + where + ")";
        return $"{SelectAll(entity)} WHERE {condition}";
    }

    /// <summary>
    /// Quoted as names besides SQLite's keywords (<see cref="SqliteKeywords"/>): the rowid's own names, which a column of
    /// the name would hide, and STRICT, which ends a CREATE TABLE.
    /// </summary>
    private static readonly HashSet<string> QuotedWords = new(StringComparer.OrdinalIgnoreCase) { "ROWID", "OID", "_ROWID_", "STRICT" };
}
