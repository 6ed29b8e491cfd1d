// Corpus look-alike of toddlang/GitSearch2:src/GitSearch2.Repository/ICommitRepository.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Collections.Generic;
using System.Threading.Tasks;
using GitSearch2.Shared;

namespace GitSearch2.Repository
{
    public interface ICommitRepository
    {
        Task InitializeAsync();
        Task AddAsync(IEnumerable<CommitDetails> commits);
        Task<bool> ExistsAsync(string commitId);
        Task<GitQueryResponse> SearchAsync(GitQuery query);
        Task<int> CountAsync();
    }
}
