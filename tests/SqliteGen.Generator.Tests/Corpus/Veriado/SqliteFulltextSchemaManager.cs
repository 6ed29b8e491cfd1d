// Corpus look-alike of AstraidLabs/Veriado:Veriado.Infrastructure/Persistence/SqliteFulltextSchemaManager.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Veriado.Infrastructure.Persistence.Connections;
using Veriado.Infrastructure.Persistence.Schema;

namespace Veriado.Infrastructure.Persistence;

internal sealed class SqliteFulltextSchemaManager
{
    private readonly IConnectionStringProvider _connections;
    private readonly SqliteFulltextSupport _support;

    public SqliteFulltextSchemaManager(IConnectionStringProvider connections, SqliteFulltextSupport support)
    {
        _connections = connections;
        _support = support;
    }

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (!_support.IsAvailable)
            return;
        await using var connection = new SqliteConnection(_connections.ConnectionString);
        await SqlitePragmaHelper.ApplyAsync(connection, cancellationToken);
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = SqliteFulltextSchemaSql.CreateTable;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task RebuildAsync(CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connections.ConnectionString);
        await SqlitePragmaHelper.ApplyAsync(connection, cancellationToken);
        await using SqliteTransaction transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using SqliteCommand drop = new SqliteCommand(SqliteFulltextSchemaSql.DropTable, connection, transaction);
        await drop.ExecuteNonQueryAsync(cancellationToken);
        await using SqliteCommand create = new SqliteCommand(SqliteFulltextSchemaSql.CreateTable, connection, transaction);
        await create.ExecuteNonQueryAsync(cancellationToken);
        await using SqliteCommand fill = new SqliteCommand("INSERT INTO file_search (rowid, title, author, content) SELECT rowid, title, author, content_text FROM files", connection, transaction);
        await fill.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
