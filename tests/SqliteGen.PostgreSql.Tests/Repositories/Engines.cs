using System;
using System.Collections.Generic;
using System.IO;
using Npgsql;
using SqliteGen.PostgreSql.Tests.Entities;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.PostgreSql.Tests.Repositories;

/// <summary>The scenarios on SQLite: each database a new file in a folder of the test's own, opened with the generated <c>Open</c>.</summary>
public sealed class SqliteScenarios : EngineScenarios
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sqlitegen-engines-").FullName;
    private int _files;

    private string NextFile() => Path.Combine(_folder, $"db{++_files}.db");

    protected override ILearningDb OpenLearning() => LearningDb.Open(NextFile());

    protected override ITypesDb OpenTypes() => TypesDb.Open(NextFile());

    protected override IMonitorDb OpenMonitor() => MonitorDb.Open(NextFile());

    protected override IKeywordsDb OpenKeywords() => KeywordsDb.Open(NextFile());

    public override void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>
/// The scenarios on PostgreSQL: each database a new, empty database of the fixture's server, opened with the generated
/// <c>OpenPostgreSql</c> through a data source built with Npgsql's slim builder (what a NativeAOT application uses).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlScenarios(PostgresServer server) : EngineScenarios
{
    private readonly List<NpgsqlDataSource> _dataSources = [];

    /// <summary>A data source for a new database, pooling its connections (the fixture's connection strings do not).</summary>
    internal static NpgsqlDataSource NewDataSource(PostgresServer server, List<NpgsqlDataSource> owned)
    {
        var builder = new NpgsqlConnectionStringBuilder(server.CreateDatabase()) { Pooling = true };
        NpgsqlDataSource dataSource = new NpgsqlSlimDataSourceBuilder(builder.ConnectionString).Build();
        owned.Add(dataSource);
        return dataSource;
    }

    protected override ILearningDb OpenLearning() => LearningDb.OpenPostgreSql(NewDataSource(server, _dataSources));

    protected override ITypesDb OpenTypes() => TypesDb.OpenPostgreSql(NewDataSource(server, _dataSources));

    protected override IMonitorDb OpenMonitor() => MonitorDb.OpenPostgreSql(NewDataSource(server, _dataSources));

    protected override IKeywordsDb OpenKeywords() => KeywordsDb.OpenPostgreSql(NewDataSource(server, _dataSources));

    public override void Dispose()
    {
        foreach (NpgsqlDataSource dataSource in _dataSources)
            dataSource.Dispose();
    }
}
