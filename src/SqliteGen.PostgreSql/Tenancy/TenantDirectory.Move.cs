using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace SqliteGen.PostgreSql.Tenancy;

public sealed partial class TenantDirectory
{
    /// <summary>
    /// Moves <paramref name="tenantId"/> to <paramref name="toServer"/>: marks the row <c>moving</c>, blocks the tenant's
    /// writes on the source, copies schema and rows (binary COPY out of the source into the target's staging schema, in
    /// one transaction on the target) and verifies row counts and checksums each server computes, retires the source copy
    /// under another name, renames the target's copy to the live name and switches the directory row (the commit point),
    /// and only then drops the retired copy. A crash or error at any step leaves the tenant whole on exactly one server;
    /// <see cref="LocateAsync"/> or <see cref="RecoverAsync"/> then finishes or undoes the move (docs/tenancy.md, "What a
    /// kill leaves").
    /// </summary>
    /// <exception cref="TenantNotPlacedException">The tenant is not placed.</exception>
    /// <exception cref="TenantPlacementException">The copy did not verify; the move was undone.</exception>
    public async Task<TenantLocation> MoveAsync(string tenantId, string toServer, CancellationToken cancellationToken = default)
    {
        TenantFiles.Validate(tenantId);
        _ = _servers[toServer];
        bool stoppedByObserver = false;
        try
        {
            return await MoveCoreAsync(tenantId, toServer, () => stoppedByObserver = true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!stoppedByObserver)
        {
            // Leave no half-done move behind when this process can still clean up (a crash leaves it to recovery).
            try
            {
                await RecoverAsync(tenantId, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // recovery runs again on the next lookup of the tenant
            }
            throw;
        }
    }

    private async Task<TenantLocation> MoveCoreAsync(string tenantId, string toServer, Action stoppedByObserver, CancellationToken cancellationToken)
    {
        Invalidate(tenantId);
        await using NpgsqlConnection directory = await OpenDirectoryAsync(tenantId, cancellationToken).ConfigureAwait(false);
        await LockMoverAsync(directory, tenantId, cancellationToken).ConfigureAwait(false);
        try
        {
            return await MoveLockedAsync(directory, tenantId, toServer, stoppedByObserver, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Explicitly: a pooled connection is reset only when next used, and would keep holding the lock meanwhile.
            await UnlockMoverAsync(directory, tenantId).ConfigureAwait(false);
        }
    }

    private async Task<TenantLocation> MoveLockedAsync(NpgsqlConnection directory, string tenantId, string toServer, Action stoppedByObserver,
        CancellationToken cancellationToken)
    {
        DirectoryRow? row = await RecoverLockedAsync(directory, tenantId, cancellationToken).ConfigureAwait(false);
        if (row is null || row.State != Active)
            throw new TenantNotPlacedException(tenantId);
        if (row.Server == toServer)
            return new TenantLocation(tenantId, row.Server, row.Schema, row.Epoch);
        string from = row.Server;
        long epoch = row.Epoch;
        int key = TenantSchemaNames.LockKey(tenantId);

        async ValueTask StepAsync(TenantMoveStep step)
        {
            if (_options.AfterMoveStep is null)
                return;
            try
            {
                await _options.AfterMoveStep(tenantId, step).ConfigureAwait(false);
            }
            catch
            {
                stoppedByObserver();
                throw;
            }
        }

        await ExecuteAsync(directory, null, """
            UPDATE sqlitegen_tenants SET state = 'moving', move_to = $2 WHERE tenant_id = $1 AND epoch = $3 AND state = 'active'
            """, cancellationToken, tenantId, toServer, epoch).ConfigureAwait(false);
        await StepAsync(TenantMoveStep.Marked).ConfigureAwait(false);

        // A session lock: released by the server if this process dies, so a crash never leaves the tenant blocked.
        await using NpgsqlConnection source = await OpenAsync(from, tenantId, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(source, null, "SELECT pg_advisory_lock($1, $2)", cancellationToken, WriteLockClass, key).ConfigureAwait(false);
        try
        {
            await StepAsync(TenantMoveStep.WritesBlocked).ConfigureAwait(false);
            await CopyRetireAndSwitchAsync(directory, source, tenantId, from, toServer, epoch, StepAsync, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Writers waiting on the source go on: after the switch they find its copy retired and look the tenant up again.
            await UnlockAsync(source, WriteLockClass, key).ConfigureAwait(false);
        }

        await RemoveRetiredAsync(directory, tenantId, from, TenantSchemaNames.Retired(tenantId, epoch), cancellationToken).ConfigureAwait(false);
        await StepAsync(TenantMoveStep.Removed).ConfigureAwait(false);
        return new TenantLocation(tenantId, toServer, TenantSchemaNames.Live(tenantId), epoch + 1);
    }

    /// <summary>
    /// Steps 3 to 5 of a move, with the source's write lock held. The copy is made under the staging name and takes the
    /// live name only in step 5, after the source's copy is retired: a schema of the live name exists only where the
    /// directory places the tenant, or where it is about to with the same rows while the tenant's writes are blocked.
    /// </summary>
    private async Task CopyRetireAndSwitchAsync(NpgsqlConnection directory, NpgsqlConnection source, string tenantId, string from, string toServer,
        long epoch, Func<TenantMoveStep, ValueTask> afterStep, CancellationToken cancellationToken)
    {
        string schema = TenantSchemaNames.Live(tenantId);
        string staging = TenantSchemaNames.Staging(tenantId, epoch + 1);
        string retired = TenantSchemaNames.Retired(tenantId, epoch);

        // The schema as the source has it: the DDL, or the steps up to the version the source is at (stable: migrations
        // take the write lock this mover holds).
        IReadOnlyList<string> ddl = _migrations is null
            ? _ddl
            : _migrations.SchemaDdl(tenantId, from, await TenantSchemaMigrations.ReadVersionAsync(source, schema, cancellationToken).ConfigureAwait(false));
        NpgsqlConnection target;
        try
        {
            target = await OpenAsync(toServer, tenantId, cancellationToken).ConfigureAwait(false);
        }
        catch (TenantServerUnavailableException e)
        {
            throw new TenantServerUnavailableException(tenantId, toServer,
                $"Moving tenant '{tenantId}' from server '{from}' to '{toServer}': server '{toServer}' cannot be reached ({e.InnerException!.Message}). The move is undone; the tenant stays on '{from}'.",
                e.InnerException);
        }
        await using (target)
        {
            await using NpgsqlTransaction transaction = await target.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            // A schema of the live name on the target is not the tenant's (the directory places it on the source): a copy
            // an older build's interrupted move left there. It goes, so step 5's rename finds the name free.
            await ExecuteAsync(target, transaction, "DROP SCHEMA IF EXISTS " + TenantSchemaNames.Quote(schema) + " CASCADE", cancellationToken).ConfigureAwait(false);
            await CreateSchemaAsync(target, transaction, tenantId, staging, toServer, epoch + 1, ddl, cancellationToken).ConfigureAwait(false);
            await CopyAndVerifyAsync(source, target, transaction, tenantId, schema, staging, from, toServer, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        await afterStep(TenantMoveStep.Copied).ConfigureAwait(false);

        await using (NpgsqlTransaction transaction = await source.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            await ExecuteAsync(source, transaction, "ALTER SCHEMA " + TenantSchemaNames.Quote(schema) + " RENAME TO " + TenantSchemaNames.Quote(retired),
                cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(source, transaction, "COMMENT ON SCHEMA " + TenantSchemaNames.Quote(retired) + " IS "
                + TenantSchemaNames.Literal(TenantSchemaNames.RetiredMark(tenantId, epoch, toServer)), cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        await afterStep(TenantMoveStep.Retired).ConfigureAwait(false);

        await SwitchAsync(directory, tenantId, from, toServer, epoch, TenantSchemaNames.RetiredMark(tenantId, epoch, toServer), cancellationToken).ConfigureAwait(false);
        Invalidate(tenantId);
        await afterStep(TenantMoveStep.Switched).ConfigureAwait(false);
    }

    /// <summary>
    /// Step 5, after the source's copy was retired (its mark now <paramref name="sourceMark"/>): first, on the target, the
    /// copy marked with the next epoch renamed from its staging name to the live name (nothing when the live name carries
    /// that mark already: a switch interrupted after the rename); then the directory row switched to the target with the
    /// next epoch, the retired copy recorded for removal. Between retirement and switch the tenant's readers get
    /// <see cref="TenantBusyException"/> and its writes are blocked, so the live name on the target holds what the source held.
    /// </summary>
    /// <exception cref="TenantPlacementException">The target has no copy with the next epoch's mark under either name.</exception>
    private async Task SwitchAsync(NpgsqlConnection directory, string tenantId, string from, string to, long epoch, string? sourceMark,
        CancellationToken cancellationToken)
    {
        string live = TenantSchemaNames.Live(tenantId);
        string staging = TenantSchemaNames.Staging(tenantId, epoch + 1);
        string copyMark = TenantSchemaNames.LiveMark(tenantId, epoch + 1);
        await using (NpgsqlConnection target = await OpenAsync(to, tenantId, cancellationToken).ConfigureAwait(false))
        {
            string? liveMark = await ReadMarkAsync(target, live, cancellationToken).ConfigureAwait(false);
            if (liveMark != copyMark)
            {
                string? stagingMark = await ReadMarkAsync(target, staging, cancellationToken).ConfigureAwait(false);
                if (stagingMark != copyMark)
                    throw new TenantPlacementException(tenantId,
                        $"Tenant '{tenantId}': an interrupted move from server '{from}' to '{to}' left no live copy on '{from}' ({Described(sourceMark)}) and no verified copy on '{to}' (schema '{staging}': {Described(stagingMark)}; schema '{live}': {Described(liveMark)}; expected mark '{copyMark}'). Look for schema '{TenantSchemaNames.Retired(tenantId, epoch)}' on '{from}'.");
                await ExecuteAsync(target, null, "ALTER SCHEMA " + TenantSchemaNames.Quote(staging) + " RENAME TO " + TenantSchemaNames.Quote(live), cancellationToken)
                    .ConfigureAwait(false);
            }
        }
        await ExecuteAsync(directory, null, """
            UPDATE sqlitegen_tenants
            SET server_name = $2, schema_name = $3, epoch = $4 + 1, state = 'active', move_to = NULL,
                retired_server = $5, retired_schema = $6, moved_at = now()
            WHERE tenant_id = $1 AND epoch = $4 AND state = 'moving'
            """, cancellationToken, tenantId, to, live, epoch, from, TenantSchemaNames.Retired(tenantId, epoch)).ConfigureAwait(false);

        static string Described(string? mark) => mark is null ? "no such schema" : "mark '" + mark + "'";
    }

    /// <summary>Drops the retired copy (only a schema marked as this tenant's retired copy) and clears its record.</summary>
    private async Task RemoveRetiredAsync(NpgsqlConnection directory, string tenantId, string server, string retired, CancellationToken cancellationToken)
    {
        string prefix = "sqlitegen tenant " + tenantId + " retired at epoch ";
        await DropSchemaAsync(server, tenantId, retired, mark => mark is not null && mark.StartsWith(prefix, StringComparison.Ordinal), cancellationToken)
            .ConfigureAwait(false);
        await ExecuteAsync(directory, null, """
            UPDATE sqlitegen_tenants SET retired_server = NULL, retired_schema = NULL WHERE tenant_id = $1 AND retired_schema = $2
            """, cancellationToken, tenantId, retired).ConfigureAwait(false);
    }

    /// <summary>
    /// Copies every table of <paramref name="sourceSchema"/> from <paramref name="source"/> into the same tables of
    /// <paramref name="targetSchema"/> in the target's transaction (parents before children, generated columns left to
    /// the target), sets the sequences, and compares each table's row count and order-independent checksum as each server
    /// computes them, each in its own schema.
    /// </summary>
    private static async Task CopyAndVerifyAsync(NpgsqlConnection source, NpgsqlConnection target, NpgsqlTransaction transaction, string tenantId,
        string sourceSchema, string targetSchema, string from, string to, CancellationToken cancellationToken)
    {
        // Both sides render rows to text the same way for the checksums.
        const string Settings = """
            SELECT set_config('TimeZone', 'UTC', $1), set_config('DateStyle', 'ISO, YMD', $1), set_config('IntervalStyle', 'postgres', $1),
                   set_config('extra_float_digits', '3', $1), set_config('bytea_output', 'hex', $1)
            """;
        await ExecuteAsync(source, null, Settings, cancellationToken, false).ConfigureAwait(false);
        await ExecuteAsync(target, transaction, Settings, cancellationToken, true).ConfigureAwait(false);
        List<(string Table, string Columns)> tables = await TablesInCopyOrderAsync(source, sourceSchema, cancellationToken).ConfigureAwait(false);
        string quotedSource = TenantSchemaNames.Quote(sourceSchema);
        string quotedTarget = TenantSchemaNames.Quote(targetSchema);
        foreach ((string table, string columns) in tables)
        {
            string quotedTable = "." + TenantSchemaNames.Quote(table) + " (" + columns + ")";
            await using (NpgsqlRawCopyStream output = await source.BeginRawBinaryCopyAsync("COPY " + quotedSource + quotedTable + " TO STDOUT (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
            await using (NpgsqlRawCopyStream input = await target.BeginRawBinaryCopyAsync("COPY " + quotedTarget + quotedTable + " FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
            {
                await output.CopyToAsync(input, cancellationToken).ConfigureAwait(false);
            }
        }
        // Sequences (serial and identity columns) continue where the source's left off.
        var sequences = new List<(string Name, long Value)>();
        await using (var command = new NpgsqlCommand("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = $1 AND last_value IS NOT NULL", source))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = sourceSchema });
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                sequences.Add((reader.GetString(0), reader.GetInt64(1)));
        }
        foreach ((string sequence, long value) in sequences)
            await ExecuteAsync(target, transaction, "SELECT setval($1::regclass, $2, true)", cancellationToken, quotedTarget + "." + TenantSchemaNames.Quote(sequence), value).ConfigureAwait(false);
        foreach ((string table, _) in tables)
        {
            const string Checksum = "SELECT count(*), coalesce(sum(('x' || substr(md5(sqlitegen_checksum_row::text), 1, 16))::bit(64)::bigint::numeric), 0)::text FROM ";
            string quotedTable = "." + TenantSchemaNames.Quote(table) + " AS sqlitegen_checksum_row";
            (long Rows, string Sum) expected = await ChecksumAsync(source, null, Checksum + quotedSource + quotedTable, cancellationToken).ConfigureAwait(false);
            (long Rows, string Sum) actual = await ChecksumAsync(target, transaction, Checksum + quotedTarget + quotedTable, cancellationToken).ConfigureAwait(false);
            if (expected != actual)
                throw new TenantPlacementException(tenantId,
                    $"Moving tenant '{tenantId}' from server '{from}' to '{to}': table '{table}' did not verify ({expected.Rows} rows, checksum {expected.Sum} on '{from}'; {actual.Rows} rows, checksum {actual.Sum} on '{to}'). The move was undone; the tenant stays on '{from}'.");
        }
    }

    private static async Task<(long, string)> ChecksumAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return (reader.GetInt64(0), reader.GetString(1));
    }

    /// <summary>The schema's tables with their copyable columns (quoted, in column order), referenced tables first.</summary>
    private static async Task<List<(string Table, string Columns)>> TablesInCopyOrderAsync(NpgsqlConnection source, string schema, CancellationToken cancellationToken)
    {
        var columns = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand("""
            SELECT c.relname, a.attname FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
            WHERE n.nspname = $1 AND c.relkind = 'r'
            ORDER BY c.relname, a.attnum
            """, source))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = schema });
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                string table = reader.GetString(0);
                if (!columns.TryGetValue(table, out List<string>? list))
                    columns[table] = list = new List<string>();
                list.Add(TenantSchemaNames.Quote(reader.GetString(1)));
            }
        }
        var parents = columns.Keys.ToDictionary(t => t, _ => new SortedSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand("""
            SELECT child.relname, parent.relname FROM pg_constraint k
            JOIN pg_class child ON child.oid = k.conrelid
            JOIN pg_class parent ON parent.oid = k.confrelid
            JOIN pg_namespace n ON n.oid = child.relnamespace
            WHERE k.contype = 'f' AND n.nspname = $1 AND parent.relnamespace = child.relnamespace AND parent.oid <> child.oid
            """, source))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = schema });
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (parents.TryGetValue(reader.GetString(0), out SortedSet<string>? set))
                    set.Add(reader.GetString(1));
            }
        }
        var ordered = new List<(string, string)>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        while (done.Count < columns.Count)
        {
            // A cycle of foreign keys has no order: its tables go in name order (the copy then fails and says which).
            string next = columns.Keys.FirstOrDefault(t => !done.Contains(t) && parents[t].All(p => done.Contains(p) || !columns.ContainsKey(p)))
                ?? columns.Keys.First(t => !done.Contains(t));
            done.Add(next);
            ordered.Add((next, string.Join(", ", columns[next])));
        }
        return ordered;
    }
}
