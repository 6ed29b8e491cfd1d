// Corpus look-alike of toddlang/GitSearch2:src/GitSearch2.Server/Controllers/GitQueryController.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Threading.Tasks;
using GitSearch2.Repository;
using GitSearch2.Shared;
using Microsoft.AspNetCore.Mvc;

namespace GitSearch2.Server.Controllers
{
    public sealed class GitQueryController : ControllerBase
    {
        private readonly ICommitRepository _commits;

        public GitQueryController(ICommitRepository commits) => _commits = commits;

        public async Task<GitQueryResponse> Query(GitQuery query)
        {
            if (query.IsEmpty)
                return new GitQueryResponse(System.Array.Empty<CommitDetails>(), 0, "Type something to search for.");
            if (query.PageSize is < 1 or > 200)
                query.PageSize = 25;
            return await _commits.SearchAsync(query);
        }

        public Task<int> Count() => _commits.CountAsync();
    }
}
