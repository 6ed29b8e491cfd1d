using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SqliteGen;

/// <summary>
/// Makes plain <c>IOptions&lt;SqliteGenDatabaseOptions&gt;</c> (the unnamed options) mean something after
/// <c>AddSqliteGen</c>, which registers each database's settings under its own name: with one database they are that
/// database's settings; with several, asking for them is an error naming the databases and the call that picks one.
/// A post-configure, so settings the application gives the unnamed options itself (a non-empty <c>Path</c>) win.
/// </summary>
internal sealed class UnnamedDatabaseOptions : IPostConfigureOptions<SqliteGenDatabaseOptions>
{
    private readonly IServiceProvider _services;
    private readonly IEnumerable<DatabaseRegistration> _databases;

    public UnnamedDatabaseOptions(IServiceProvider services, IEnumerable<DatabaseRegistration> databases)
    {
        _services = services;
        _databases = databases;
    }

    public void PostConfigure(string? name, SqliteGenDatabaseOptions options)
    {
        if (name != Options.DefaultName || !string.IsNullOrEmpty(options.Path))
            return;
        List<DatabaseRegistration> databases = _databases.ToList();
        if (databases.Count > 1)
        {
            string first = databases[0].DatabaseType.Name;
            throw new InvalidOperationException(
                $"IOptions<SqliteGenDatabaseOptions> has no single meaning here: AddSqliteGen registered {databases.Count} databases ({string.Join(", ", databases.Select(d => d.DatabaseType.Name))}), each with options of its own name. " +
                $"Ask for one by name: IOptionsMonitor<SqliteGenDatabaseOptions>.Get(SqliteGenServiceCollectionExtensions.OptionsName<{first}>()).");
        }
        if (databases.Count == 0)
            return;
        // Resolved here, not injected: the options monitor is built from the configure/post-configure services, this one included.
        SqliteGenDatabaseOptions named = _services.GetRequiredService<IOptionsMonitor<SqliteGenDatabaseOptions>>().Get(databases[0].OptionsName);
        options.Path = named.Path;
        options.Options = named.Options;
    }
}

/// <summary>One <c>AddSqliteGen&lt;TDatabase&gt;</c> call: the database type and its options name.</summary>
internal sealed record DatabaseRegistration(Type DatabaseType, string OptionsName);
