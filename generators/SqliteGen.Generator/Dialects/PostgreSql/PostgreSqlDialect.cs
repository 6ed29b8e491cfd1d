using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using SqliteGen.Generator.Dialects.Sqlite;
using SqliteGen.Generator.Schema;

namespace SqliteGen.Generator.Dialects.PostgreSql;

/// <summary>
/// PostgreSQL's DDL for a <see cref="DatabaseSchema"/> (the current records' or a snapshot's): column types chosen from
/// each column's .NET kind (<see cref="ColumnSchema.Kind"/>; from the SQLite storage type for a snapshot that predates
/// it), identity columns for AUTOINCREMENT keys, CHECK, unique and partial indexes, foreign keys with their actions.
/// docs/type-mapping.md has the table and docs/postgresql.md the decisions.
/// <para>
/// What stays SQLite's: a table's companions (its FTS5 table and the triggers that fill it) are left out, as PostgreSQL
/// has no FTS5; full text on PostgreSQL is a GIN index on the <c>tsvector</c> of the same columns (<c>PostgreSqlDialect.Search.cs</c>).
/// A user's SQL fragments (CHECK, partial-index WHERE, DEFAULT) are written for SQLite and carried over as they are,
/// except that a boolean column compared with 0 or 1 is compared with false or true (PostgreSQL has no boolean = integer).
/// </para>
/// </summary>
internal sealed partial class PostgreSqlDialect
{
    public static readonly PostgreSqlDialect Instance = new();

    /// <summary>
    /// The collation a <c>COLLATE NOCASE</c> column gets: ICU's case-insensitive comparison (level 2), created by
    /// <see cref="CreateSchema"/> when a column needs it.
    /// </summary>
    public const string NoCaseCollation = "sqlitegen_nocase";

    /// <summary>
    /// The identifier as it appears in SQL: bare when SQLite's dialect writes it bare too and it is no PostgreSQL key
    /// word, quoted otherwise. A bare name folds to lower case in PostgreSQL, as names compare case-insensitively in
    /// SQLite, so a user's fragment that names a column the way SQLite's DDL does finds it here too.
    /// </summary>
    public string Identifier(string name)
    {
        bool bare = name.Length > 0 && (IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => IsAsciiLetter(c) || (c >= '0' && c <= '9') || c == '_')
            && !PostgreSqlKeywords.IsKeyword(name) && !SqliteKeywords.IsKeyword(name) && SqliteDialect.Instance.Identifier(name) == name;
        return bare ? name : "\"" + name.Replace("\"", "\"\"") + "\"";
    }

    private static bool IsAsciiLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

    /// <summary>The name PostgreSQL stores for <paramref name="name"/>: lower case when it is written bare (what its catalogue reports).</summary>
    public string StoredName(string name) => Identifier(name) == name ? name.ToLowerInvariant() : name;

    /// <summary>A SQL string literal.</summary>
    public static string Literal(string text) => "'" + text.Replace("'", "''") + "'";

    /// <summary>The PostgreSQL type of a column: from its kind, or from its SQLite storage type when the snapshot has no kind.</summary>
    public string ColumnType(ColumnSchema column) => Model.TypeMapping.FromSnapshotName(column.Kind)?.PostgreSqlType ?? StorageType(column.Type);

    /// <summary>A column without a kind (a snapshot written before kinds were recorded): the type its SQLite storage class holds exactly.</summary>
    private static string StorageType(string sqliteType) => sqliteType.ToUpperInvariant() switch
    {
        "INTEGER" or "INT" => "bigint",
        "REAL" => "double precision",
        "BLOB" => "bytea",
        _ => "text",
    };

    /// <summary>Whether the column holds text in PostgreSQL (and so takes a collation).</summary>
    public bool IsText(ColumnSchema column) => ColumnType(column) == "text";

    /// <summary>Whether the column is boolean in PostgreSQL (0 and 1 in its SQLite fragments become false and true).</summary>
    public bool IsBoolean(ColumnSchema column) => ColumnType(column) == "boolean";

    /// <summary>
    /// The whole schema: the NOCASE collation when a column uses it, then each table with its indexes (and, for a table
    /// with a vector column, the change log once and the table's change triggers) in foreign-key dependency order (<see cref="DependencyOrder"/>), a foreign key to a table created later (a cycle) added at the end.
    /// </summary>
    public IReadOnlyList<string> CreateSchema(DatabaseSchema schema)
    {
        var statements = new List<string>();
        if (schema.Tables.Any(t => t.Columns.Any(c => IsNoCase(c.Collate))))
            statements.Add($"CREATE COLLATION IF NOT EXISTS {NoCaseCollation} (provider = icu, locale = 'und-u-ks-level2', deterministic = false);");
        var created = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var later = new List<string>();
        foreach (TableSchema table in DependencyOrder(schema))
        {
            created.Add(table.Name);
            List<ForeignKeySchema> inline = table.ForeignKeys.Where(k => created.Contains(k.Table)).ToList();
            statements.Add(CreateTableStatement(table, inline));
            statements.AddRange(table.Indexes.Select(index => CreateIndex(table, index)));
            if (CreateFullTextIndex(table) is { } fullText)
                statements.Add(fullText);
            if (CreateVectorTriggers(table) is { } triggers)
            {
                if (!statements.Contains(CreateVectorLog()))
                    statements.Add(CreateVectorLog());
                statements.Add(triggers);
            }
            later.AddRange(table.ForeignKeys.Where(k => !created.Contains(k.Table))
                .Select(k => $"ALTER TABLE {Identifier(table.Name)} ADD {ForeignKey(k)};"));
        }
        statements.AddRange(later);
        return statements;
    }

    /// <summary>
    /// The tables in an order where each comes after the tables its foreign keys reference (self-references aside), ties in
    /// schema order; the tables of a cycle follow in schema order. Tables are created and filled in this order.
    /// </summary>
    public static IReadOnlyList<TableSchema> DependencyOrder(DatabaseSchema schema)
    {
        var ordered = new List<TableSchema>();
        var placed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = schema.Tables.ToList();
        var names = new HashSet<string>(pending.Select(t => t.Name), StringComparer.OrdinalIgnoreCase);
        while (pending.Count > 0)
        {
            TableSchema? ready = pending.FirstOrDefault(t => t.ForeignKeys.All(k =>
                placed.Contains(k.Table) || string.Equals(k.Table, t.Name, StringComparison.OrdinalIgnoreCase) || !names.Contains(k.Table)));
            TableSchema next = ready ?? pending[0]; // a cycle: break it in schema order
            ordered.Add(next);
            placed.Add(next.Name);
            pending.Remove(next);
        }
        return ordered;
    }

    /// <summary><c>CREATE TABLE</c> with every foreign key inline (the caller creates referenced tables first).</summary>
    public string CreateTableStatement(TableSchema table) => CreateTableStatement(table, table.ForeignKeys);

    private string CreateTableStatement(TableSchema table, IEnumerable<ForeignKeySchema> foreignKeys)
    {
        List<ColumnSchema> keys = table.Columns.Where(c => c.PrimaryKey > 0).OrderBy(c => c.PrimaryKey).ToList();
        var lines = table.Columns.Select(c => ColumnDefinition(table, c)).ToList();
        if (keys.Count > 0)
            lines.Add("PRIMARY KEY (" + string.Join(", ", keys.Select(k => Identifier(k.Name))) + ")");
        lines.AddRange(foreignKeys.Select(ForeignKey));
        return "CREATE TABLE " + Identifier(table.Name) + " (\n    " + string.Join(",\n    ", lines) + "\n);";
    }

    /// <summary>
    /// A foreign key with its actions. DEFERRABLE INITIALLY IMMEDIATE: checked after each statement as in SQLite, and a
    /// transaction that loads tables whose keys form a cycle (<c>sqlitegen copy</c>) can defer the checks to its commit.
    /// </summary>
    internal string ForeignKey(ForeignKeySchema key)
    {
        var line = new StringBuilder();
        line.Append("FOREIGN KEY (").Append(Identifier(key.Column)).Append(") REFERENCES ")
            .Append(Identifier(key.Table)).Append(" (").Append(Identifier(key.TargetColumn)).Append(')');
        if (key.OnDelete != "NO ACTION")
            line.Append(" ON DELETE ").Append(key.OnDelete);
        if (key.OnUpdate != "NO ACTION")
            line.Append(" ON UPDATE ").Append(key.OnUpdate);
        return line.Append(" DEFERRABLE INITIALLY IMMEDIATE").ToString();
    }

    /// <summary>One column: type, identity for an AUTOINCREMENT key, NOT NULL, DEFAULT, collation, CHECK.</summary>
    public string ColumnDefinition(TableSchema table, ColumnSchema column)
    {
        var line = new StringBuilder();
        line.Append(Identifier(column.Name)).Append(' ').Append(ColumnType(column));
        // BY DEFAULT: an explicit id (a copied row) is accepted; the sequence is then moved past the largest.
        if (column.AutoIncrement)
            line.Append(" GENERATED BY DEFAULT AS IDENTITY");
        if (column.NotNull)
            line.Append(" NOT NULL");
        if (column.Default is { } defaultValue)
            line.Append(" DEFAULT ").Append(Default(table, column, defaultValue));
        if (IsText(column))
            line.Append(" COLLATE ").Append(IsNoCase(column.Collate) ? NoCaseCollation : "\"C\"");
        if (column.Check is { } check)
            line.Append(" CHECK (").Append(Fragment(table, check)).Append(')');
        return line.ToString();
    }

    private static bool IsNoCase(string? collate) => string.Equals(collate, "NOCASE", StringComparison.OrdinalIgnoreCase);

    internal string Default(TableSchema table, ColumnSchema column, string expression)
    {
        string trimmed = expression.Trim();
        if (IsBoolean(column))
        {
            if (trimmed == "0" || trimmed.Equals("FALSE", StringComparison.OrdinalIgnoreCase))
                return "false";
            if (trimmed == "1" || trimmed.Equals("TRUE", StringComparison.OrdinalIgnoreCase))
                return "true";
        }
        bool literal = trimmed.StartsWith("'", StringComparison.Ordinal) || trimmed.StartsWith("(", StringComparison.Ordinal)
            || double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            || trimmed.Equals("NULL", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("CURRENT_", StringComparison.OrdinalIgnoreCase);
        return literal ? Fragment(table, trimmed) : "(" + Fragment(table, trimmed) + ")";
    }

    /// <summary>A <c>CREATE [UNIQUE] INDEX</c>, partial with its WHERE.</summary>
    public string CreateIndex(TableSchema table, IndexSchema index)
    {
        string columns = string.Join(", ", index.Columns.Select(Identifier));
        string where = index.Where is { } predicate ? " WHERE " + Fragment(table, predicate) : "";
        return $"CREATE {(index.Unique ? "UNIQUE " : "")}INDEX {Identifier(index.Name)} ON {Identifier(table.Name)} ({columns}){where};";
    }

    /// <summary>A boolean column compared with 0 or 1 (<c>archived = 0</c>, <c>"done" IS 1</c>), in a fragment of SQLite SQL.</summary>
    private static readonly Regex s_booleanComparison = new(
        @"(?<column>""(?:[^""]|"""")+""|\b[A-Za-z_][A-Za-z0-9_]*)(?<operator>\s*(?:==|=|<>|!=)\s*|\s+IS\s+(?:NOT\s+)?)(?<value>[01])\b",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    /// <summary>A user's SQLite fragment for PostgreSQL: a boolean column compared with 0 or 1 is compared with false or true.</summary>
    public string Fragment(TableSchema table, string sql) => s_booleanComparison.Replace(sql, match =>
    {
        string written = match.Groups["column"].Value;
        string name = written.StartsWith("\"", StringComparison.Ordinal) ? written.Substring(1, written.Length - 2).Replace("\"\"", "\"") : written;
        ColumnSchema? column = table.Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
        if (column is null || !IsBoolean(column))
            return match.Value;
        string op = match.Groups["operator"].Value.Trim() == "==" ? " = " : match.Groups["operator"].Value;
        return written + op + (match.Groups["value"].Value == "1" ? "true" : "false");
    });

    /// <summary>
    /// Names PostgreSQL would change: it keeps the first 63 bytes of a name (NAMEDATALEN), so two long names could become one.
    /// Empty when every table, column and index name fits.
    /// </summary>
    public static IReadOnlyList<string> NameProblems(DatabaseSchema schema)
    {
        var problems = new List<string>();
        void Check(string what, string name)
        {
            if (Encoding.UTF8.GetByteCount(name) > 63)
                problems.Add($"{what} '{name}' is {Encoding.UTF8.GetByteCount(name)} bytes long; PostgreSQL keeps only the first 63 bytes of a name");
        }
        foreach (TableSchema table in schema.Tables)
        {
            Check("table", table.Name);
            foreach (ColumnSchema column in table.Columns)
                Check("column of " + table.Name, column.Name);
            foreach (IndexSchema index in table.Indexes)
                Check("index", index.Name);
        }
        return problems;
    }
}
