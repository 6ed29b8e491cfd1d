using System.Collections.Generic;
using System.Linq;
using SqliteGen.Generator.Model;
using SqliteGen.Generator.Schema;

namespace SqliteGen.Generator.Dialects.PostgreSql;

/// <summary>
/// Vector search on PostgreSQL (docs/postgresql.md, "Vector search on PostgreSQL"): the runtime's resident index
/// (<c>PostgreSqlVectorSearch</c>) is loaded from the <c>bytea</c> column by <see cref="VectorLoad"/> and kept current from
/// the change log the table's triggers write (<see cref="CreateVectorTriggers"/>, read by <see cref="VectorChanges"/>); a
/// filter's rows come from <see cref="VectorFilter"/>.
/// </summary>
internal sealed partial class PostgreSqlDialect
{
    /// <summary>The schema of the change log and its trigger function (shared by every schema of the database: tenants' too).</summary>
    public const string VectorLogSchema = "sqlitegen";

    /// <summary>The row trigger that logs each changed row's key.</summary>
    public const string VectorRowTrigger = "sqlitegen_vector_changes";

    /// <summary>The statement trigger that logs a TRUNCATE.</summary>
    public const string VectorTruncateTrigger = "sqlitegen_vector_truncate";

    /// <summary>
    /// The change log and its trigger function, made once per database (a block that tolerates another transaction making
    /// them at the same time). One row per changed row version's key (an update that changes the key: the old and the new
    /// key), written by the writer's own transaction (<c>xid</c>), so no two writers touch the same row. A row without a key
    /// is a TRUNCATE (reload) or a prune's mark (<c>horizon</c>: the entries below it were deleted). A writer prunes, one
    /// logged row in 1,024 on average: it deletes the table's entries below the newest mark's <c>next_horizon</c> (an
    /// earlier snapshot's xmin, so every search that ran since that mark keeps its deltas) and leaves a mark of its own.
    /// </summary>
    public string CreateVectorLog() => $$"""
        DO $setup$
        BEGIN
            CREATE SCHEMA IF NOT EXISTS {{VectorLogSchema}};
            CREATE TABLE IF NOT EXISTS {{VectorLogSchema}}.vector_changes (
                xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
                table_schema text NOT NULL,
                table_name text NOT NULL,
                row_key text[],
                horizon xid8,
                next_horizon xid8
            );
            -- CREATE INDEX IF NOT EXISTS would take the table's SHARE lock even when the index exists, and two
            -- transactions holding it and then logging a change (ROW EXCLUSIVE) deadlock: look the index up first.
            IF to_regclass('{{VectorLogSchema}}.vector_changes_by_table') IS NULL THEN
                CREATE INDEX vector_changes_by_table ON {{VectorLogSchema}}.vector_changes (table_schema, table_name, xid);
            END IF;
            IF to_regclass('{{VectorLogSchema}}.vector_changes_marks') IS NULL THEN
                CREATE INDEX vector_changes_marks ON {{VectorLogSchema}}.vector_changes (table_schema, table_name, xid) WHERE row_key IS NULL;
            END IF;
            IF to_regprocedure('{{VectorLogSchema}}.vector_changed()') IS NULL THEN
                CREATE FUNCTION {{VectorLogSchema}}.vector_changed() RETURNS trigger LANGUAGE plpgsql AS $changed$
                DECLARE
                    old_key text[];
                    new_key text[];
                    below xid8;
                BEGIN
                    IF TG_OP = 'TRUNCATE' THEN
                        INSERT INTO {{VectorLogSchema}}.vector_changes (table_schema, table_name) VALUES (TG_TABLE_SCHEMA, TG_TABLE_NAME);
                        RETURN NULL;
                    END IF;
                    IF TG_OP <> 'INSERT' THEN
                        SELECT array_agg(r.j ->> a.column_name ORDER BY a.n) INTO old_key FROM (SELECT to_jsonb(OLD) AS j) AS r, unnest(TG_ARGV) WITH ORDINALITY AS a(column_name, n);
                        INSERT INTO {{VectorLogSchema}}.vector_changes (table_schema, table_name, row_key) VALUES (TG_TABLE_SCHEMA, TG_TABLE_NAME, old_key);
                    END IF;
                    IF TG_OP <> 'DELETE' THEN
                        SELECT array_agg(r.j ->> a.column_name ORDER BY a.n) INTO new_key FROM (SELECT to_jsonb(NEW) AS j) AS r, unnest(TG_ARGV) WITH ORDINALITY AS a(column_name, n);
                        IF old_key IS DISTINCT FROM new_key THEN
                            INSERT INTO {{VectorLogSchema}}.vector_changes (table_schema, table_name, row_key) VALUES (TG_TABLE_SCHEMA, TG_TABLE_NAME, new_key);
                        END IF;
                    END IF;
                    IF random() < 1.0 / 1024 THEN
                        SELECT c.next_horizon INTO below FROM {{VectorLogSchema}}.vector_changes AS c
                        WHERE c.table_schema = TG_TABLE_SCHEMA AND c.table_name = TG_TABLE_NAME AND c.row_key IS NULL AND c.next_horizon IS NOT NULL
                        ORDER BY c.xid DESC LIMIT 1;
                        IF below IS NOT NULL THEN
                            DELETE FROM {{VectorLogSchema}}.vector_changes WHERE ctid = ANY (ARRAY(
                                SELECT c.ctid FROM {{VectorLogSchema}}.vector_changes AS c
                                WHERE c.table_schema = TG_TABLE_SCHEMA AND c.table_name = TG_TABLE_NAME AND c.xid < below
                                FOR UPDATE SKIP LOCKED));
                        END IF;
                        INSERT INTO {{VectorLogSchema}}.vector_changes (table_schema, table_name, horizon, next_horizon)
                        VALUES (TG_TABLE_SCHEMA, TG_TABLE_NAME, below, pg_snapshot_xmin(pg_current_snapshot()));
                    END IF;
                    RETURN NULL;
                END
                $changed$;
            END IF;
        EXCEPTION WHEN unique_violation OR duplicate_object OR duplicate_table OR duplicate_function OR duplicate_schema THEN
            NULL; -- another transaction made them meanwhile
        END
        $setup$;
        """;

    /// <summary>
    /// The triggers that log <paramref name="table"/>'s changes for the resident vector indexes (the row trigger is handed
    /// the key columns' names); null when the table has no vector column. Needs <see cref="CreateVectorLog"/> first.
    /// </summary>
    public string? CreateVectorTriggers(TableSchema table)
    {
        if (!table.Columns.Any(c => c.Kind == ColumnKinds.Vector))
            return null;
        string keys = string.Join(", ", table.Columns.Where(c => c.PrimaryKey > 0).OrderBy(c => c.PrimaryKey).Select(c => Literal(StoredName(c.Name))));
        string name = Identifier(table.Name);
        return $"CREATE TRIGGER {VectorRowTrigger} AFTER INSERT OR UPDATE OR DELETE ON {name} FOR EACH ROW EXECUTE FUNCTION {VectorLogSchema}.vector_changed({keys});\n"
            + $"CREATE TRIGGER {VectorTruncateTrigger} AFTER TRUNCATE ON {name} FOR EACH STATEMENT EXECUTE FUNCTION {VectorLogSchema}.vector_changed();";
    }

    /// <summary>Drops a table's change triggers (<see cref="CreateVectorTriggers"/>).</summary>
    public string DropVectorTriggers(string table) =>
        $"DROP TRIGGER IF EXISTS {VectorRowTrigger} ON {Identifier(table)};\nDROP TRIGGER IF EXISTS {VectorTruncateTrigger} ON {Identifier(table)};";

    /// <summary>Turns a table's row trigger off for a bulk copy into it (<see cref="ResumeVectorTriggers"/> after).</summary>
    public string SuspendVectorTriggers(string table) => $"ALTER TABLE {Identifier(table)} DISABLE TRIGGER {VectorRowTrigger};";

    /// <summary>Turns the row trigger on again and logs one reload of the table, so that every index of it loads again.</summary>
    public string ResumeVectorTriggers(string table) =>
        $"ALTER TABLE {Identifier(table)} ENABLE TRIGGER {VectorRowTrigger};\n"
        + $"INSERT INTO {VectorLogSchema}.vector_changes (table_schema, table_name) VALUES (current_schema(), {Literal(StoredName(table))});";

    /// <summary>
    /// What a search reads first: the snapshot's text, whether the transaction has an id, its isolation level, and whether
    /// the table's row trigger is in place and enabled (a database made before the triggers has none: its searches load).
    /// </summary>
    public string VectorSnapshot(EntityModel entity) =>
        "SELECT pg_current_snapshot()::text, pg_current_xact_id_if_assigned() IS NOT NULL, current_setting('transaction_isolation'), "
        + $"EXISTS (SELECT 1 FROM pg_catalog.pg_trigger WHERE tgrelid = to_regclass({Literal(Identifier(entity.TableName))}) AND tgname = '{VectorRowTrigger}' AND tgenabled <> 'D')";

    /// <summary>Every row's key columns and <paramref name="vector"/>, for the rows with a vector, in key order.</summary>
    public string VectorLoad(EntityModel entity, ColumnModel vector)
    {
        string keys = ColumnList(entity.KeyColumns());
        string column = Identifier(vector.ColumnName);
        return $"SELECT {keys}, {column} FROM {Identifier(entity.TableName)} WHERE {column} IS NOT NULL ORDER BY {keys}";
    }

    /// <summary>
    /// The changes to the table since the snapshot in <c>$1</c> (a <c>pg_snapshot</c>'s text): the log's entries of this
    /// schema's table that <c>$1</c> did not see, read through the log's index from <c>$1</c>'s xmin (every transaction
    /// below it had ended, so <c>$1</c> saw its entries), each changed key with the row's <paramref name="vector"/> now
    /// (NULL: deleted or without one), then a kind: <c>k</c> a key, <c>r</c> reload every row (a TRUNCATE, or a prune
    /// of entries <c>$1</c> had not seen), <c>o</c> the reading transaction's own entry, <c>p</c> a prune that removed
    /// nothing <c>$1</c> missed. Same columns as <see cref="VectorLoad"/> plus the kind.
    /// </summary>
    public string VectorChanges(EntityModel entity, ColumnModel vector)
    {
        List<ColumnModel> keys = entity.KeyColumns();
        string table = Identifier(entity.TableName);
        string Cast(ColumnModel key, int i) => $"(c.row_key[{i + 1}])::{TypeMapping.Of(key.Kind).PostgreSqlType}";
        string keyColumns = string.Join(", ", keys.Select((k, i) => Cast(k, i)));
        string match = string.Join(" AND ", keys.Select((k, i) => $"t.{Identifier(k.ColumnName)} = {Cast(k, i)}"));
        // The row is looked up by key per changed key (a subquery, so never a scan of the table, however the log's rows are estimated).
        string row = $"CASE WHEN c.kind = 'k' THEN (SELECT t.{Identifier(vector.ColumnName)} FROM {table} AS t WHERE {match}) END";
        return $"SELECT {keyColumns}, {row}, c.kind FROM ("
            + "SELECT DISTINCT c.row_key, CASE WHEN c.xid = pg_current_xact_id_if_assigned() THEN 'o' WHEN c.row_key IS NOT NULL THEN 'k' "
            + "WHEN c.next_horizon IS NULL OR c.horizon > pg_snapshot_xmin($1::pg_snapshot) THEN 'r' ELSE 'p' END AS kind "
            + $"FROM {VectorLogSchema}.vector_changes AS c WHERE c.table_schema = current_schema() AND c.table_name = {Literal(StoredName(entity.TableName))} "
            + "AND c.xid >= pg_snapshot_xmin($1::pg_snapshot) AND NOT pg_visible_in_snapshot(c.xid, $1::pg_snapshot)) AS c";
    }

    /// <summary>
    /// The keys of the rows with a vector whose <paramref name="filters"/> columns equal the parameters <c>$1</c>, <c>$2</c>…
    /// (in the filters' order); a NULL parameter sets no condition.
    /// </summary>
    public string VectorFilter(EntityModel entity, ColumnModel vector, IReadOnlyList<ColumnModel> filters)
    {
        string conditions = string.Concat(filters.Select((f, i) => $" AND ({Positional(i)} IS NULL OR {Identifier(f.ColumnName)} = {Positional(i)})"));
        return $"SELECT {ColumnList(entity.KeyColumns())} FROM {Identifier(entity.TableName)} WHERE {Identifier(vector.ColumnName)} IS NOT NULL{conditions}";
    }
}
