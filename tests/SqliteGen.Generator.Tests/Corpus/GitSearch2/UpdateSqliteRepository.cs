// Corpus look-alike of toddlang/GitSearch2:src/GitSearch2.Repository.Sqlite/UpdateSqliteRepository.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Threading.Tasks;

namespace GitSearch2.Repository.Sqlite
{
    public sealed class UpdateSqliteRepository : SqliteRepository, IUpdateRepository
    {
        public UpdateSqliteRepository(SqliteOptions options) : base(options)
        {
        }

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task<Guid> BeginAsync(string repo)
        {
            Guid session = Guid.NewGuid();
            await ExecuteNonQueryAsync("INSERT INTO sessions (session_id, repo, started) VALUES (@id, @repo, @started)",
                Parameter("@id", session.ToString()), Parameter("@repo", repo), Parameter("@started", DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
            return session;
        }

        public Task EndAsync(Guid session, int commits)
        {
            long ended = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            return ExecuteNonQueryAsync($"UPDATE sessions SET ended = {ended}, commits = {commits} WHERE session_id = '{session}'"); // expect: SQLG301
        }

        public async Task<RepoProgress?> GetProgressAsync(string repo, string project)
        {
            var rows = await ExecuteReaderAsync("SELECT repo, project, last_commit, seen FROM progress WHERE repo = @repo AND project = @project",
                r => new RepoProgress(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt32(3)),
                Parameter("@repo", repo), Parameter("@project", project));
            return rows.Count == 0 ? null : rows[0];
        }

        public Task SaveProgressAsync(RepoProgress progress) =>
            ExecuteNonQueryAsync(
                "INSERT INTO progress (repo, project, last_commit, seen) VALUES (@repo, @project, @last, @seen) " +
                "ON CONFLICT (repo, project) DO UPDATE SET last_commit = excluded.last_commit, seen = excluded.seen",
                Parameter("@repo", progress.Repo), Parameter("@project", progress.Project),
                Parameter("@last", progress.LastCommitId), Parameter("@seen", progress.CommitsSeen));

        public Task ResetProgressAsync() => ExecuteNonQueryAsync("DELETE FROM progress");
    }
}
