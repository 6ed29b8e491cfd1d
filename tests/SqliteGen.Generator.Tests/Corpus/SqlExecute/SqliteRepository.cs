// Corpus look-alike of smikelson75/SqlExecute:SqlExecute.Engine.Sqlite/SqliteRepository.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Data;
using System.Data.Common;
using System.Data.SQLite;
using System.Linq;
using System.Threading.Tasks;
using SqlExecute.Engine.Repositories.Abstractions;

namespace SqlExecute.Engine.Sqlite
{
    public class SqliteRepository : IRepositoryAsync
    {
        private readonly SQLiteConnection _connection;
        private bool _disposed;

        public SqliteRepository(SQLiteConnection connection) => _connection = connection ?? throw new ArgumentNullException(nameof(connection));

        public DbConnection Connection => _connection;

        public async Task OpenAsync()
        {
            if (_connection.State == ConnectionState.Closed)
                await _connection.OpenAsync();
        }

        public async Task<int> ExecuteNonQueryAsync(string sql, IReadOnlyDictionary<string, object?> parameters)
        {
            using var command = new SQLiteCommand(sql, _connection);
            foreach (KeyValuePair<string, object?> parameter in parameters)
                command.Parameters.AddWithValue("@" + parameter.Key, parameter.Value ?? DBNull.Value);
            return await command.ExecuteNonQueryAsync();
        }

        public async Task<long> LoadTableAsync(string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows)
        {
            string columnList = string.Join(", ", columns.Select(c => "\"" + c + "\""));
            string placeholders = string.Join(", ", columns.Select((_, i) => "@p" + i));
            long loaded = 0;
            using SQLiteTransaction transaction = _connection.BeginTransaction();
            using var command = new SQLiteCommand($"INSERT INTO \"{table}\" ({columnList}) VALUES ({placeholders})", _connection, transaction);
            for (int i = 0; i < columns.Count; i++)
                command.Parameters.Add(new SQLiteParameter("@p" + i));
            foreach (object?[] row in rows)
            {
                for (int i = 0; i < columns.Count; i++)
                    command.Parameters[i].Value = i < row.Length ? row[i] ?? DBNull.Value : DBNull.Value;
                loaded += await command.ExecuteNonQueryAsync();
            }
            transaction.Commit();
            return loaded;
        }

        public async Task<bool> TableExistsAsync(string table)
        {
            using var command = new SQLiteCommand("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @name", _connection);
            command.Parameters.AddWithValue("@name", table);
            return Convert.ToInt64(await command.ExecuteScalarAsync()) > 0;
        }

        public async Task<long> CountAsync(string table)
        {
            using var command = new SQLiteCommand("SELECT COUNT(*) FROM [" + table + "]", _connection);
            return Convert.ToInt64(await command.ExecuteScalarAsync());
        }

        public void Dispose()
        {
            if (_disposed)
                return;
            _connection.Dispose();
            _disposed = true;
        }
    }
}
