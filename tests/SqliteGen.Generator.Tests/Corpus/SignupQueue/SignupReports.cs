// Corpus look-alike of the same service's reporting queries through Dapper: a helper that takes SQL and methods that build it, names and bodies rewritten, nothing copied.
using System.Collections.Generic;
using System.Data;
using System.Linq;
using Dapper;
using Microsoft.Data.Sqlite;

namespace SignupQueue.Data
{
    public sealed class SignupReports
    {
        private readonly string _connectionString;

        public SignupReports(string connectionString) => _connectionString = connectionString;

        private IDbConnection Open()
        {
            var connection = new SqliteConnection(_connectionString);
            connection.Open();
            return connection;
        }

        private long Scalar(string sql)
        {
            using IDbConnection connection = Open();
            return connection.ExecuteScalar<long>(sql);
        }

        private static string CountByDomainSql(string domain) =>
            $"SELECT count(*) FROM signup_pending WHERE email LIKE '%@{domain}'"; // expect: SQLG301

        private static string ByEmailSql(string email) =>
            string.Format("SELECT id, email, status FROM signup_pending WHERE email = '{0}'", email); // expect: SQLG301

        /// <summary>Two shapes, chosen at run time: each return is a text of its own.</summary>
        private static string ApprovedOrAllSql(bool approvedOnly, string since)
        {
            if (approvedOnly)
                return "SELECT count(*) FROM signup_pending WHERE status = 'approved' AND created_at > '" + since + "'"; // expect: SQLG301
            return "SELECT count(*) FROM signup_pending WHERE created_at > '" + since + "'"; // expect: SQLG301
        }

        private static string ColumnsSql(IEnumerable<string> columns) => "SELECT " + string.Join(", ", columns) + " FROM signup_pending";

        public long CountByDomain(string domain) => Scalar(CountByDomainSql(domain));

        public SignupRecord? FindByEmail(string email)
        {
            using IDbConnection connection = Open();
            return connection.QueryFirstOrDefault<SignupRecord>(ByEmailSql(email));
        }

        public long CountSince(bool approvedOnly, string since) => Scalar(ApprovedOrAllSql(approvedOnly, since));

        public List<dynamic> Columns(IEnumerable<string> columns)
        {
            using IDbConnection connection = Open();
            return connection.Query(ColumnsSql(columns)).ToList();
        }

        public long CountPending()
        {
            using IDbConnection connection = Open();
            return connection.ExecuteScalar<long>(PendingSql());
        }

        private static string PendingSql() => "SELECT count(*) FROM signup_pending WHERE status = @status";
    }
}
