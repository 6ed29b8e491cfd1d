// Corpus look-alike of NoventiqApplication (code search):Repositories/DapperRepository.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Collections.Generic;
using System.Data;
using System.Threading.Tasks;
using Dapper;
using Microsoft.Data.Sqlite;

namespace NoventiqApplication.Repositories
{
    public class DapperRepository
    {
        private readonly string _connectionString;

        public DapperRepository(string connectionString)
        {
            _connectionString = connectionString;
        }

        private IDbConnection Connection => new SqliteConnection(_connectionString);

        public async Task<int> ExecuteAsync(string sql, object? parameters = null)
        {
            using var dbConnection = Connection;
            return await dbConnection.ExecuteAsync(sql, parameters);
        }

        public async Task<IEnumerable<T>> QueryAsync<T>(string sql, object? parameters = null)
        {
            using var dbConnection = Connection;
            return await dbConnection.QueryAsync<T>(sql, parameters);
        }

        public async Task<T?> QueryFirstOrDefaultAsync<T>(string sql, object? parameters = null)
        {
            using var dbConnection = Connection;
            return await dbConnection.QueryFirstOrDefaultAsync<T>(sql, parameters);
        }
    }
}
