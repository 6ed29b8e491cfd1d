using SqliteGen.Runtime;

namespace SqliteGen.Tests.Entities;

/// <summary>The generated TypesDb's pool, for tests that watch the pool's gates while they use the generated methods.</summary>
public partial class TypesDb
{
    internal SqliteConnectionPool Pool => _pool;
}
