// Corpus look-alike of toddlang/GitSearch2:src/GitSearch2.Repository/IDb.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
namespace GitSearch2.Repository
{
    /// <summary>Creates the schema the repositories need.</summary>
    public interface IDb
    {
        void Initialize();
        int SchemaVersion { get; }
    }
}
