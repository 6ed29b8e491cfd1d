using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Npgsql;
using SqliteGen.Generator.Dialects.PostgreSql;
using SqliteGen.Generator.Schema;
using Xunit;

namespace SqliteGen.PostgreSql.Tests;

/// <summary>
/// The PostgreSQL DDL of the seeds' schemas, run on a real server; PostgreSQL's catalogue (information_schema,
/// pg_catalog) is the oracle for every column's type, nullability and identity, the keys, indexes (unique, partial),
/// CHECKs and foreign keys with their actions. Keyword and odd names (<c>order</c>, <c>select</c>, quotes, spaces) included.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DdlTests(PostgresServer server)
{
    /// <summary>The type information_schema reports for each kind: written here from PostgreSQL's documentation, not from the dialect.</summary>
    private static readonly Dictionary<string, string> s_expectedType = new()
    {
        ["bool"] = "boolean",
        ["sbyte"] = "smallint",
        ["byte"] = "smallint",
        ["short"] = "smallint",
        ["ushort"] = "integer",
        ["int"] = "integer",
        ["uint"] = "bigint",
        ["long"] = "bigint",
        ["ulong"] = "bigint",
        ["enum"] = "bigint",
        ["float"] = "real",
        ["double"] = "double precision",
        ["decimal"] = "numeric",
        ["string"] = "text",
        ["char"] = "text",
        ["enum-text"] = "text",
        ["bytes"] = "bytea",
        ["vector"] = "bytea",
        ["guid"] = "uuid",
        ["datetime"] = "timestamp with time zone",
        ["datetimeoffset"] = "timestamp with time zone",
        ["dateonly"] = "date",
        ["timeonly"] = "time without time zone",
        ["timespan"] = "interval",
        ["json"] = "jsonb",
    };

    public static TheoryData<string> Databases() => new(GeneratedSchemas.Databases);

    [Theory]
    [MemberData(nameof(Databases))]
    public void The_catalogue_reports_every_column_key_index_check_and_foreign_key_of_the_schema(string database)
    {
        DatabaseSchema schema = GeneratedSchemas.Of(database);
        using NpgsqlConnection connection = Catalog.Open(server.CreateDatabase());
        Create(connection, schema);

        // Every kind the schema uses has an expected type here (a new kind needs a line above).
        Assert.All(schema.Tables.SelectMany(t => t.Columns), c => Assert.True(c.Kind is not null && s_expectedType.ContainsKey(c.Kind), $"{c.Name}: kind {c.Kind}"));

        Assert.Equal(schema.Tables.Select(t => t.Name).OrderBy(n => n, StringComparer.Ordinal), Catalog.Tables(connection).OrderBy(n => n, StringComparer.Ordinal));

        List<Catalog.Column> columns = Catalog.Columns(connection);
        foreach (TableSchema table in schema.Tables)
        {
            Assert.Equal(table.Columns.Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal), columns.Where(c => c.Table == table.Name).Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal));
            foreach (ColumnSchema column in table.Columns)
            {
                Catalog.Column actual = columns.Single(c => c.Table == table.Name && c.Name == column.Name);
                string where = $"{table.Name}.{column.Name} ({column.Kind})";
                Assert.True(s_expectedType[column.Kind!] == actual.DataType, $"{where}: {actual.DataType}");
                Assert.True(column.NotNull == !actual.Nullable, $"{where}: nullable {actual.Nullable}");
                Assert.True(column.AutoIncrement == actual.Identity, $"{where}: identity {actual.Identity}");
                string? collation = actual.DataType != "text" ? null : column.Collate == "NOCASE" ? PostgreSqlDialect.NoCaseCollation : "C";
                Assert.True(collation == actual.Collation, $"{where}: collation {actual.Collation}");
            }
        }

        var keys = Catalog.PrimaryKeys(connection);
        foreach (TableSchema table in schema.Tables)
        {
            string[] expected = table.Columns.Where(c => c.PrimaryKey > 0).OrderBy(c => c.PrimaryKey).Select(c => c.Name).ToArray();
            Assert.Equal(expected, keys.Where(k => k.Table == table.Name).OrderBy(k => k.Position).Select(k => k.Column).ToArray());
        }

        List<Catalog.Index> indexes = Catalog.Indexes(connection);
        foreach (TableSchema table in schema.Tables)
        {
            // A table with [FullText] columns has its GIN index too: on an expression, so over no plain column.
            bool fullText = PostgreSqlDialect.FullTextColumns(table).Count > 0;
            Assert.Equal(table.Indexes.Select(i => i.Name).Concat(fullText ? [PostgreSqlDialect.FullTextIndexName(table.Name)] : []).OrderBy(n => n, StringComparer.Ordinal),
                indexes.Where(i => i.Table == table.Name && !i.Primary).Select(i => i.Name).OrderBy(n => n, StringComparer.Ordinal));
            if (fullText)
                Assert.Empty(indexes.Single(i => i.Name == PostgreSqlDialect.FullTextIndexName(table.Name)).Columns);
            foreach (IndexSchema index in table.Indexes)
            {
                Catalog.Index actual = indexes.Single(i => i.Name == index.Name);
                Assert.Equal(index.Columns.ToArray(), actual.Columns);
                Assert.Equal(index.Unique, actual.Unique);
                Assert.Equal(index.Where is not null, actual.Predicate is not null);
            }
        }

        List<Catalog.ForeignKey> foreignKeys = Catalog.ForeignKeys(connection);
        Assert.Equal(schema.Tables.Sum(t => t.ForeignKeys.Count), foreignKeys.Count);
        foreach (TableSchema table in schema.Tables)
        {
            foreach (ForeignKeySchema key in table.ForeignKeys)
            {
                Catalog.ForeignKey actual = foreignKeys.Single(f => f.Table == table.Name && f.Column == key.Column);
                Assert.Equal((key.Table, key.TargetColumn, key.OnDelete, key.OnUpdate), (actual.TargetTable, actual.TargetColumn, actual.OnDelete, actual.OnUpdate));
                Assert.True(actual.Deferrable);
            }
        }

        // One CHECK per clause of each column's CHECK (a vector's length and a user's own are two).
        var checks = Catalog.Checks(connection);
        foreach (TableSchema table in schema.Tables)
        {
            int expected = table.Columns.Where(c => c.Check is not null).Sum(c => 1 + CountOf(c.Check!, ") CHECK ("));
            Assert.True(expected == checks.Count(c => c.Table == table.Name), $"{table.Name}: {string.Join("; ", checks.Where(c => c.Table == table.Name).Select(c => c.Definition))}");
        }
    }

    [Fact]
    public void The_learning_schema_behaves_as_on_SQLite_identity_foreign_key_actions_checks_partial_index_and_collation()
    {
        using NpgsqlConnection connection = Catalog.Open(server.CreateDatabase());
        Create(connection, GeneratedSchemas.Of("LearningDb"));

        // The partial index's "archived = 0" compares a boolean with false on PostgreSQL.
        Catalog.Index live = Catalog.Indexes(connection).Single(i => i.Name == "ix_lessons_live_title");
        Assert.Equal("(archived = false)", live.Predicate);

        Execute(connection, "INSERT INTO users (user_id, email, name, created_at) VALUES ('0f8fad5b-d9cb-469f-a165-70867728950e', 'a@example.com', 'A', '2026-12-06 04:50:23.123456+00')");
        Execute(connection, "INSERT INTO syllabi (syllabus_id, user_id, topic, level, content) VALUES ('11111111-d9cb-469f-a165-70867728950e', '0f8fad5b-d9cb-469f-a165-70867728950e', 't', 'l', '{\"Title\": \"x\", \"Modules\": []}')");
        // Identity: the key is assigned; "archived" takes its default, false.
        Execute(connection, "INSERT INTO lessons (syllabus_id, position, title) VALUES ('11111111-d9cb-469f-a165-70867728950e', 1, 'Intro')");
        Execute(connection, "INSERT INTO lessons (syllabus_id, position, title) VALUES ('11111111-d9cb-469f-a165-70867728950e', 2, 'Next')");
        Assert.Equal(2, Catalog.Long(connection, "SELECT max(lesson_id) FROM lessons"));
        Assert.Equal(0, Catalog.Long(connection, "SELECT count(*) FROM lessons WHERE archived"));
        // NOCASE: the title compares case-insensitively.
        Assert.Equal(1, Catalog.Long(connection, "SELECT count(*) FROM lessons WHERE title = 'INTRO'"));
        // The unique index over (syllabus_id, position).
        var duplicate = Assert.Throws<PostgresException>(() => Execute(connection, "INSERT INTO lessons (syllabus_id, position, title) VALUES ('11111111-d9cb-469f-a165-70867728950e', 1, 'Again')"));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, duplicate.SqlState);
        // The user's CHECK (progress BETWEEN 0 AND 1).
        var check = Assert.Throws<PostgresException>(() => Execute(connection, "INSERT INTO enrollments (user_id, syllabus_id, progress, status) VALUES ('0f8fad5b-d9cb-469f-a165-70867728950e', '11111111-d9cb-469f-a165-70867728950e', 2, 1)"));
        Assert.Equal(PostgresErrorCodes.CheckViolation, check.SqlState);
        Execute(connection, "INSERT INTO enrollments (user_id, syllabus_id, progress, status) VALUES ('0f8fad5b-d9cb-469f-a165-70867728950e', '11111111-d9cb-469f-a165-70867728950e', 0.5, 1)");
        // A foreign key to nothing is refused.
        var orphan = Assert.Throws<PostgresException>(() => Execute(connection, "INSERT INTO lessons (syllabus_id, position, title) VALUES ('22222222-d9cb-469f-a165-70867728950e', 1, 'Orphan')"));
        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, orphan.SqlState);

        // ON DELETE SET NULL (syllabi.user_id) and CASCADE (enrollments, lessons).
        Execute(connection, "DELETE FROM users");
        Assert.Equal(1, Catalog.Long(connection, "SELECT count(*) FROM syllabi WHERE user_id IS NULL"));
        Assert.Equal(0, Catalog.Long(connection, "SELECT count(*) FROM enrollments"));
        Execute(connection, "DELETE FROM syllabi");
        Assert.Equal(0, Catalog.Long(connection, "SELECT count(*) FROM lessons"));
    }

    [Fact]
    public void Keyword_and_odd_names_are_quoted_and_kept_exactly()
    {
        using NpgsqlConnection connection = Catalog.Open(server.CreateDatabase());
        Create(connection, GeneratedSchemas.Of("OddNamesDb"));
        List<Catalog.Column> columns = Catalog.Columns(connection);
        Assert.Contains(columns, c => c.Table == "order" && c.Name == "select" && c.DataType == "text");
        Assert.Contains(columns, c => c.Table == "my \"quoted\" table" && c.Name == "a \"quoted\" col");
        Assert.Contains(columns, c => c.Table == "odd \\ place ü" && c.Name == "group");
        Assert.Contains(columns, c => c.Table == "order" && c.Name == "back\\slash" && c.DataType == "bytea");

        Execute(connection, "INSERT INTO \"order\" (id, \"select\", \"naïve ünïcode\") VALUES (1, 'x', 'y')");
        Assert.Equal(1, Catalog.Long(connection, "SELECT count(*) FROM \"order\" WHERE \"select\" = 'x'"));
        // The vector's CHECK: 3 float32 components are 12 bytes.
        var wrongLength = Assert.Throws<PostgresException>(() => Execute(connection, "INSERT INTO \"order\" (id, \"select\", \"naïve ünïcode\", \"back\\slash\") VALUES (2, 'x', 'y', '\\x00')"));
        Assert.Equal(PostgresErrorCodes.CheckViolation, wrongLength.SqlState);

        PostgreSqlDialect dialect = PostgreSqlDialect.Instance;
        Assert.Equal("\"order\"", dialect.Identifier("order"));
        Assert.Equal("\"user\"", dialect.Identifier("user")); // reserved in PostgreSQL, not in SQLite
        Assert.Equal("users", dialect.Identifier("users"));
    }

    [Fact]
    public void A_snapshot_without_kinds_gets_the_types_its_storage_classes_hold()
    {
        // The quick start's committed snapshot predates kinds: INTEGER is bigint, TEXT text.
        (DatabaseSchema? schema, _, string? error) = SnapshotJson.Read(File.ReadAllText(QuickStartSnapshot()));
        Assert.True(schema is not null, error);
        Assert.All(schema!.Tables.SelectMany(t => t.Columns), c => Assert.Null(c.Kind));
        using NpgsqlConnection connection = Catalog.Open(server.CreateDatabase());
        Create(connection, schema);
        List<Catalog.Column> columns = Catalog.Columns(connection);
        Assert.Equal(("bigint", true), columns.Where(c => c.Table == "notes" && c.Name == "note_id").Select(c => (c.DataType, c.Identity)).Single());
        Assert.Equal("text", columns.Single(c => c.Table == "users" && c.Name == "joined_at").DataType);
        Assert.Equal("bigint", columns.Single(c => c.Table == "notes" && c.Name == "pinned").DataType);
        // notes references users, declared after it: users is created first, and the key is part of notes' CREATE TABLE.
        Assert.Equal(("notes", "users", "CASCADE"), Catalog.ForeignKeys(connection).Select(f => (f.Table, f.TargetTable, f.OnDelete)).Single());
        Assert.Equal(new[] { "users", "notes" }, PostgreSqlDialect.DependencyOrder(schema).Select(t => t.Name));
        Assert.DoesNotContain(PostgreSqlDialect.Instance.CreateSchema(schema), s => s.StartsWith("ALTER TABLE", StringComparison.Ordinal));
    }

    [Fact]
    public void Tables_whose_foreign_keys_form_a_cycle_are_created_with_the_closing_key_added_last()
    {
        // SQLite accepts keys to tables created later; PostgreSQL needs the table first. Declared order: children first.
        (DatabaseSchema? schema, _, string? error) = SnapshotJson.Read("""
            {
              "database": "CycleDb",
              "version": 1,
              "tables": [
                { "name": "employees", "columns": [
                    { "name": "id", "type": "INTEGER", "kind": "long", "notNull": true, "primaryKey": 1 },
                    { "name": "team_id", "type": "INTEGER", "kind": "long" },
                    { "name": "mentor_id", "type": "INTEGER", "kind": "long" } ],
                  "indexes": [],
                  "foreignKeys": [
                    { "column": "team_id", "table": "teams", "targetColumn": "id", "onDelete": "SET NULL", "onUpdate": "NO ACTION" },
                    { "column": "mentor_id", "table": "employees", "targetColumn": "id", "onDelete": "NO ACTION", "onUpdate": "CASCADE" } ] },
                { "name": "teams", "columns": [
                    { "name": "id", "type": "INTEGER", "kind": "long", "notNull": true, "primaryKey": 1 },
                    { "name": "lead_id", "type": "INTEGER", "kind": "long" } ],
                  "indexes": [],
                  "foreignKeys": [
                    { "column": "lead_id", "table": "employees", "targetColumn": "id", "onDelete": "RESTRICT", "onUpdate": "NO ACTION" } ] }
              ]
            }
            """);
        Assert.True(schema is not null, error);
        // The cycle is broken in declared order: employees first, its key to teams added after teams exists.
        Assert.Equal(new[] { "employees", "teams" }, PostgreSqlDialect.DependencyOrder(schema!).Select(t => t.Name));
        Assert.Equal("ALTER TABLE employees ADD FOREIGN KEY (team_id) REFERENCES teams (id) ON DELETE SET NULL DEFERRABLE INITIALLY IMMEDIATE;",
            Assert.Single(PostgreSqlDialect.Instance.CreateSchema(schema!), s => s.StartsWith("ALTER TABLE", StringComparison.Ordinal)));
        using NpgsqlConnection connection = Catalog.Open(server.CreateDatabase());
        Create(connection, schema!);
        Assert.Equal(
            new[] { ("employees", "mentor_id", "employees", "NO ACTION", "CASCADE"), ("employees", "team_id", "teams", "SET NULL", "NO ACTION"), ("teams", "lead_id", "employees", "RESTRICT", "NO ACTION") },
            Catalog.ForeignKeys(connection).Select(f => (f.Table, f.Column, f.TargetTable, f.OnDelete, f.OnUpdate)).OrderBy(f => f.Table).ThenBy(f => f.Column).ToArray());
    }

    private static void Create(NpgsqlConnection connection, DatabaseSchema schema)
    {
        using NpgsqlTransaction transaction = connection.BeginTransaction();
        foreach (string statement in PostgreSqlDialect.Instance.CreateSchema(schema))
        {
            try
            {
                Execute(connection, statement);
            }
            catch (PostgresException error)
            {
                Assert.Fail($"PostgreSQL refused:\n{statement}\n{error.MessageText}");
            }
        }
        transaction.Commit();
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
            count++;
        return count;
    }

    private static string QuickStartSnapshot([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "samples", "QuickStart", "sqlitegen", "NotesDb.v1.json");
}
