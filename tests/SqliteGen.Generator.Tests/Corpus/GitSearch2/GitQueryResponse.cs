// Corpus look-alike of toddlang/GitSearch2:src/GitSearch2.Shared/GitQueryResponse.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Collections.Generic;

namespace GitSearch2.Shared
{
    public sealed class GitQueryResponse
    {
        public GitQueryResponse(IReadOnlyList<CommitDetails> commits, int total, string? error = null)
        {
            Commits = commits;
            Total = total;
            Error = error;
        }

        public IReadOnlyList<CommitDetails> Commits { get; }
        public int Total { get; }
        public string? Error { get; }
        public bool Failed => Error is not null;
    }
}
