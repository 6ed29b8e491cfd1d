using System;
using System.Collections;
using System.Collections.Generic;
using System.Threading.Tasks;
using Npgsql;

namespace SqliteGen.PostgreSql.Tenancy;

/// <summary>
/// The PostgreSQL servers tenants live on, each an <see cref="NpgsqlDataSource"/> under a short name. The name, not the
/// connection string, is what the tenant directory records, so a server can change address without touching a tenant.
/// Names use the tenant id's safe set (<c>a-z</c>, <c>0-9</c>, <c>-</c>, <c>_</c>). Disposing the set disposes its sources.
/// </summary>
public sealed class TenantServers : IEnumerable<KeyValuePair<string, NpgsqlDataSource>>, IAsyncDisposable
{
    private readonly SortedDictionary<string, NpgsqlDataSource> _servers = new(StringComparer.Ordinal);

    /// <summary>Adds a server under <paramref name="name"/>.</summary>
    public void Add(string name, NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        if (!TenantFiles.IsValid(name))
            throw new ArgumentException($"Server name '{name}' is outside the safe set: use a-z, 0-9, '-' and '_', at most {TenantFiles.MaxLength} characters.", nameof(name));
        if (!_servers.TryAdd(name, dataSource))
            throw new ArgumentException($"Server '{name}' is already in the set.", nameof(name));
    }

    /// <summary>The server named <paramref name="name"/>.</summary>
    public NpgsqlDataSource this[string name] => _servers.TryGetValue(name, out NpgsqlDataSource? source)
        ? source
        : throw new ArgumentException($"No server named '{name}' in the tenant servers ({string.Join(", ", _servers.Keys)}).", nameof(name));

    /// <summary>The names, in ordinal order (the order the stable-hash policy counts in).</summary>
    public IReadOnlyList<string> Names => new List<string>(_servers.Keys);

    /// <summary>True when a server of that name is in the set.</summary>
    public bool Contains(string name) => _servers.ContainsKey(name);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, NpgsqlDataSource>> GetEnumerator() => _servers.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (NpgsqlDataSource source in _servers.Values)
            await source.DisposeAsync().ConfigureAwait(false);
    }
}
