// Corpus look-alike of toddlang/GitSearch2:src/GitSearch2.Repository.Sqlite/CommitSqliteRepository.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using GitSearch2.Shared;
using Microsoft.Data.Sqlite;

namespace GitSearch2.Repository.Sqlite
{
    public sealed class CommitSqliteRepository : SqliteRepository, ICommitRepository
    {
        private readonly IDb _db;

        public CommitSqliteRepository(SqliteOptions options, IDb db) : base(options) => _db = db;

        public Task InitializeAsync()
        {
            _db.Initialize();
            return Task.CompletedTask;
        }

        public async Task AddAsync(IEnumerable<CommitDetails> commits)
        {
            foreach (CommitDetails commit in commits)
            {
                await ExecuteNonQueryAsync(
                    "INSERT OR IGNORE INTO commits (commit_id, repo, project, author, description, commit_date, is_merge) VALUES (@id, @repo, @project, @author, @description, @date, @merge)",
                    Parameter("@id", commit.Id), Parameter("@repo", commit.Repo), Parameter("@project", commit.Project),
                    Parameter("@author", commit.Author), Parameter("@description", commit.Description),
                    Parameter("@date", commit.Date.ToUnixTimeSeconds()), Parameter("@merge", commit.IsMerge));
            }
        }

        public async Task<bool> ExistsAsync(string commitId) =>
            await ExecuteScalarAsync("SELECT COUNT(*) FROM commits WHERE commit_id = @id", Parameter("@id", commitId)) > 0;

        public async Task<GitQueryResponse> SearchAsync(GitQuery query)
        {
            var where = new StringBuilder("WHERE description LIKE @text");
            var parameters = new List<SqliteParameter> { Parameter("@text", "%" + query.Text + "%") };
            if (query.Repo is not null)
            {
                where.Append(" AND repo = @repo");
                parameters.Add(Parameter("@repo", query.Repo));
            }
            if (query.Author is not null)
            {
                where.Append(" AND author = @author");
                parameters.Add(Parameter("@author", query.Author));
            }
            string sql = "SELECT commit_id, repo, project, author, description, commit_date, is_merge FROM commits " // expect: SQLG301
                + where + " ORDER BY commit_date DESC LIMIT " + query.PageSize + " OFFSET " + (query.Page * query.PageSize);
            List<CommitDetails> rows = await ExecuteReaderAsync(sql, Read, parameters.ToArray());
            long total = await ExecuteScalarAsync("SELECT COUNT(*) FROM commits " + where, parameters.Select(p => Parameter(p.ParameterName, p.Value)).ToArray());
            return new GitQueryResponse(rows, (int)total);
        }

        public async Task<IReadOnlyList<CommitDetails>> ByRepoAsync(string repo, string project) =>
            await ExecuteReaderAsync(
                string.Format("SELECT commit_id, repo, project, author, description, commit_date, is_merge FROM commits WHERE repo = '{0}' AND project = '{1}'", repo, project), // expect: SQLG301
                Read);

        public async Task<IReadOnlyList<CommitDetails>> ByIdsAsync(IReadOnlyList<string> ids)
        {
            string placeholders = string.Join(", ", ids.Select((_, i) => "@id" + i));
            return await ExecuteReaderAsync(
                $"SELECT commit_id, repo, project, author, description, commit_date, is_merge FROM commits WHERE commit_id IN ({placeholders})",
                Read, ids.Select((id, i) => Parameter("@id" + i, id)).ToArray());
        }

        public async Task<int> CountAsync() => (int)await ExecuteScalarAsync("SELECT COUNT(*) FROM commits");

        public Task ForgetRepoAsync(string repo) =>
            ExecuteNonQueryAsync("DELETE FROM commits WHERE repo = @repo", Parameter("@repo", repo));

        private static CommitDetails Read(SqliteDataReader reader) => new CommitDetails(
            reader.GetString(1), reader.GetString(2), reader.GetString(0), reader.GetString(3), reader.GetString(4),
            DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(5)), reader.GetBoolean(6));
    }
}
