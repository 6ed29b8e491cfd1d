using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Npgsql;
using SqliteGen.Generator.Dialects.PostgreSql;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Schema;
using Xunit;

namespace SqliteGen.PostgreSql.Tests;

/// <summary>
/// What PostgreSQL's catalogue says the public schema holds, one line per fact, sorted: the oracle that a migrated database
/// equals a fresh one. Columns (information_schema: type, nullability, default, collation, identity), relations by kind
/// and name (tables, indexes, sequences), every constraint by name with PostgreSQL's own definition
/// (<c>pg_get_constraintdef</c>: keys, CHECKs, foreign keys with actions and deferrability), every index's definition
/// (<c>pg_get_indexdef</c>), every trigger's (<c>pg_get_triggerdef</c>: a vector table's change triggers), identity
/// sequences with their type, and the schema's collations. Column order is left out:
/// PostgreSQL appends added columns and cannot move one. The migration history table is left out (a fresh schema has none).
/// </summary>
internal static class MigrationCatalog
{
    private const string History = "sqlitegen_migrations";

    public static List<string> Describe(NpgsqlConnection connection)
    {
        var facts = new List<string>();
        facts.AddRange(Lines(connection, """
            SELECT format('relation %s %s', c.relkind, c.relname)
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'i', 'S')
            """));
        facts.AddRange(Lines(connection, """
            SELECT format('column %s.%s %s nullable=%s default=%s collation=%s identity=%s', table_name, column_name, data_type,
                          is_nullable, column_default, collation_name, identity_generation)
            FROM information_schema.columns WHERE table_schema = 'public'
            """));
        facts.AddRange(Lines(connection, """
            SELECT format('constraint %s.%s %s %s', t.relname, c.conname, c.contype, pg_catalog.pg_get_constraintdef(c.oid))
            FROM pg_catalog.pg_constraint c
            JOIN pg_catalog.pg_class t ON t.oid = c.conrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = 'public'
            """));
        facts.AddRange(Lines(connection, """
            SELECT format('index %s', pg_catalog.pg_get_indexdef(i.indexrelid))
            FROM pg_catalog.pg_index i
            JOIN pg_catalog.pg_class t ON t.oid = i.indrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = 'public'
            """));
        facts.AddRange(Lines(connection, """
            SELECT format('sequence %s.%s %s %s', table_name, column_name,
                          pg_catalog.pg_get_serial_sequence(quote_ident(table_name), column_name),
                          (SELECT s.seqtypid::regtype::text FROM pg_catalog.pg_sequence s
                           WHERE s.seqrelid = pg_catalog.pg_get_serial_sequence(quote_ident(table_name), column_name)::regclass))
            FROM information_schema.columns WHERE table_schema = 'public' AND is_identity = 'YES'
            """));
        facts.AddRange(Lines(connection, """
            SELECT format('trigger %s', pg_catalog.pg_get_triggerdef(g.oid))
            FROM pg_catalog.pg_trigger g
            JOIN pg_catalog.pg_class t ON t.oid = g.tgrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = 'public' AND NOT g.tgisinternal
            """));
        facts.AddRange(Lines(connection, """
            SELECT format('collation %s deterministic=%s', c.collname, c.collisdeterministic)
            FROM pg_catalog.pg_collation c JOIN pg_catalog.pg_namespace n ON n.oid = c.collnamespace
            WHERE n.nspname = 'public'
            """));
        return facts.Where(f => !f.Contains(History, StringComparison.Ordinal)).OrderBy(f => f, StringComparer.Ordinal).ToList();
    }

    /// <summary>A fresh database at <paramref name="schema"/> (the dialect's CREATE statements), described.</summary>
    public static List<string> Fresh(PostgresServer server, DatabaseSchema schema)
    {
        using NpgsqlConnection connection = Catalog.Open(server.CreateDatabase());
        using (NpgsqlTransaction transaction = connection.BeginTransaction())
        {
            foreach (string statement in PostgreSqlDialect.Instance.CreateSchema(schema))
                Execute(connection, statement);
            transaction.Commit();
        }
        return Describe(connection);
    }

    /// <summary>Every row of every table of <paramref name="schema"/>: per table, each row's columns as text (in the schema's order), sorted.</summary>
    public static Dictionary<string, List<string>> Rows(NpgsqlConnection connection, DatabaseSchema schema, Func<TableSchema, ColumnSchema, bool>? include = null)
    {
        PostgreSqlDialect dialect = PostgreSqlDialect.Instance;
        var rows = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (TableSchema table in schema.Tables)
        {
            List<ColumnSchema> columns = table.Columns.Where(c => include?.Invoke(table, c) ?? true).ToList();
            string list = columns.Count == 0 ? "''" : string.Join(" || '|' || ", columns.Select(c => $"coalesce({dialect.Identifier(c.Name)}::text, 'NULL')"));
            rows[table.Name] = Lines(connection, $"SELECT {list} FROM {dialect.Identifier(table.Name)}").OrderBy(r => r, StringComparer.Ordinal).ToList();
        }
        return rows;
    }

    /// <summary>
    /// Three rows in every table of <paramref name="schema"/> (parents first): row i holds i in every key and foreign-key
    /// column, so each reference finds its parent, and a value of each column's kind that its CHECK and enum accept.
    /// </summary>
    public static void Seed(NpgsqlConnection connection, DatabaseSchema schema)
    {
        PostgreSqlDialect dialect = PostgreSqlDialect.Instance;
        // Keys checked at the commit, so tables whose keys form a cycle can be filled too.
        using NpgsqlTransaction transaction = connection.BeginTransaction();
        Execute(connection, dialect.DeferConstraints());
        foreach (TableSchema table in PostgreSqlDialect.DependencyOrder(schema))
        {
            for (int i = 1; i <= 3; i++)
            {
                // Each value as text of no declared type: PostgreSQL reads it as the column's type.
                string columns = string.Join(", ", table.Columns.Select(c => dialect.Identifier(c.Name)));
                string markers = string.Join(", ", table.Columns.Select((_, p) => "@p" + p.ToString(CultureInfo.InvariantCulture)));
                using var command = new NpgsqlCommand($"INSERT INTO {dialect.Identifier(table.Name)} ({columns}) OVERRIDING SYSTEM VALUE VALUES ({markers})", connection);
                int p = 0;
                foreach (ColumnSchema column in table.Columns)
                    command.Parameters.Add(new NpgsqlParameter("p" + (p++).ToString(CultureInfo.InvariantCulture), NpgsqlTypes.NpgsqlDbType.Unknown) { Value = Value(table, column, i) });
                command.ExecuteNonQuery();
            }
            // Identity sequences past the ids given, as sqlitegen copy leaves them.
            foreach (ColumnSchema column in table.Columns.Where(c => c.AutoIncrement))
            {
                using var reset = new NpgsqlCommand(dialect.ResetIdentity(table, column), connection);
                reset.Parameters.AddWithValue("next", 4L);
                reset.ExecuteNonQuery();
            }
        }
        transaction.Commit();
    }

    private static string Value(TableSchema table, ColumnSchema column, int i)
    {
        string n = i.ToString(CultureInfo.InvariantCulture);
        string type = PostgreSqlDialect.Instance.ColumnType(column);
        if (column.PrimaryKey > 0 || table.ForeignKeys.Any(k => k.Column == column.Name))
            return type == "uuid" ? "00000000-0000-0000-0000-00000000000" + n : n;
        if (column.EnumNames.Count > 0)
        {
            EnumName name = column.EnumNames[i % column.EnumNames.Count];
            return type == "text" ? name.Text : name.Number;
        }
        return type switch
        {
            "boolean" => i % 2 == 0 ? "true" : "false",
            "smallint" or "integer" or "bigint" => (i * 10).ToString(CultureInfo.InvariantCulture),
            "real" or "double precision" or "numeric" => n + ".5",
            "uuid" => "10000000-0000-0000-0000-00000000000" + n,
            "timestamptz" => $"2026-12-0{n} 04:50:23.123456+00",
            "date" => $"2026-12-0{n}",
            "time" => $"04:50:2{n}",
            "interval" => $"{n} hours",
            "jsonb" => $"{{\"n\": {n}}}",
            "bytea" => column.Check is { } check && System.Text.RegularExpressions.Regex.Match(check, @"length\([^)]*\) = (\d+)") is { Success: true } length
                ? "\\x" + string.Concat(Enumerable.Repeat("0" + n, int.Parse(length.Groups[1].Value, CultureInfo.InvariantCulture)))
                : "\\x0" + n,
            _ => "text " + n,
        };
    }

    public static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        try
        {
            command.ExecuteNonQuery();
        }
        catch (PostgresException error)
        {
            Assert.Fail($"PostgreSQL refused:\n{sql}\n{error.MessageText} {error.Detail}");
        }
    }

    private static List<string> Lines(NpgsqlConnection connection, string sql)
    {
        var lines = new List<string>();
        using var command = new NpgsqlCommand(sql, connection);
        using NpgsqlDataReader reader = command.ExecuteReader();
        while (reader.Read())
            lines.Add(reader.GetString(0));
        return lines;
    }
}
