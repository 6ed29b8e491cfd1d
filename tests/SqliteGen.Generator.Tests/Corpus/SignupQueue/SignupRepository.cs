// Corpus look-alike of a signup-approval service's repository (MySqlConnector in the original; repository not recorded): SQL text built by private methods that return it, names and bodies rewritten, nothing copied.
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace SignupQueue.Data
{
    public sealed record SignupRecord(string Id, string Email, string Status);

    public sealed class SignupRepository
    {
        private readonly string _connectionString;

        public SignupRepository(string connectionString) => _connectionString = connectionString;

        /// <summary>The select every read shares; callers pass their clauses with parameters in them.</summary>
        private static string BuildRecordSelectSql(string? whereClause = null, string? orderByClause = null, string? limitClause = null) =>
            $"SELECT id, email, status FROM signup_pending {whereClause} {orderByClause} {limitClause}";

        private static string BuildStatusSql(string status) =>
            $"SELECT id, email, status FROM signup_pending WHERE status = '{status}' ORDER BY created_at DESC"; // expect: SQLG301

        private static string BuildStaleSql(int days)
        {
            return "SELECT id, email, status FROM signup_pending WHERE created_at < datetime('now', '-" + days + " days')"; // expect: SQLG301
        }

        private static string BuildRejectSql(string id, string? reason) =>
            "UPDATE signup_pending SET status = 'rejected', reason = $reason WHERE id = '" + id + "'"; // expect: SQLG301

        private static string ById() => "SELECT id, email, status FROM signup_pending WHERE id = $id";

        public async Task<SignupRecord?> GetByIdAsync(string id, CancellationToken cancellationToken)
        {
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken);
            await using SqliteCommand command = connection.CreateCommand();
            command.CommandText = BuildRecordSelectSql("WHERE id = $id", limitClause: "LIMIT 1");
            command.Parameters.AddWithValue("$id", id);
            List<SignupRecord> found = await ReadAsync(command, cancellationToken);
            return found.Count == 0 ? null : found[0];
        }

        public async Task<SignupRecord?> GetByIdAgainAsync(string id, CancellationToken cancellationToken)
        {
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new SqliteCommand(ById(), connection);
            command.Parameters.AddWithValue("$id", id);
            List<SignupRecord> found = await ReadAsync(command, cancellationToken);
            return found.Count == 0 ? null : found[0];
        }

        public async Task<List<SignupRecord>> ListByStatusAsync(string status, CancellationToken cancellationToken)
        {
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken);
            await using SqliteCommand command = connection.CreateCommand();
            command.CommandText = BuildStatusSql(status);
            return await ReadAsync(command, cancellationToken);
        }

        public async Task<List<SignupRecord>> ListStaleAsync(int days, CancellationToken cancellationToken)
        {
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken);
            string sql = BuildStaleSql(days);
            await using var command = new SqliteCommand(sql, connection);
            return await ReadAsync(command, cancellationToken);
        }

        public async Task<bool> RejectAsync(string id, string? reason, CancellationToken cancellationToken)
        {
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken);
            await using SqliteCommand command = connection.CreateCommand();
            command.CommandText = BuildRejectSql(id, reason);
            command.Parameters.AddWithValue("$reason", (object?)reason ?? System.DBNull.Value);
            return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        }

        public async Task<List<SignupRecord>> ListRecentAsync(int limit, CancellationToken cancellationToken)
        {
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken);
            await using SqliteCommand command = connection.CreateCommand();
            command.CommandText = BuildRecordSelectSql(orderByClause: "ORDER BY created_at DESC", limitClause: "LIMIT $limit");
            command.Parameters.AddWithValue("$limit", limit);
            return await ReadAsync(command, cancellationToken);
        }

        private static async Task<List<SignupRecord>> ReadAsync(SqliteCommand command, CancellationToken cancellationToken)
        {
            var records = new List<SignupRecord>();
            await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                records.Add(new SignupRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            return records;
        }
    }
}
