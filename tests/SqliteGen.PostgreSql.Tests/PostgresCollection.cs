using Xunit;

namespace SqliteGen.PostgreSql.Tests;

/// <summary>Every test class of the project shares one server (and so runs one at a time); each test makes its own database.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}
