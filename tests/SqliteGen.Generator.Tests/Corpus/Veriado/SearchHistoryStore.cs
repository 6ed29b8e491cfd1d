// Corpus look-alike of AstraidLabs/Veriado:Veriado.Infrastructure/Search/SearchHistoryStore.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Veriado.Infrastructure.Persistence.Connections;

namespace Veriado.Infrastructure.Search;

internal sealed class SearchHistoryStore
{
    private readonly SqliteConnectionFactory _factory;

    public SearchHistoryStore(SqliteConnectionFactory factory) => _factory = factory;

    public async Task AddAsync(string query, int hits, CancellationToken cancellationToken)
    {
        await using SqliteConnection connection = await _factory.OpenAsync(cancellationToken);
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "INSERT INTO search_history (query, hits, at_utc) VALUES ($query, $hits, $at)";
        command.Parameters.AddWithValue("$query", query);
        command.Parameters.AddWithValue("$hits", hits);
        command.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O"));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> RecentAsync(int count, CancellationToken cancellationToken)
    {
        var queries = new List<string>();
        await using SqliteConnection connection = await _factory.OpenAsync(cancellationToken);
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT query FROM search_history GROUP BY query ORDER BY MAX(at_utc) DESC LIMIT " + count; // expect: SQLG301
        await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            queries.Add(reader.GetString(0));
        return queries;
    }

    public async Task ForgetAsync(CancellationToken cancellationToken)
    {
        await using SqliteConnection connection = await _factory.OpenAsync(cancellationToken);
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "DELETE FROM search_history";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
