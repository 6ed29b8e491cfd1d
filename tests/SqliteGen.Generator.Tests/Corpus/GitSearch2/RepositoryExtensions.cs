// Corpus look-alike of toddlang/GitSearch2:src/GitSearch2.Repository/ExtensionMethods.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Linq;
using GitSearch2.Shared;

namespace GitSearch2.Repository
{
    public static class RepositoryExtensions
    {
        public static IEnumerable<IReadOnlyList<CommitDetails>> Batches(this IEnumerable<CommitDetails> commits, int size)
        {
            var batch = new List<CommitDetails>(size);
            foreach (CommitDetails commit in commits)
            {
                batch.Add(commit);
                if (batch.Count == size)
                {
                    yield return batch;
                    batch = new List<CommitDetails>(size);
                }
            }
            if (batch.Count > 0)
                yield return batch;
        }

        public static string Shorten(this string text, int length) => text.Length <= length ? text : text.Substring(0, length) + "…";

        public static bool IsMergeMessage(this string description) => description.StartsWith("Merge ", StringComparison.Ordinal);

        public static int CountMerges(this IEnumerable<CommitDetails> commits) => commits.Count(c => c.IsMerge);
    }
}
