// Corpus look-alike of zsemlebot (code search):zsemlebot.repository/RepositoryBase.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Collections.Generic;
using System.Data.SQLite;
using System.Linq;
using Dapper;

namespace zsemlebot.repository
{
    public abstract class RepositoryBase
    {
        protected abstract SQLiteConnection GetConnection();

        protected int GetLastRowId() => QueryFirst<int>("SELECT last_insert_rowid()");

        protected void ExecuteNonQuery(string sql, object? param = null)
        {
            using var connection = GetConnection();
            connection.Execute(sql, param);
        }

        protected IReadOnlyList<T> Query<T>(string sql, object? param = null)
        {
            using var connection = GetConnection();
            return connection.Query<T>(sql, param).ToList();
        }

        protected T QueryFirst<T>(string sql, object? param = null)
        {
            using var connection = GetConnection();
            return connection.QueryFirst<T>(sql, param);
        }
    }
}
