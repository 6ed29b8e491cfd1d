// Corpus look-alike of AstraidLabs/Veriado:Veriado.Infrastructure/Search/FulltextSearchQuery.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Veriado.Infrastructure.Persistence;
using Veriado.Infrastructure.Persistence.Connections;

namespace Veriado.Infrastructure.Search;

public sealed record SearchHit(long RowId, string Title, double Rank);

internal sealed class FulltextSearchQuery
{
    private readonly IConnectionStringProvider _connections;

    public FulltextSearchQuery(IConnectionStringProvider connections) => _connections = connections;

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string match, int limit, CancellationToken cancellationToken)
    {
        var hits = new List<SearchHit>();
        await using var connection = new SqliteConnection(_connections.ConnectionString);
        await SqlitePragmaHelper.ApplyAsync(connection, cancellationToken);
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT rowid, title, bm25(file_search) AS rank FROM file_search WHERE file_search MATCH $match ORDER BY rank LIMIT $limit";
        command.Parameters.AddWithValue("$match", match);
        command.Parameters.AddWithValue("$limit", limit);
        await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            hits.Add(new SearchHit(reader.GetInt64(0), reader.IsDBNull(1) ? "" : reader.GetString(1), reader.GetDouble(2)));
        return hits;
    }

    public async Task<IReadOnlyList<SearchHit>> PrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        var hits = new List<SearchHit>();
        await using var connection = new SqliteConnection(_connections.ConnectionString);
        await SqlitePragmaHelper.ApplyAsync(connection, cancellationToken);
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT rowid, title, 0.0 FROM file_search WHERE file_search MATCH '{prefix}*' LIMIT 20"; // expect: SQLG301
        await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            hits.Add(new SearchHit(reader.GetInt64(0), reader.GetString(1), 0));
        return hits;
    }
}
