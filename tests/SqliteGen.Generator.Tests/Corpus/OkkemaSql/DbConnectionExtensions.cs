// Corpus look-alike of okkema/dotnet:src/Okkema.SQL/Extensions/DbConnectionExtensions.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Collections.Generic;
using System.Data;
using System.Threading.Tasks;
using Dapper;

namespace Okkema.SQL.Extensions;

public static class DbConnectionExtensions
{
    public static async Task<bool> TableExistsAsync(this IDbConnection connection, string table) =>
        await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @table", new { table }) > 0;

    public static Task<int> ExecuteScriptAsync(this IDbConnection connection, string script) => connection.ExecuteAsync(script);

    public static async Task<IReadOnlyList<string>> ColumnsAsync(this IDbConnection connection, string table) =>
        (List<string>)await connection.QueryAsync<string>($"SELECT name FROM pragma_table_info('{table}')");
}
