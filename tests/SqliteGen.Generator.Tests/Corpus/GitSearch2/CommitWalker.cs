// Corpus look-alike of toddlang/GitSearch2:src/GitSearch2.Indexer/CommitWalker.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using GitSearch2.Repository;
using GitSearch2.Shared;

namespace GitSearch2.Indexer
{
    public sealed class CommitWalker
    {
        private readonly ICommitRepository _commits;
        private readonly IUpdateRepository _updates;
        private readonly IStatistics _statistics;

        public CommitWalker(ICommitRepository commits, IUpdateRepository updates, IStatistics statistics)
        {
            _commits = commits;
            _updates = updates;
            _statistics = statistics;
        }

        public async Task WalkAsync(string repo, string project, IEnumerable<CommitDetails> history)
        {
            Guid session = await _updates.BeginAsync(repo);
            int seen = 0;
            string? last = null;
            foreach (IReadOnlyList<CommitDetails> batch in history.Batches(200))
            {
                await _commits.AddAsync(batch);
                seen += batch.Count;
                last = batch[batch.Count - 1].Id;
                _statistics.Add(batch.Count, batch.CountMerges());
            }
            if (last is not null)
                await _updates.SaveProgressAsync(new RepoProgress(repo, project, last, seen));
            await _updates.EndAsync(session, seen);
        }
    }
}
