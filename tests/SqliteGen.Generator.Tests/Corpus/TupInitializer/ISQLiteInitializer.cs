// Corpus look-alike of tupunco/Tup.SQLiteInitializer:Tup.SQLiteInitializer/ISQLiteInitializer.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
namespace Tup.SQLiteInitializer
{
    public interface ISQLiteInitializer
    {
        int TargetVersion { get; }
        void Initialize();
    }
}
