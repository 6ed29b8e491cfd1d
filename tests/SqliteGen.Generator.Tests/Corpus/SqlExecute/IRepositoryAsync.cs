// Corpus look-alike of smikelson75/SqlExecute:SqlExecute.Engine/Repositories/Abstractions/IRepositoryAsync.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Threading.Tasks;

namespace SqlExecute.Engine.Repositories.Abstractions
{
    public interface IRepositoryAsync : IDisposable
    {
        DbConnection Connection { get; }
        Task OpenAsync();
        Task<int> ExecuteNonQueryAsync(string sql, IReadOnlyDictionary<string, object?> parameters);
        Task<long> LoadTableAsync(string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows);
    }
}
