using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SqliteGen.Tests.Diagnostics;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.Tests.DependencyInjection;

/// <summary><c>services.AddSqliteGen&lt;TDatabase&gt;(...)</c> with a real container, on real files.</summary>
public sealed class AddSqliteGenTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    [Fact]
    public void The_database_is_one_singleton_opened_on_first_use_logged_to_the_container_and_disposed_with_it()
    {
        var logs = new CapturingLoggerFactory();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(logs);
        services.AddSqliteGen<TypesDb>(TypesDb.Open, options => options.Path = _folder.File());

        TypesDb db;
        using (ServiceProvider provider = services.BuildServiceProvider())
        {
            Assert.Empty(logs.Named("DatabaseOpened")); // nothing opened until asked for
            db = provider.GetRequiredService<TypesDb>();
            Assert.Same(db, provider.GetRequiredService<TypesDb>());
            db.Counters.Insert(new Counter(1, 1, "from DI"));
            Assert.Equal(_folder.File(), db.FilePath);
            Assert.Single(logs.Named("DatabaseOpened")); // the container's ILoggerFactory was used
        }
        Assert.Throws<ObjectDisposedException>(() => db.Counters.Count()); // closed with the container
    }

    [Fact]
    public void Options_are_bound_from_a_configuration_section_without_reflection()
    {
        IConfiguration configuration = Configuration(new()
        {
            ["SqliteGen:Path"] = _folder.File("configured.db"),
            ["SqliteGen:BusyTimeout"] = "00:00:02",
            ["SqliteGen:Synchronous"] = "full",
            ["SqliteGen:MaxReaders"] = "2",
            ["SqliteGen:GroupCommit"] = "false",
            ["SqliteGen:VectorBackend"] = "Exact",
            ["SqliteGen:Maintenance:Interval"] = "00:00:30",
            ["SqliteGen:Maintenance:WalCheckpointBytes"] = "1048576",
        });
        var services = new ServiceCollection();
        services.AddSqliteGen<TypesDb>(TypesDb.Open, configuration.GetSection("SqliteGen"),
            options => options.Options = options.Options with { MaxOpenTenants = 3 }); // code after configuration

        using ServiceProvider provider = services.BuildServiceProvider();
        SqliteGenDatabaseOptions bound = provider.GetRequiredService<IOptionsMonitor<SqliteGenDatabaseOptions>>()
            .Get(SqliteGenServiceCollectionExtensions.OptionsName<TypesDb>());
        Assert.Equal(_folder.File("configured.db"), bound.Path);
        SqliteGenOptions o = bound.Options;
        Assert.Equal(TimeSpan.FromSeconds(2), o.BusyTimeout);
        Assert.Equal(SynchronousMode.Full, o.Synchronous);
        Assert.Equal(2, o.MaxReaders);
        Assert.False(o.GroupCommit);
        Assert.Equal(VectorBackend.Exact, o.VectorBackend);
        Assert.Equal(3, o.MaxOpenTenants);
        Assert.Equal(SqliteGenOptions.Default.CacheSizeKiB, o.CacheSizeKiB); // keys not given keep their defaults
        Assert.Equal(TimeSpan.FromSeconds(30), o.Maintenance!.Interval);
        Assert.Equal(1_048_576, o.Maintenance.WalCheckpointBytes);
        Assert.Equal(MaintenanceSchedule.Default.FreelistVacuumBytes, o.Maintenance.FreelistVacuumBytes);

        TypesDb db = provider.GetRequiredService<TypesDb>();
        Assert.Equal(_folder.File("configured.db"), db.FilePath);
    }

    /// <summary>
    /// Both values of <c>ReuseReadSnapshots</c>, and no value: one of the two values always differs from
    /// <see cref="SqliteGenOptions.Default"/>, which <c>SQLITEGEN_TEST_REUSE_READ_SNAPSHOTS=1</c> turns on for the whole run
    /// (<see cref="TestOptions"/>), so the binding is proved whichever way the run is set; a missing key keeps the default.
    /// </summary>
    [Theory]
    [InlineData("True")] // keys and values are case-insensitive
    [InlineData("false")]
    [InlineData(null)]
    public void The_WAL_bound_and_kept_read_snapshots_are_bound_from_configuration(string? reuseReadSnapshots)
    {
        var values = new Dictionary<string, string?>
        {
            ["SqliteGen:Path"] = _folder.File("snapshots.db"),
            ["SqliteGen:WalSizeLimitBytes"] = "1048576",
        };
        if (reuseReadSnapshots is not null)
            values["SqliteGen:reusereadsnapshots"] = reuseReadSnapshots;
        var services = new ServiceCollection();
        services.AddSqliteGen<TypesDb>(TypesDb.Open, Configuration(values).GetSection("SqliteGen"));
        using ServiceProvider provider = services.BuildServiceProvider();

        SqliteGenOptions o = provider.GetRequiredService<IOptionsMonitor<SqliteGenDatabaseOptions>>()
            .Get(SqliteGenServiceCollectionExtensions.OptionsName<TypesDb>()).Options;
        Assert.NotEqual(1_048_576, SqliteGenOptions.Default.WalSizeLimitBytes); // the value given is not the default
        Assert.Equal(TestOptions.ReuseReadSnapshots, SqliteGenOptions.Default.ReuseReadSnapshots); // what this run's default is
        Assert.Equal(1_048_576, o.WalSizeLimitBytes);
        Assert.Equal(reuseReadSnapshots is null ? SqliteGenOptions.Default.ReuseReadSnapshots : bool.Parse(reuseReadSnapshots), o.ReuseReadSnapshots);

        TypesDb db = provider.GetRequiredService<TypesDb>();
        db.Counters.Insert(new Counter(1, 1, "configured"));
        Assert.Equal("configured", db.Counters.Get(1, 1).Note);
    }

    [Theory]
    [InlineData("WalSizeLimitBytes", "64MB", "SqliteGen:WalSizeLimitBytes")]
    [InlineData("ReuseReadSnapshots", "yes", "SqliteGen:ReuseReadSnapshots")]
    [InlineData("BusyTimeout", "five seconds", "SqliteGen:BusyTimeout")]
    [InlineData("Synchronous", "Paranoid", "SqliteGen:Synchronous")]
    [InlineData("Synchronous", "7", "SqliteGen:Synchronous")]
    [InlineData("MaxReaders", "4.5", "SqliteGen:MaxReaders")]
    [InlineData("Maintenance:Interval", "soon", "SqliteGen:Maintenance:Interval")]
    public void A_bad_configuration_value_is_an_error_naming_its_key(string key, string value, string named)
    {
        IConfiguration configuration = Configuration(new() { ["SqliteGen:Path"] = _folder.File(), ["SqliteGen:" + key] = value });
        var services = new ServiceCollection();
        services.AddSqliteGen<TypesDb>(TypesDb.Open, configuration.GetSection("SqliteGen"));
        using ServiceProvider provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<TypesDb>());
        Assert.Contains($"'{named}' is '{value}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Maintenance_enabled_false_turns_the_schedule_off_and_a_missing_path_says_what_to_set()
    {
        IConfiguration configuration = Configuration(new() { ["Db:Maintenance:Enabled"] = "false" });
        var services = new ServiceCollection();
        services.AddSqliteGen<TypesDb>(TypesDb.Open, configuration.GetSection("Db"));
        using ServiceProvider provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<TypesDb>());
        Assert.Contains("SqliteGenDatabaseOptions.Path", error.Message, StringComparison.Ordinal);
        Assert.Null(provider.GetRequiredService<IOptionsMonitor<SqliteGenDatabaseOptions>>().Get(SqliteGenServiceCollectionExtensions.OptionsName<TypesDb>()).Options.Maintenance);
    }

    [Fact]
    public void Two_database_classes_keep_their_own_files_and_settings()
    {
        var services = new ServiceCollection();
        services.AddSqliteGen<TypesDb>(TypesDb.Open, options => options.Path = _folder.File("types.db"));
        services.AddSqliteGen<PatternsDb>(PatternsDb.Open, options => options.Path = _folder.File("patterns.db"));
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Equal(_folder.File("types.db"), provider.GetRequiredService<TypesDb>().FilePath);
        Assert.Equal(_folder.File("patterns.db"), provider.GetRequiredService<PatternsDb>().FilePath);
        Assert.Single(services, d => d.ServiceType == typeof(TypesDb));
    }

    [Fact]
    public void Plain_IOptions_gives_the_single_database_its_settings()
    {
        var services = new ServiceCollection();
        services.AddSqliteGen<TypesDb>(TypesDb.Open, options =>
        {
            options.Path = _folder.File("types.db");
            options.Options = options.Options with { MaxReaders = 2 };
        });
        using ServiceProvider provider = services.BuildServiceProvider();

        SqliteGenDatabaseOptions plain = provider.GetRequiredService<IOptions<SqliteGenDatabaseOptions>>().Value;
        Assert.Equal(_folder.File("types.db"), plain.Path);
        Assert.Equal(2, plain.Options.MaxReaders);
        Assert.Equal(plain.Path, provider.GetRequiredService<TypesDb>().FilePath);
    }

    [Fact]
    public void Plain_IOptions_with_two_databases_is_an_error_that_says_how_to_ask_for_one()
    {
        var services = new ServiceCollection();
        services.AddSqliteGen<TypesDb>(TypesDb.Open, options => options.Path = _folder.File("types.db"));
        services.AddSqliteGen<PatternsDb>(PatternsDb.Open, options => options.Path = _folder.File("patterns.db"));
        using ServiceProvider provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IOptions<SqliteGenDatabaseOptions>>().Value);
        Assert.Contains("TypesDb, PatternsDb", error.Message, StringComparison.Ordinal);
        Assert.Contains("OptionsName<TypesDb>()", error.Message, StringComparison.Ordinal);
        Assert.Equal(_folder.File("patterns.db"), provider.GetRequiredService<IOptionsMonitor<SqliteGenDatabaseOptions>>().Get(SqliteGenServiceCollectionExtensions.OptionsName<PatternsDb>()).Path);
    }

    [Fact]
    public void Unnamed_options_the_application_sets_itself_are_left_alone()
    {
        var services = new ServiceCollection();
        services.AddSqliteGen<TypesDb>(TypesDb.Open, options => options.Path = _folder.File("types.db"));
        services.AddSqliteGen<PatternsDb>(PatternsDb.Open, options => options.Path = _folder.File("patterns.db"));
        services.Configure<SqliteGenDatabaseOptions>(options => options.Path = "mine.db");
        using ServiceProvider provider = services.BuildServiceProvider();
        Assert.Equal("mine.db", provider.GetRequiredService<IOptions<SqliteGenDatabaseOptions>>().Value.Path);
    }
}
