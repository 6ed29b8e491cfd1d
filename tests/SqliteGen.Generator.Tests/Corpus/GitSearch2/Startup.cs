// Corpus look-alike of toddlang/GitSearch2:src/GitSearch2.Server/Startup.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using GitSearch2.Repository;
using GitSearch2.Repository.Sqlite;

namespace GitSearch2.Server
{
    public sealed class Startup
    {
        public ICommitRepository CreateCommitRepository(string connectionString)
        {
            var options = new SqliteOptions { ConnectionString = connectionString };
            return new CommitSqliteRepository(options, new SqliteDb(options));
        }
    }
}
