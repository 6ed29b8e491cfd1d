using System.Linq;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Schema;

namespace SqliteGen.Generator.Dialects.PostgreSql;

/// <summary>The statements <c>sqlitegen copy</c> runs on the PostgreSQL side: what is there, the binary COPY, the identity reset, the read-back.</summary>
internal sealed partial class PostgreSqlDialect
{
    /// <summary>The tables (plain and partitioned) of the connection's current schema, one <c>name</c> per row.</summary>
    public string SelectTables() =>
        "SELECT c.relname AS name FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        + "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY c.relname";

    /// <summary>Drops a table and whatever depends on it (foreign keys of other tables to it).</summary>
    public string DropTableIfExists(string table) => $"DROP TABLE IF EXISTS {Identifier(table)} CASCADE;";

    /// <summary>Defers the deferrable foreign keys to the commit, so rows can be loaded in any order within the transaction.</summary>
    public string DeferConstraints() => "SET CONSTRAINTS ALL DEFERRED;";

    /// <summary>The binary COPY that loads every column of <paramref name="table"/>, in schema order.</summary>
    public string CopyIn(TableSchema table) =>
        $"COPY {Identifier(table.Name)} ({string.Join(", ", table.Columns.Select(c => Identifier(c.Name)))}) FROM STDIN (FORMAT BINARY)";

    /// <summary>Every row of <paramref name="table"/>, every column in schema order (the read-back that is checked).</summary>
    public string SelectAll(TableSchema table) =>
        $"SELECT {string.Join(", ", table.Columns.Select(c => Identifier(c.Name)))} FROM {Identifier(table.Name)}";

    /// <summary>
    /// Moves an identity column's sequence so the next generated id is <c>@next</c> (the parameter): past every copied id
    /// and past the largest id SQLite ever handed out for the table (its <c>sqlite_sequence</c>).
    /// </summary>
    public string ResetIdentity(TableSchema table, ColumnSchema column) =>
        $"SELECT setval(pg_get_serial_sequence({Literal(Identifier(table.Name))}, {Literal(StoredName(column.Name))}), @next, false)";

    /// <summary>The history table <c>sqlitegen copy</c> carries over with the rows: the versions the file went through.</summary>
    public static TableSchema HistoryTable(string name) => new(
        name,
        EquatableArray<string>.Empty,
        new[]
        {
            new ColumnSchema("version", EquatableArray<string>.Empty, "INTEGER", true, 1, false, null, null, null, Kind: ColumnKinds.Int32),
            new ColumnSchema("checksum", EquatableArray<string>.Empty, "TEXT", true, 0, false, null, null, null, Kind: ColumnKinds.String),
            new ColumnSchema("applied_at", EquatableArray<string>.Empty, "TEXT", true, 0, false, null, null, null, Kind: ColumnKinds.String),
            new ColumnSchema("how", EquatableArray<string>.Empty, "TEXT", true, 0, false, null, null, null, Kind: ColumnKinds.String),
        }.ToEquatableArray(),
        EquatableArray<IndexSchema>.Empty,
        EquatableArray<ForeignKeySchema>.Empty,
        EquatableArray<CompanionSchema>.Empty);
}
