// Corpus look-alike of DHSIntegrationAgent (code search):Infrastructure/Persistence/Sqlite/OutboxRepository.cs (pattern only): the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Linq;

namespace DHSIntegrationAgent.Infrastructure.Persistence.Sqlite;

internal sealed class OutboxRepository : SqliteRepositoryBase
{
    public OutboxRepository(DbConnection conn, DbTransaction tx) : base(conn, tx) { }

    public int MarkSent(IReadOnlyList<long> ids, DateTimeOffset at)
    {
        var names = ids.Select((_, i) => "$id" + i).ToArray();
        using var cmd = CreateCommand("UPDATE outbox SET sent_utc = $at WHERE id IN (" + string.Join(",", names) + ")");
        var at_ = cmd.CreateParameter();
        at_.ParameterName = "$at";
        at_.Value = at.ToUnixTimeMilliseconds();
        cmd.Parameters.Add(at_);
        for (int i = 0; i < ids.Count; i++)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = names[i];
            p.Value = ids[i];
            cmd.Parameters.Add(p);
        }
        return cmd.ExecuteNonQuery();
    }

    public int PurgeOlderThan(int days)
    {
        using var cmd = CreateCommand($"DELETE FROM outbox WHERE sent_utc < strftime('%s','now','-{days} days') * 1000"); // expect: SQLG301
        return cmd.ExecuteNonQuery();
    }

    public int Requeue(string status)
    {
        using var cmd = CreateCommand("UPDATE outbox SET attempts = 0, status = '" + status + "'"); // expect: SQLG301
        return cmd.ExecuteNonQuery();
    }
}
