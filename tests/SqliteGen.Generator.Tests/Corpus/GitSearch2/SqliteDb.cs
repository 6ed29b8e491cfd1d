// Corpus look-alike of toddlang/GitSearch2:src/GitSearch2.Repository.Sqlite/SqliteDb.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using Microsoft.Data.Sqlite;

namespace GitSearch2.Repository.Sqlite
{
    public sealed class SqliteDb : IDb
    {
        private readonly SqliteOptions _options;

        public SqliteDb(SqliteOptions options) => _options = options;

        public int SchemaVersion => 3;

        public void Initialize()
        {
            using var connection = new SqliteConnection(_options.ConnectionString);
            connection.Open(); // expect: SQLG201
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = @"
CREATE TABLE IF NOT EXISTS commits (
    commit_id TEXT PRIMARY KEY,
    repo TEXT NOT NULL,
    project TEXT NOT NULL,
    author TEXT NOT NULL,
    description TEXT NOT NULL,
    commit_date INTEGER NOT NULL,
    is_merge INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_commits_repo ON commits (repo, commit_date);
CREATE TABLE IF NOT EXISTS progress (repo TEXT NOT NULL, project TEXT NOT NULL, last_commit TEXT NOT NULL, seen INTEGER NOT NULL, PRIMARY KEY (repo, project));
CREATE TABLE IF NOT EXISTS sessions (session_id TEXT PRIMARY KEY, repo TEXT NOT NULL, started INTEGER NOT NULL, ended INTEGER, commits INTEGER);
CREATE TABLE IF NOT EXISTS schema_info (version INTEGER NOT NULL);";
            command.ExecuteNonQuery();
        }
    }
}
