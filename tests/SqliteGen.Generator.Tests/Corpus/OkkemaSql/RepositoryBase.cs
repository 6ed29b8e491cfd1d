// Corpus look-alike of okkema/dotnet:src/Okkema.SQL/Repositories/RepositoryBase.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Data;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using Dapper;
using Okkema.SQL.Entities;
using Okkema.SQL.Factories;
using Okkema.SQL.Options;

namespace Okkema.SQL.Repositories;

/// <summary>CRUD for an entity whose table is named after its type; names come from the type, values are parameters.</summary>
public abstract class RepositoryBase<T> : IRepository<T> where T : EntityBase
{
    private readonly IDbConnectionFactory _factory;
    private readonly DbConnectionOptions _options;
    private readonly string _table = typeof(T).Name;
    private readonly string[] _columns = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).ToArray();

    protected RepositoryBase(IDbConnectionFactory factory, DbConnectionOptions options)
    {
        _factory = factory;
        _options = options;
    }

    protected IDbConnection Open() => _factory.CreateConnection(_options.ConnectionString);

    public async Task<T?> ReadAsync(Guid systemKey)
    {
        using IDbConnection connection = Open();
        return await connection.QueryFirstOrDefaultAsync<T>($"SELECT * FROM {_table} WHERE SystemKey = @systemKey", new { systemKey });
    }

    public async Task<IEnumerable<T>> ListAsync(int skip, int take)
    {
        using IDbConnection connection = Open();
        return await connection.QueryAsync<T>($"SELECT * FROM {_table} ORDER BY CreatedUtc LIMIT {take} OFFSET {skip}"); // expect: SQLG301
    }

    public async Task CreateAsync(T entity)
    {
        using IDbConnection connection = Open();
        string columns = string.Join(", ", _columns);
        string values = string.Join(", ", _columns.Select(c => "@" + c));
        await connection.ExecuteAsync($"INSERT INTO {_table} ({columns}) VALUES ({values})", entity);
    }

    public async Task<bool> UpdateAsync(T entity)
    {
        entity.UpdatedUtc = DateTime.UtcNow;
        using IDbConnection connection = Open();
        string assignments = string.Join(", ", _columns.Where(c => c != nameof(EntityBase.SystemKey)).Select(c => c + " = @" + c));
        return await connection.ExecuteAsync($"UPDATE {_table} SET {assignments} WHERE SystemKey = @SystemKey", entity) == 1;
    }

    public async Task<bool> DeleteAsync(Guid systemKey)
    {
        using IDbConnection connection = Open();
        return await connection.ExecuteAsync($"DELETE FROM {_table} WHERE SystemKey = @systemKey", new { systemKey }) == 1;
    }
}
