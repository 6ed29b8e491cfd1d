// Corpus look-alike of a multi-tenant cache service (find_string hit 42611745098):Data/DbWrapper.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Threading.Tasks;
using Dapper;
using Microsoft.Data.Sqlite;

namespace TenantCache.Data
{
    public enum EmIsDeleted
    {
        Normal = 0,
        Deleted = 1,
    }

    public sealed class MgTenants
    {
        public int TenantId { get; set; }
        public int HeadId { get; set; }
    }

    public sealed class DbWrapper
    {
        private readonly string _connectionString;

        public DbWrapper(string connectionString) => _connectionString = connectionString;

        public async Task<int> Execute(string sql, object? param = null)
        {
            await using var connection = new SqliteConnection(_connectionString);
            return await connection.ExecuteAsync(sql, param);
        }

        public async Task Insert(MgTenants entity)
        {
            await using var connection = new SqliteConnection(_connectionString);
            await connection.ExecuteAsync("INSERT INTO MgTenants (TenantId, HeadId) VALUES (@TenantId, @HeadId)", entity);
        }
    }
}
