// Corpus look-alike of AstraidLabs/Veriado:Veriado.Infrastructure/Persistence/SqliteFulltextSchemaHealthCheck.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Veriado.Infrastructure.Persistence.Connections;

namespace Veriado.Infrastructure.Persistence;

internal sealed class SqliteFulltextSchemaHealthCheck
{
    private static readonly string[] Expected = { "title", "author", "content" };
    private readonly IConnectionStringProvider _connections;

    public SqliteFulltextSchemaHealthCheck(IConnectionStringProvider connections) => _connections = connections;

    public async Task<HealthResult> CheckAsync(CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connections.ConnectionString);
        await SqlitePragmaHelper.ApplyAsync(connection, cancellationToken);
        if (!await SqliteFulltextSchemaInspector.TableExistsAsync(connection, "file_search", cancellationToken))
            return new HealthResult(false, "file_search is missing");
        var columns = await SqliteFulltextSchemaInspector.ColumnsAsync(connection, "file_search", cancellationToken);
        return Expected.All(columns.Contains) ? new HealthResult(true, "fts ok") : new HealthResult(false, "file_search columns: " + string.Join(", ", columns));
    }
}
