// Corpus look-alike of toddlang/GitSearch2:src/GitSearch2.Shared/IUrlGenerator.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
namespace GitSearch2.Shared
{
    public interface IUrlGenerator
    {
        bool Handles(string origin);
        string CommitUrl(CommitDetails commit);
    }
}
