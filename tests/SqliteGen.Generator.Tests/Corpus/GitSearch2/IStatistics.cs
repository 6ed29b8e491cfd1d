// Corpus look-alike of toddlang/GitSearch2:src/GitSearch2.Indexer/IStatistics.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
namespace GitSearch2.Indexer
{
    public interface IStatistics
    {
        void Add(int commits, int merges);
        int Commits { get; }
        int Merges { get; }
    }
}
