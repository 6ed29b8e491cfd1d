// Corpus look-alike of tupunco/Tup.SQLiteInitializer:Tup.SQLiteInitializer/SQLiteHelper.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Data;
using System.Data.Common;
using System.Data.SQLite;

namespace Tup.SQLiteInitializer
{
    /// <summary>One open connection per helper, shared by the initializer's steps.</summary>
    public class SQLiteHelper : IDisposable
    {
        private static readonly object s_lock = new object();
        private readonly DbConnection _connection;

        public SQLiteHelper(string connectionString)
        {
            _connection = new SQLiteConnection(connectionString);
            _connection.Open();
        }

        public DbConnection DbConnection => _connection;

        public int ExecuteNonQuery(string sql, params DbParameter[] parameters)
        {
            lock (s_lock)
            {
                using DbCommand command = _connection.CreateCommand();
                command.CommandText = sql;
                command.Parameters.AddRange(parameters);
                return command.ExecuteNonQuery();
            }
        }

        public object? ExecuteScalar(string sql, params DbParameter[] parameters)
        {
            lock (s_lock)
            {
                using DbCommand command = _connection.CreateCommand();
                command.CommandText = sql;
                command.Parameters.AddRange(parameters);
                return command.ExecuteScalar();
            }
        }

        public DataTable ExecuteDataTable(string sql, params DbParameter[] parameters)
        {
            lock (s_lock)
            {
                using DbCommand command = _connection.CreateCommand();
                command.CommandText = sql;
                command.Parameters.AddRange(parameters);
                var table = new DataTable();
                using DbDataReader reader = command.ExecuteReader();
                table.Load(reader);
                return table;
            }
        }

        public static DbParameter Parameter(string name, object? value) => new SQLiteParameter(name, value ?? DBNull.Value);

        public void Dispose() => _connection.Dispose();
    }
}
