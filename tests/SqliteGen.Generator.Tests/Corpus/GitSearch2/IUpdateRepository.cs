// Corpus look-alike of toddlang/GitSearch2:src/GitSearch2.Repository/IUpdateRepository.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Threading.Tasks;

namespace GitSearch2.Repository
{
    public interface IUpdateRepository
    {
        Task InitializeAsync();
        Task<Guid> BeginAsync(string repo);
        Task EndAsync(Guid session, int commits);
        Task<RepoProgress?> GetProgressAsync(string repo, string project);
        Task SaveProgressAsync(RepoProgress progress);
    }
}
