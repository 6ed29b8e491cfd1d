// Corpus look-alike of cashtony/WxPlatformAuthorize:WxPlatformAuthorize.Repository/SqliteRepository.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Collections.Generic;
using System.Data.SQLite;
using System.Linq;
using Dapper;

namespace WxPlatformAuthorize.Repository
{
    public class SqliteRepository : IRepository
    {
        private readonly string _connectionString;

        public SqliteRepository(string connectionString)
        {
            _connectionString = connectionString;
        }

        public void Insert<T>(T obj, string sql) where T : class
        {
            using (var con = new SQLiteConnection(_connectionString)) // expect: SQLG201
            {
                con.Execute(sql, obj);
            }
        }

        public T? QueryFirst<T>(string sql, object? param = null) where T : class
        {
            using (var con = new SQLiteConnection(_connectionString)) // expect: SQLG201
            {
                return con.Query<T>(sql, param).FirstOrDefault();
            }
        }

        public IReadOnlyList<T> QueryAll<T>(string sql, object? param = null)
        {
            using (var con = new SQLiteConnection(_connectionString)) // expect: SQLG201
            {
                return con.Query<T>(sql, param).ToList();
            }
        }

        public int Execute(string sql, object? param = null)
        {
            using (var con = new SQLiteConnection(_connectionString)) // expect: SQLG201
            {
                return con.Execute(sql, param);
            }
        }
    }
}
