// Corpus look-alike of okkema/dotnet:src/Okkema.SQL/Factories/SQLiteConnectionFactory.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Data;
using Microsoft.Data.Sqlite;

namespace Okkema.SQL.Factories;

public class SQLiteConnectionFactory : IDbConnectionFactory
{
    public IDbConnection CreateConnection(string connectionString) => new SqliteConnection(connectionString);
}
