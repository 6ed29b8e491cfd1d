// Corpus look-alike of smikelson75/SqlExecute:SqlExecute.Tests/Engine/Sqlite/SqliteRepositoryTests/SqliteRepositoryTests.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Data.SQLite;
using System.Threading.Tasks;
using SqlExecute.Engine.Sqlite;

namespace SqlExecute.Tests.Engine.Sqlite
{
    public sealed class SqliteRepositoryTests
    {
        public async Task Loads_rows_into_a_new_table()
        {
            using var repository = new SqliteRepository(new SQLiteConnection("Data Source=:memory:"));
            await repository.OpenAsync();
            await repository.ExecuteNonQueryAsync("CREATE TABLE people (name TEXT, age INTEGER)", new Dictionary<string, object?>());
            long loaded = await repository.LoadTableAsync("people", new[] { "name", "age" }, new[] { new object?[] { "Ada", 36 }, new object?[] { "Alan", 41 } });
            if (loaded != 2 || await repository.CountAsync("people") != 2)
                throw new InvalidOperationException("expected two rows");
        }

        public async Task Binds_named_parameters()
        {
            using var repository = new SqliteRepository(new SQLiteConnection("Data Source=:memory:"));
            await repository.OpenAsync();
            await repository.ExecuteNonQueryAsync("CREATE TABLE t (v TEXT)", new Dictionary<string, object?>());
            int changed = await repository.ExecuteNonQueryAsync("INSERT INTO t (v) VALUES (@v)", new Dictionary<string, object?> { ["v"] = "x" });
            if (changed != 1 || !await repository.TableExistsAsync("t"))
                throw new InvalidOperationException("insert failed");
        }
    }
}
