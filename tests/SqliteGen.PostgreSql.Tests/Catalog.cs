using System.Collections.Generic;
using Npgsql;

namespace SqliteGen.PostgreSql.Tests;

/// <summary>What PostgreSQL's own catalogue (information_schema, pg_catalog) says a database holds: the oracle of the DDL tests.</summary>
internal static class Catalog
{
    public sealed record Column(string Table, string Name, string DataType, bool Nullable, bool Identity, string? Collation);

    public sealed record Index(string Table, string Name, bool Unique, bool Primary, string[] Columns, string? Predicate);

    public sealed record ForeignKey(string Table, string Column, string TargetTable, string TargetColumn, string OnDelete, string OnUpdate, bool Deferrable);

    public static List<Column> Columns(NpgsqlConnection connection) => Rows(connection,
        "SELECT table_name, column_name, data_type, is_nullable, is_identity, collation_name FROM information_schema.columns WHERE table_schema = 'public'",
        r => new Column(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3) == "YES", r.GetString(4) == "YES", r.IsDBNull(5) ? null : r.GetString(5)));

    /// <summary>Primary key columns by table, in key order.</summary>
    public static List<(string Table, string Column, int Position)> PrimaryKeys(NpgsqlConnection connection) => Rows(connection,
        """
        SELECT tc.table_name, kcu.column_name, kcu.ordinal_position
        FROM information_schema.table_constraints tc
        JOIN information_schema.key_column_usage kcu
          ON kcu.constraint_schema = tc.constraint_schema AND kcu.constraint_name = tc.constraint_name AND kcu.table_name = tc.table_name
        WHERE tc.table_schema = 'public' AND tc.constraint_type = 'PRIMARY KEY'
        """,
        r => (r.GetString(0), r.GetString(1), r.GetInt32(2)));

    public static List<Index> Indexes(NpgsqlConnection connection) => Rows(connection,
        """
        SELECT t.relname, i.relname, ix.indisunique, ix.indisprimary,
               ARRAY(SELECT a.attname::text FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, n)
                     JOIN pg_catalog.pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum ORDER BY k.n),
               pg_catalog.pg_get_expr(ix.indpred, ix.indrelid)
        FROM pg_catalog.pg_index ix
        JOIN pg_catalog.pg_class i ON i.oid = ix.indexrelid
        JOIN pg_catalog.pg_class t ON t.oid = ix.indrelid
        JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = 'public'
        """,
        r => new Index(r.GetString(0), r.GetString(1), r.GetBoolean(2), r.GetBoolean(3), r.GetFieldValue<string[]>(4), r.IsDBNull(5) ? null : r.GetString(5)));

    public static List<ForeignKey> ForeignKeys(NpgsqlConnection connection) => Rows(connection,
        """
        SELECT t.relname, a.attname::text, rt.relname, ra.attname::text, c.confdeltype::text, c.confupdtype::text, c.condeferrable
        FROM pg_catalog.pg_constraint c
        JOIN pg_catalog.pg_class t ON t.oid = c.conrelid
        JOIN pg_catalog.pg_class rt ON rt.oid = c.confrelid
        JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        JOIN pg_catalog.pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = c.confkey[1]
        JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
        WHERE c.contype = 'f' AND n.nspname = 'public'
        """,
        r => new ForeignKey(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), Action(r.GetString(4)), Action(r.GetString(5)), r.GetBoolean(6)));

    /// <summary>The CHECK constraints by table: their definitions as PostgreSQL prints them.</summary>
    public static List<(string Table, string Definition)> Checks(NpgsqlConnection connection) => Rows(connection,
        """
        SELECT t.relname, pg_catalog.pg_get_constraintdef(c.oid)
        FROM pg_catalog.pg_constraint c
        JOIN pg_catalog.pg_class t ON t.oid = c.conrelid
        JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
        WHERE c.contype = 'c' AND n.nspname = 'public'
        """,
        r => (r.GetString(0), r.GetString(1)));

    /// <summary>pg_constraint's action letters as SQL says them.</summary>
    private static string Action(string letter) => letter switch
    {
        "a" => "NO ACTION",
        "r" => "RESTRICT",
        "c" => "CASCADE",
        "n" => "SET NULL",
        "d" => "SET DEFAULT",
        _ => "? " + letter,
    };

    public static List<string> Tables(NpgsqlConnection connection) => Rows(connection,
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name", r => r.GetString(0));

    public static long Long(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        return System.Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static List<T> Rows<T>(NpgsqlConnection connection, string sql, System.Func<NpgsqlDataReader, T> read)
    {
        var rows = new List<T>();
        using var command = new NpgsqlCommand(sql, connection);
        using NpgsqlDataReader reader = command.ExecuteReader();
        while (reader.Read())
            rows.Add(read(reader));
        return rows;
    }

    public static NpgsqlConnection Open(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        return connection;
    }
}
