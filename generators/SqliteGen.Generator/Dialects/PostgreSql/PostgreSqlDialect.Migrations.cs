using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using SqliteGen.Generator.Schema;

namespace SqliteGen.Generator.Dialects.PostgreSql;

/// <summary>
/// PostgreSQL's migration statements (<see cref="PostgreSqlStepWriter"/> decides which and in what order): native
/// <c>ALTER TABLE</c> for every change, never a table rebuild. Constraints and identity sequences are addressed by the
/// names PostgreSQL gives them in a fresh <c>CREATE TABLE</c> (<see cref="PrimaryKeyName"/>, <see cref="ForeignKeyName"/>,
/// <see cref="CheckNames"/>, <see cref="SequenceName"/>), and a step renames them when their table or column is renamed,
/// so a migrated database names them as a fresh one does.
/// </summary>
internal sealed partial class PostgreSqlDialect
{
    /// <summary>PostgreSQL's NAMEDATALEN - 1: the bytes of a name it keeps.</summary>
    private const int MaxNameBytes = 63;

    public string DropTable(string table) => $"DROP TABLE {Identifier(table)};";

    public string RenameTable(string from, string to) => $"ALTER TABLE {Identifier(from)} RENAME TO {Identifier(to)};";

    public string RenameColumn(string table, string from, string to) =>
        $"ALTER TABLE {Identifier(table)} RENAME COLUMN {Identifier(from)} TO {Identifier(to)};";

    /// <summary>Adds a column as <c>CREATE TABLE</c> declares it (type, identity, NOT NULL, DEFAULT filling the rows there, collation, CHECK).</summary>
    public string AddColumn(TableSchema table, ColumnSchema column) => $"ALTER TABLE {Identifier(table.Name)} ADD COLUMN {ColumnDefinition(table, column)};";

    public string DropColumn(string table, string column) => $"ALTER TABLE {Identifier(table)} DROP COLUMN {Identifier(column)};";

    public string DropIndex(string index) => $"DROP INDEX {Identifier(index)};";

    /// <summary>Drops a constraint by the name PostgreSQL stores (<see cref="StoredNameReference"/>).</summary>
    public string DropConstraint(string table, string constraint) => $"ALTER TABLE {Identifier(table)} DROP CONSTRAINT {StoredNameReference(constraint)};";

    public string RenameConstraint(string table, string from, string to) =>
        $"ALTER TABLE {Identifier(table)} RENAME CONSTRAINT {StoredNameReference(from)} TO {StoredNameReference(to)};";

    public string RenameSequence(string from, string to) => $"ALTER SEQUENCE {StoredNameReference(from)} RENAME TO {StoredNameReference(to)};";

    /// <summary>
    /// Changes a column's type (and collation, for text), converting every row: <paramref name="conversion"/> is the
    /// expression over the old column (<see cref="Conversion"/>).
    /// </summary>
    public string AlterColumnType(TableSchema table, ColumnSchema column, string conversion)
    {
        string collate = IsText(column) ? " COLLATE " + (string.Equals(column.Collate, "NOCASE", StringComparison.OrdinalIgnoreCase) ? NoCaseCollation : "\"C\"") : "";
        return $"ALTER TABLE {Identifier(table.Name)} ALTER COLUMN {Identifier(column.Name)} TYPE {ColumnType(column)}{collate} USING {conversion};";
    }

    /// <summary>
    /// The expression that converts a value of <paramref name="was"/> to <paramref name="column"/>'s type: an enum's number
    /// to its name and back (<c>CASE</c>), a boolean to 0 or 1 and back, otherwise PostgreSQL's cast.
    /// </summary>
    public string Conversion(ColumnSchema was, ColumnSchema column)
    {
        string c = Identifier(column.Name);
        string from = ColumnType(was);
        string to = ColumnType(column);
        if (to == "text" && column.EnumNames.Count > 0 && from != "text")
            return $"CASE {c}" + string.Concat(column.EnumNames.Select(n => $" WHEN {n.Number} THEN {Literal(n.Text)}")) + " END";
        if (from == "text" && was.EnumNames.Count > 0 && to != "text")
            return $"CASE {c}" + string.Concat(was.EnumNames.Select(n => $" WHEN {Literal(n.Text)} THEN {n.Number}")) + $" END::{to}";
        if (from == "boolean" && to != "text")
            return $"CASE WHEN {c} THEN 1 ELSE 0 END::{to}";
        if (to == "boolean" && from is "smallint" or "integer" or "bigint" or "real" or "double precision" or "numeric")
            return $"{c} <> 0";
        return $"{c}::{to}";
    }

    public string SetNotNull(string table, string column) => $"ALTER TABLE {Identifier(table)} ALTER COLUMN {Identifier(column)} SET NOT NULL;";

    public string DropNotNull(string table, string column) => $"ALTER TABLE {Identifier(table)} ALTER COLUMN {Identifier(column)} DROP NOT NULL;";

    /// <summary>Fills a column's NULLs with its DEFAULT (before it becomes NOT NULL, as SQLite's rebuild fills them).</summary>
    public string FillWithDefault(string table, string column) =>
        $"UPDATE {Identifier(table)} SET {Identifier(column)} = DEFAULT WHERE {Identifier(column)} IS NULL;";

    public string SetDefault(TableSchema table, ColumnSchema column) =>
        $"ALTER TABLE {Identifier(table.Name)} ALTER COLUMN {Identifier(column.Name)} SET DEFAULT {Default(table, column, column.Default!)};";

    public string DropDefault(string table, string column) => $"ALTER TABLE {Identifier(table)} ALTER COLUMN {Identifier(column)} DROP DEFAULT;";

    /// <summary>
    /// Makes a column an identity column (an AUTOINCREMENT key), its sequence continuing after the largest id the rows
    /// hold, as SQLite's counter does for a table rebuilt with AUTOINCREMENT.
    /// </summary>
    public IReadOnlyList<string> AddIdentity(string table, string column) => new[]
    {
        $"ALTER TABLE {Identifier(table)} ALTER COLUMN {Identifier(column)} ADD GENERATED BY DEFAULT AS IDENTITY;",
        $"SELECT setval(pg_get_serial_sequence({Literal(Identifier(table))}, {Literal(StoredName(column))}), coalesce(max({Identifier(column)}), 0) + 1, false) FROM {Identifier(table)};",
    };

    public string DropIdentity(string table, string column) => $"ALTER TABLE {Identifier(table)} ALTER COLUMN {Identifier(column)} DROP IDENTITY;";

    /// <summary>The primary key, named by PostgreSQL as in <c>CREATE TABLE</c> (<see cref="PrimaryKeyName"/>).</summary>
    public string AddPrimaryKey(TableSchema table) =>
        $"ALTER TABLE {Identifier(table.Name)} ADD PRIMARY KEY ({string.Join(", ", table.Columns.Where(c => c.PrimaryKey > 0).OrderBy(c => c.PrimaryKey).Select(c => Identifier(c.Name)))});";

    /// <summary>A foreign key added to an existing table, named by PostgreSQL as in <c>CREATE TABLE</c> (<see cref="ForeignKeyName"/>).</summary>
    public string AddForeignKey(string table, ForeignKeySchema key) => $"ALTER TABLE {Identifier(table)} ADD {ForeignKey(key)};";

    /// <summary>One clause of a column's CHECK under the name a fresh <c>CREATE TABLE</c> gives it.</summary>
    public string AddCheck(TableSchema table, string name, string clause) =>
        $"ALTER TABLE {Identifier(table.Name)} ADD CONSTRAINT {StoredNameReference(name)} CHECK ({Fragment(table, clause)});";

    public string CreateNoCaseCollation() =>
        $"CREATE COLLATION IF NOT EXISTS {NoCaseCollation} (provider = icu, locale = 'und-u-ks-level2', deterministic = false);";

    public string DropNoCaseCollation() => $"DROP COLLATION IF EXISTS {NoCaseCollation};";

    /// <summary>Whether a column uses the NOCASE collation (<see cref="NoCaseCollation"/> on PostgreSQL).</summary>
    public bool UsesNoCase(ColumnSchema column) => IsText(column) && string.Equals(column.Collate, "NOCASE", StringComparison.OrdinalIgnoreCase);

    /// <summary>A name as PostgreSQL stores it, written so that it is read back exactly (quoted unless bare and lower case).</summary>
    public string StoredNameReference(string stored) =>
        Identifier(stored) == stored && stored == stored.ToLowerInvariant() ? stored : "\"" + stored.Replace("\"", "\"\"") + "\"";

    /// <summary>The name PostgreSQL gives a table's primary key (and its index): <c>&lt;table&gt;_pkey</c>.</summary>
    public string PrimaryKeyName(string table) => ObjectName(StoredName(table), null, "pkey");

    /// <summary>The name PostgreSQL gives a one-column foreign key: <c>&lt;table&gt;_&lt;column&gt;_fkey</c>.</summary>
    public string ForeignKeyName(string table, string column) => ObjectName(StoredName(table), StoredName(column), "fkey");

    /// <summary>The name of an identity column's sequence: <c>&lt;table&gt;_&lt;column&gt;_seq</c>.</summary>
    public string SequenceName(string table, string column) => ObjectName(StoredName(table), StoredName(column), "seq");

    /// <summary>The clauses of a column's CHECK (the user's own and its kind's are two: <c>a) CHECK (b</c>).</summary>
    public static IReadOnlyList<string> CheckClauses(ColumnSchema column) =>
        column.Check is { } check ? check.Split(new[] { ") CHECK (" }, StringSplitOptions.None) : Array.Empty<string>();

    /// <summary>
    /// Every CHECK clause of the table, in the order <c>CREATE TABLE</c> declares them, with the name PostgreSQL gives it
    /// there: <c>&lt;table&gt;_&lt;column&gt;_check</c> when the clause names exactly one column, <c>&lt;table&gt;_check</c>
    /// otherwise, a number appended to a name already taken (as PostgreSQL's ChooseConstraintName does).
    /// </summary>
    public IReadOnlyList<(ColumnSchema Column, int Clause, string Name)> CheckNames(TableSchema table)
    {
        var names = new List<(ColumnSchema, int, string)>();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (ColumnSchema column in table.Columns)
        {
            IReadOnlyList<string> clauses = CheckClauses(column);
            for (int i = 0; i < clauses.Count; i++)
            {
                List<string> named = ColumnsNamedIn(table, clauses[i]);
                string? single = named.Count == 1 ? StoredName(named[0]) : null;
                string name = ObjectName(StoredName(table.Name), single, "check");
                for (int pass = 1; !taken.Add(name); pass++)
                    name = ObjectName(StoredName(table.Name), single, "check" + pass);
                names.Add((column, i, name));
            }
        }
        return names;
    }

    /// <summary>The table's columns a SQL fragment names (string literals skipped), each once, in the table's order.</summary>
    private List<string> ColumnsNamedIn(TableSchema table, string sql)
    {
        var words = new List<(string Text, bool Quoted)>();
        for (int i = 0; i < sql.Length;)
        {
            char c = sql[i];
            if (c == '\'')
            {
                for (i++; i < sql.Length; i++)
                {
                    if (sql[i] == '\'' && (i + 1 >= sql.Length || sql[i + 1] != '\''))
                        break;
                    if (sql[i] == '\'')
                        i++;
                }
                i++;
            }
            else if (c == '"')
            {
                var word = new StringBuilder();
                for (i++; i < sql.Length; i++)
                {
                    if (sql[i] == '"' && (i + 1 >= sql.Length || sql[i + 1] != '"'))
                        break;
                    if (sql[i] == '"')
                        i++;
                    word.Append(sql[i]);
                }
                i++;
                words.Add((word.ToString(), true));
            }
            else if (char.IsLetter(c) || c == '_')
            {
                int start = i;
                while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] == '_'))
                    i++;
                words.Add((sql.Substring(start, i - start), false));
            }
            else
            {
                i++;
            }
        }
        // A bare word folds to lower case in PostgreSQL, so it names a column whose stored name is that; a quoted one is exact.
        return table.Columns
            .Where(column => words.Any(w => w.Quoted ? w.Text == StoredName(column.Name) : w.Text.ToLowerInvariant() == StoredName(column.Name)))
            .Select(column => column.Name)
            .ToList();
    }

    /// <summary>
    /// PostgreSQL's makeObjectName: <c>name1_name2_label</c> within 63 bytes, the longer of the two names shortened first
    /// (on a character boundary).
    /// </summary>
    private static string ObjectName(string name1, string? name2, string label)
    {
        int overhead = (name2 is null ? 0 : 1) + label.Length + 1;
        int available = MaxNameBytes - overhead;
        int bytes1 = Encoding.UTF8.GetByteCount(name1);
        int bytes2 = name2 is null ? 0 : Encoding.UTF8.GetByteCount(name2);
        while (bytes1 + bytes2 > available)
        {
            if (bytes1 > bytes2)
                bytes1--;
            else
                bytes2--;
        }
        string first = ClipBytes(name1, bytes1);
        return name2 is null ? first + "_" + label : first + "_" + ClipBytes(name2, bytes2) + "_" + label;
    }

    /// <summary>The longest prefix of <paramref name="name"/> of at most <paramref name="bytes"/> UTF-8 bytes that ends on a character.</summary>
    private static string ClipBytes(string name, int bytes)
    {
        int used = 0;
        int end = 0;
        while (end < name.Length)
        {
            int length = char.IsHighSurrogate(name[end]) && end + 1 < name.Length ? 2 : 1;
            int size = Encoding.UTF8.GetByteCount(name.Substring(end, length));
            if (used + size > bytes)
                break;
            used += size;
            end += length;
        }
        return name.Substring(0, end);
    }
}
