// Corpus look-alike of AstraidLabs/Veriado:Veriado.Infrastructure/Persistence/Connections/SqliteConnectionFactory.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace Veriado.Infrastructure.Persistence.Connections;

/// <summary>Opened connections with the application's pragmas applied; callers own and dispose them.</summary>
internal sealed class SqliteConnectionFactory
{
    private readonly IConnectionStringProvider _connections;

    public SqliteConnectionFactory(IConnectionStringProvider connections) => _connections = connections;

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connections.ConnectionString);
        await SqlitePragmaHelper.ApplyAsync(connection, cancellationToken);
        return connection;
    }
}
