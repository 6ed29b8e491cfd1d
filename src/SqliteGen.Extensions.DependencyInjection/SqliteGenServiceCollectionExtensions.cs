using System;
using System.Linq;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SqliteGen;

/// <summary>
/// Registers a SqliteGen database in Microsoft.Extensions.DependencyInjection: one instance per container (a
/// singleton: it owns the file's connection pool), opened on first use through the generated <c>Open</c> and disposed
/// with the container.
/// </summary>
/// <example>
/// <code>
/// services.AddSqliteGen&lt;AppDb&gt;(AppDb.Open, options => options.Path = "app.db");
/// services.AddSqliteGen&lt;AppDb&gt;(AppDb.Open, configuration.GetSection("SqliteGen"));
/// </code>
/// </example>
public static class SqliteGenServiceCollectionExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TDatabase"/> as a singleton opened with <paramref name="open"/> (pass the generated
    /// <c>TDatabase.Open</c>) on the file and options that <paramref name="configure"/> sets.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="open">The generated static <c>Open(path, options)</c> of the database class.</param>
    /// <param name="configure">Sets <see cref="SqliteGenDatabaseOptions.Path"/> and, if needed, the options.</param>
    public static IServiceCollection AddSqliteGen<TDatabase>(
        this IServiceCollection services, Func<string, SqliteGenOptions?, TDatabase> open, Action<SqliteGenDatabaseOptions> configure)
        where TDatabase : class, IDisposable
    {
        ArgumentNullException.ThrowIfNull(configure);
        return Register(services, open).Configure(configure).Services;
    }

    /// <summary>
    /// Registers <typeparamref name="TDatabase"/> as a singleton opened with <paramref name="open"/> on the file and
    /// options read from <paramref name="configuration"/> (a section such as <c>"SqliteGen"</c>; keys in
    /// docs/operations.md: <c>Path</c>, <c>BusyTimeout</c>, <c>Synchronous</c>, <c>MaxReaders</c>, <c>Maintenance:Interval</c>, ...),
    /// then adjusted by <paramref name="configure"/> when given. The section is read by hand, with no reflection.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="open">The generated static <c>Open(path, options)</c> of the database class.</param>
    /// <param name="configuration">The configuration section of this database.</param>
    /// <param name="configure">Changes after binding (for what configuration cannot say, such as a logger factory).</param>
    public static IServiceCollection AddSqliteGen<TDatabase>(
        this IServiceCollection services, Func<string, SqliteGenOptions?, TDatabase> open, IConfiguration configuration, Action<SqliteGenDatabaseOptions>? configure = null)
        where TDatabase : class, IDisposable
    {
        ArgumentNullException.ThrowIfNull(configuration);
        OptionsBuilder<SqliteGenDatabaseOptions> builder = Register(services, open)
            .Configure(options => SqliteGenConfiguration.Bind(configuration, options));
        if (configure is not null)
            builder.Configure(configure);
        return builder.Services;
    }

    /// <summary>The options name of <typeparamref name="TDatabase"/>'s settings (its full type name), for <c>IOptionsMonitor.Get</c>.</summary>
    public static string OptionsName<TDatabase>() => typeof(TDatabase).FullName ?? typeof(TDatabase).Name;

    private static OptionsBuilder<SqliteGenDatabaseOptions> Register<TDatabase>(IServiceCollection services, Func<string, SqliteGenOptions?, TDatabase> open)
        where TDatabase : class, IDisposable
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(open);
        string name = OptionsName<TDatabase>();
        services.TryAddSingleton(provider =>
        {
            SqliteGenDatabaseOptions settings = provider.GetRequiredService<IOptionsMonitor<SqliteGenDatabaseOptions>>().Get(name);
            if (string.IsNullOrWhiteSpace(settings.Path))
                throw new InvalidOperationException($"No database file for {typeof(TDatabase).Name}: set SqliteGenDatabaseOptions.Path in AddSqliteGen<{typeof(TDatabase).Name}>(...), or 'Path' in its configuration section.");
            SqliteGenOptions options = settings.Options ?? SqliteGenOptions.Default;
            if (options.LoggerFactory is null && provider.GetService<ILoggerFactory>() is { } loggerFactory)
                options = options with { LoggerFactory = loggerFactory };
            return open(settings.Path, options);
        });
        if (!services.Any(s => s.ServiceType == typeof(DatabaseRegistration) && s.ImplementationInstance is DatabaseRegistration r && r.DatabaseType == typeof(TDatabase)))
            services.AddSingleton(new DatabaseRegistration(typeof(TDatabase), name));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<SqliteGenDatabaseOptions>, UnnamedDatabaseOptions>());
        return services.AddOptions<SqliteGenDatabaseOptions>(name);
    }
}
