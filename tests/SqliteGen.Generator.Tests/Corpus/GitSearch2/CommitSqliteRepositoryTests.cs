// Corpus look-alike of toddlang/GitSearch2:test/GitSearch2.Repository.Sqlite.Tests/Unit/CommitSqliteRepositoryTests.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.IO;
using System.Threading.Tasks;
using GitSearch2.Repository.Sqlite;
using GitSearch2.Shared;

namespace GitSearch2.Repository.Sqlite.Tests.Unit
{
    public sealed class CommitSqliteRepositoryTests
    {
        public async Task Search_finds_by_description()
        {
            string file = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".db");
            var options = new SqliteOptions { ConnectionString = "Data Source=" + file };
            var repository = new CommitSqliteRepository(options, new SqliteDb(options));
            await repository.InitializeAsync();
            await repository.AddAsync(new[]
            {
                new CommitDetails("api", "core", "a1", "ann", "Fix the login redirect", DateTimeOffset.UtcNow, false),
                new CommitDetails("api", "core", "b2", "bob", "Merge branch 'main'", DateTimeOffset.UtcNow, true),
            });
            GitQueryResponse response = await repository.SearchAsync(new GitQuery { Text = "login" });
            if (response.Total != 1 || response.Commits[0].Id != "a1")
                throw new InvalidOperationException("expected the login commit");
        }
    }
}
