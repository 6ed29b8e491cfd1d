// Corpus look-alike of okkema/dotnet:src/Okkema.SQL/Extensions/ServiceCollectionExtensions.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using Okkema.SQL.Factories;
using Okkema.SQL.Options;

namespace Okkema.SQL.Extensions;

/// <summary>What the dependency-injection registration sets up, written out as a plain registry.</summary>
public sealed class SqlRegistrations
{
    private readonly Dictionary<Type, object> _services = new();

    public SqlRegistrations AddSqlite(string connectionString)
    {
        _services[typeof(IDbConnectionFactory)] = new SQLiteConnectionFactory();
        _services[typeof(DbConnectionOptions)] = new DbConnectionOptions { ConnectionString = connectionString };
        return this;
    }

    public T Get<T>() => (T)_services[typeof(T)];
}
