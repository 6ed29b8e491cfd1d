using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Schema;

namespace SqliteGen.Generator.Dialects.PostgreSql;

/// <summary>
/// The row statements of the generated PostgreSQL repositories. Parameters are positional (<c>$1</c>, <c>$2</c>, ...),
/// numbered as each method says, and the generated code binds them in that order:
/// <list type="bullet">
/// <item><see cref="Insert"/>: <see cref="InsertColumns"/> in order.</item>
/// <item><see cref="Upsert"/> and <see cref="Update"/>: every column, in the entity's order (each is used).</item>
/// <item><see cref="Delete"/> and <see cref="SelectByKey"/>: the key columns in key order.</item>
/// <item><see cref="SelectByIndex"/>: the index's members in index order.</item>
/// </list>
/// </summary>
internal sealed partial class PostgreSqlDialect
{
    /// <summary>The columns an INSERT writes, in the order of its parameters: every column but a key the database assigns.</summary>
    public static IReadOnlyList<ColumnModel> InsertColumns(EntityModel entity) => entity.Columns.Where(c => !c.GeneratedKey).ToList();

    /// <summary>
    /// The INSERT of one row. A key the database assigns is left out: an <c>AutoIncrement</c> key is an identity column; a
    /// <c>Generated</c> one (a plain key on PostgreSQL, <see cref="NeedsKeyLock"/>) is the largest key plus one, as SQLite
    /// assigns a rowid, computed under <see cref="LockGeneratedKey"/>. <paramref name="returningKey"/> returns it.
    /// </summary>
    public string Insert(EntityModel entity, bool returningKey)
    {
        IReadOnlyList<ColumnModel> columns = InsertColumns(entity);
        var names = columns.Select(c => Identifier(c.ColumnName)).ToList();
        var values = columns.Select((_, i) => Positional(i)).ToList();
        ColumnModel? key = GeneratedKey(entity);
        if (key is not null && !key.AutoIncrement)
        {
            names.Insert(0, Identifier(key.ColumnName));
            values.Insert(0, $"(SELECT coalesce(max({Identifier(key.ColumnName)}), 0) + 1 FROM {Identifier(entity.TableName)})");
        }
        string sql = $"INSERT INTO {Identifier(entity.TableName)} ({string.Join(", ", names)}) VALUES ({string.Join(", ", values)})";
        return returningKey && key is not null ? sql + " RETURNING " + Identifier(key.ColumnName) : sql;
    }

    /// <summary>
    /// The INSERT of rows whose values are all parameters, up to its values (<c>INSERT INTO t (a, b) VALUES </c>): the
    /// head of InsertMany's multi-row INSERT, whose rows bind <see cref="InsertColumns"/> in order. Not for a table whose
    /// INSERT computes its key (<see cref="NeedsKeyLock"/>).
    /// </summary>
    public string InsertHead(EntityModel entity) =>
        $"INSERT INTO {Identifier(entity.TableName)} ({ColumnList(InsertColumns(entity))}) VALUES ";

    /// <summary>
    /// The binary COPY of the same columns as <see cref="InsertHead"/>, in the same order (<c>COPY t (a, b) FROM STDIN
    /// (FORMAT BINARY)</c>): how InsertMany sends a large list. A column left out (an identity key) takes its default, as
    /// in the INSERT.
    /// </summary>
    public string CopyIn(EntityModel entity) =>
        $"COPY {Identifier(entity.TableName)} ({ColumnList(InsertColumns(entity))}) FROM STDIN (FORMAT BINARY)";

    /// <summary>Whether an INSERT computes the key from the table's rows (a <c>Generated</c> key that is not <c>AutoIncrement</c>), and so takes <see cref="LockGeneratedKey"/> first.</summary>
    public static bool NeedsKeyLock(EntityModel entity) => GeneratedKey(entity) is { AutoIncrement: false };

    /// <summary>
    /// The lock an INSERT that computes its key takes first, in the same transaction: a transaction-scoped advisory lock of
    /// the table, so two inserts never compute the same key; each sees the rows the one before it committed.
    /// </summary>
    public string LockGeneratedKey(EntityModel entity) =>
        $"SELECT pg_advisory_xact_lock({LockKey("sqlitegen-key:" + entity.TableName).ToString(CultureInfo.InvariantCulture)})";

    /// <summary>
    /// The upsert of one row, every column given. Into an <c>AutoIncrement</c> table (an identity column) the row's key is
    /// written as given, and the identity's sequence is moved up to it when it is behind, in the same statement, so a later
    /// <c>Insert</c> never meets that key, as SQLite's <c>AUTOINCREMENT</c> counter moves past an explicit key. The sequence is
    /// only ever raised: such upserts take <see cref="LockIdentity"/> first, so two of them never lower it.
    /// </summary>
    public string Upsert(EntityModel entity)
    {
        List<ColumnModel> others = entity.Columns.Where(c => !c.IsPrimaryKey).ToList();
        string insert = $"INSERT INTO {Identifier(entity.TableName)} ({ColumnList(entity.Columns)}) VALUES ({string.Join(", ", entity.Columns.Select((_, i) => Positional(i)))})";
        string action = others.Count == 0
            ? "DO NOTHING"
            : "DO UPDATE SET " + string.Join(", ", others.Select(c => Identifier(c.ColumnName) + " = excluded." + Identifier(c.ColumnName)));
        string upsert = $"{insert} ON CONFLICT ({ColumnList(entity.KeyColumns())}) {action}";
        if (GeneratedKey(entity) is not { AutoIncrement: true } key)
            return upsert;
        string column = Identifier(key.ColumnName);
        // pg_get_serial_sequence takes the table as SQL names it (quoted if need be) and the column's name as it is.
        string sequence = $"pg_get_serial_sequence({StringLiteral(Identifier(entity.TableName))}, {StringLiteral(key.ColumnName)})";
        return $"WITH upserted AS ({upsert} RETURNING {column}) "
            + $"SELECT setval({sequence}, {column}) FROM upserted WHERE {column} > coalesce(pg_sequence_last_value({sequence}::regclass), 0)";
    }

    /// <summary>Whether an upsert can move an identity's sequence (<see cref="Upsert"/>), and so takes <see cref="LockIdentity"/> first.</summary>
    public static bool NeedsIdentityLock(EntityModel entity) => GeneratedKey(entity) is { AutoIncrement: true };

    /// <summary>
    /// The lock an upsert into an <c>AutoIncrement</c> table takes first, in the same transaction: a transaction-scoped
    /// advisory lock of the table's identity, so the check and the <c>setval</c> of two upserts never interleave.
    /// </summary>
    public string LockIdentity(EntityModel entity) =>
        $"SELECT pg_advisory_xact_lock({LockKey("sqlitegen-identity:" + entity.TableName).ToString(CultureInfo.InvariantCulture)})";

    private static string StringLiteral(string text) => "'" + text.Replace("'", "''") + "'";

    /// <summary>Null when every column is part of the key (nothing to update).</summary>
    public string? Update(EntityModel entity)
    {
        var position = entity.Columns.Select((c, i) => (c, i)).ToDictionary(p => p.c.MemberName, p => p.i);
        List<ColumnModel> others = entity.Columns.Where(c => !c.IsPrimaryKey).ToList();
        if (others.Count == 0)
            return null;
        string set = string.Join(", ", others.Select(c => Identifier(c.ColumnName) + " = " + Positional(position[c.MemberName])));
        string where = string.Join(" AND ", entity.KeyColumns().Select(k => Identifier(k.ColumnName) + " = " + Positional(position[k.MemberName])));
        return $"UPDATE {Identifier(entity.TableName)} SET {set} WHERE {where}";
    }

    public string Delete(EntityModel entity) => $"DELETE FROM {Identifier(entity.TableName)} WHERE {KeyCondition(entity)}";

    public string SelectAll(EntityModel entity) => $"SELECT {ColumnList(entity.Columns)} FROM {Identifier(entity.TableName)}";

    public string SelectByKey(EntityModel entity) => $"{SelectAll(entity)} WHERE {KeyCondition(entity)}";

    public string Count(EntityModel entity) => $"SELECT count(*) FROM {Identifier(entity.TableName)}";

    /// <summary>
    /// Where <paramref name="read"/> (<see cref="SelectAll"/>, <see cref="SelectByKey"/>, <see cref="SelectByIndex"/> or
    /// <see cref="Count"/> of <paramref name="entity"/>) names the table: the single <c>FROM</c> of each ends with the
    /// table's name, and a tenant's read puts the tenant's schema there (one qualified statement, no <c>search_path</c>).
    /// </summary>
    public int TableAt(EntityModel entity, string read)
    {
        string head = read.StartsWith(SelectAll(entity), StringComparison.Ordinal) ? SelectAll(entity) : Count(entity);
        return head.Length - Identifier(entity.TableName).Length;
    }

    /// <summary>
    /// The rows of an index's values. A nullable member matches NULL to NULL, as SQLite's <c>IS</c> does, written so that
    /// PostgreSQL still uses the index for a value (<c>$1 IS NULL</c> is false when planned with one). A partial index's
    /// WHERE follows, as <see cref="Fragment"/> carries it over.
    /// </summary>
    public string SelectByIndex(EntityModel entity, TableSchema table, IndexModel index)
    {
        string condition = string.Join(" AND ", index.Members.Select(m => entity.Columns.First(c => c.MemberName == m)).Select((c, i) =>
        {
            string column = Identifier(c.ColumnName);
            string parameter = Positional(i);
            return c.IsNullable ? $"({column} = {parameter} OR ({parameter} IS NULL AND {column} IS NULL))" : $"{column} = {parameter}";
        }));
        if (index.Where is { } where)
            condition += " AND (" + Fragment(table, where) + ")";
        return $"{SelectAll(entity)} WHERE {condition}";
    }

    private static ColumnModel? GeneratedKey(EntityModel entity)
    {
        List<ColumnModel> keys = entity.KeyColumns();
        return keys.Count == 1 && keys[0].GeneratedKey ? keys[0] : null;
    }

    private string ColumnList(IEnumerable<ColumnModel> columns) => string.Join(", ", columns.Select(c => Identifier(c.ColumnName)));

    private string KeyCondition(EntityModel entity) =>
        string.Join(" AND ", entity.KeyColumns().Select((k, i) => Identifier(k.ColumnName) + " = " + Positional(i)));

    /// <summary>The positional parameter of 0-based <paramref name="index"/>: <c>$1</c> for 0.</summary>
    private static string Positional(int index) => "$" + (index + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>A 64-bit FNV-1a hash: a stable advisory-lock key for a name.</summary>
    private static long LockKey(string name)
    {
        ulong hash = 14695981039346656037UL;
        foreach (char c in name)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        return unchecked((long)hash);
    }
}
