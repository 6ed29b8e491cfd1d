// Corpus look-alike of toddlang/GitSearch2:src/GitSearch2.Repository.Sqlite/SqliteOptions.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
namespace GitSearch2.Repository.Sqlite
{
    public sealed class SqliteOptions
    {
        public string ConnectionString { get; set; } = "Data Source=gitsearch.db";
        public int BatchSize { get; set; } = 500;
    }
}
