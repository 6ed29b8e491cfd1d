// Corpus look-alike of toddlang/GitSearch2:test/GitSearch2.Server.Tests/Unit/GitQueryControllerTests.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using GitSearch2.Repository;
using GitSearch2.Server.Controllers;
using GitSearch2.Shared;

namespace GitSearch2.Server.Tests.Unit
{
    public sealed class GitQueryControllerTests
    {
        private sealed class FakeCommits : ICommitRepository
        {
            public GitQuery? Last;
            public Task InitializeAsync() => Task.CompletedTask;
            public Task AddAsync(IEnumerable<CommitDetails> commits) => Task.CompletedTask;
            public Task<bool> ExistsAsync(string commitId) => Task.FromResult(false);
            public Task<GitQueryResponse> SearchAsync(GitQuery query)
            {
                Last = query;
                return Task.FromResult(new GitQueryResponse(Array.Empty<CommitDetails>(), 0));
            }
            public Task<int> CountAsync() => Task.FromResult(0);
        }

        public async Task Oversized_pages_fall_back_to_the_default()
        {
            var commits = new FakeCommits();
            await new GitQueryController(commits).Query(new GitQuery { Text = "x", PageSize = 5000 });
            if (commits.Last?.PageSize != 25)
                throw new InvalidOperationException("page size should be clamped");
        }
    }
}
