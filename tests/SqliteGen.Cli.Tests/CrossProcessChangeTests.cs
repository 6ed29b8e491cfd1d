using System;
using SqliteGen.Runtime;
using Xunit;

namespace SqliteGen.Cli.Tests;

/// <summary>
/// The tenant key filter (a layered read's "the tenant has no such row", docs/tenancy.md) must notice a commit made by
/// another process: it reads SQLite's shared wal-index, which every process's commit rewrites. Here the other process
/// is the <c>sqlitegen</c> tool importing a row into the file the filter watches.
/// </summary>
public sealed class CrossProcessChangeTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public void A_row_another_process_commits_is_seen_by_the_key_filter_at_the_next_read()
    {
        string path = _folder.File("alice.db");
        using SqliteConnectionPool pool = SqliteConnectionPool.Open(path);
        using (ConnectionLease writer = pool.RentWriter())
        {
            writer.Connection.ExecuteNonQuery("CREATE TABLE patterns (id INTEGER PRIMARY KEY, text TEXT NOT NULL)");
            writer.Connection.ExecuteNonQuery("INSERT INTO patterns (id, text) VALUES (1, 'own')");
        }
        var keys = TenantKeyFilter<long>.For(pool, "patterns", new Statement("SELECT id FROM patterns"), static row => row.GetInt64(0));
        Assert.True(keys.MayContain(1));
        Assert.False(keys.MayContain(5)); // the set is built and says: no row 5

        string input = _folder.Write("row.ndjson", "{\"id\": 5, \"text\": \"from another process\"}\n");
        CliResult import = ProcessTests.RunProcess("import", path, "patterns", input);
        Assert.Equal(0, import.ExitCode);

        Assert.True(keys.MayContain(5), "a commit by another process must retire the key set");
        Assert.False(keys.MayContain(6));
    }
}
