// Corpus look-alike of toddlang/GitSearch2:src/GitSearch2.Indexer/Statistics.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Threading;

namespace GitSearch2.Indexer
{
    public sealed class Statistics : IStatistics
    {
        private int _commits;
        private int _merges;

        public int Commits => Volatile.Read(ref _commits);
        public int Merges => Volatile.Read(ref _merges);

        public void Add(int commits, int merges)
        {
            Interlocked.Add(ref _commits, commits);
            Interlocked.Add(ref _merges, merges);
        }
    }
}
