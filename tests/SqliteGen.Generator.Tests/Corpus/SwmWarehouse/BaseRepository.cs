// Corpus look-alike of a WinForms warehouse-management app (code search):SWM.Data/Repositories/BaseRepository.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Data;
using System.Data.SQLite;

namespace SWM.Data.Repositories
{
    public abstract class BaseRepository : IDisposable
    {
        protected readonly string _connectionString;
        protected SQLiteConnection? _connection;

        protected BaseRepository(string connectionString)
        {
            _connectionString = connectionString;
        }

        protected SQLiteConnection GetConnection()
        {
            if (_connection == null)
                _connection = new SQLiteConnection(_connectionString);
            if (_connection.State != ConnectionState.Open)
                _connection.Open();
            return _connection;
        }

        protected SQLiteDataReader ExecuteReader(string sql, params SQLiteParameter[] parameters)
        {
            var command = new SQLiteCommand(sql, GetConnection());
            command.Parameters.AddRange(parameters);
            return command.ExecuteReader();
        }

        protected int ExecuteNonQuery(string sql, params SQLiteParameter[] parameters)
        {
            using var command = new SQLiteCommand(sql, GetConnection());
            command.Parameters.AddRange(parameters);
            return command.ExecuteNonQuery();
        }

        protected object? ExecuteScalar(string sql, params SQLiteParameter[] parameters)
        {
            using var command = new SQLiteCommand(sql, GetConnection());
            command.Parameters.AddRange(parameters);
            return command.ExecuteScalar();
        }

        public void Dispose()
        {
            _connection?.Dispose();
            _connection = null;
        }
    }
}
