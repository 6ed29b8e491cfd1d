// Corpus look-alike of toddlang/GitSearch2:src/GitSearch2.Indexer/CyclingGitRepoProvider.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Collections.Generic;
using System.Threading.Tasks;
using GitSearch2.Repository;

namespace GitSearch2.Indexer
{
    /// <summary>Cycles through the configured repositories, resuming each where the last pass stopped.</summary>
    public sealed class ProgressTracker
    {
        private readonly IUpdateRepository _updates;
        private readonly NameParser _names = new NameParser();
        private int _next;

        public ProgressTracker(IUpdateRepository updates) => _updates = updates;

        public async Task<(string Remote, RepoProgress? Progress)> NextAsync(IReadOnlyList<string> remotes)
        {
            string remote = remotes[_next++ % remotes.Count];
            (string project, string repo) = _names.Parse(remote);
            return (remote, await _updates.GetProgressAsync(repo, project));
        }
    }
}
