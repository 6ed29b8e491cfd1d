// Corpus look-alike of GraphManipulation (code search):GraphManipulation/Vacuuming/Vacuumer.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Linq;

namespace GraphManipulation.Vacuuming;

public sealed record StoragePolicy(string Table, string Column, string Condition, int RetentionDays);

public class Vacuumer
{
    private readonly SqliteQueryExecutor _executor;

    public Vacuumer(SqliteQueryExecutor executor) => _executor = executor;

    public IEnumerable<string> GenerateUpdateStatements(IEnumerable<StoragePolicy> policies) =>
        policies.Select(p => $"UPDATE {p.Table} SET {p.Column} = NULL WHERE {p.Condition};");

    public void Execute(IEnumerable<StoragePolicy> policies)
    {
        foreach (string statement in GenerateUpdateStatements(policies))
            _executor.Execute(statement);
    }

    public void ForgetSubject(string table, string subjectId)
    {
        _executor.Execute($"DELETE FROM {table} WHERE subject_id = '{subjectId}'"); // expect: SQLG301
    }

    public void ExpireOlderThan(StoragePolicy policy, DateTime now)
    {
        var cutoff = now.AddDays(-policy.RetentionDays).ToString("yyyy-MM-dd");
        _executor.Execute($"UPDATE {policy.Table} SET {policy.Column} = NULL WHERE created < '{cutoff}'"); // expect: SQLG301
    }
}
