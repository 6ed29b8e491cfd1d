// Corpus look-alike of okkema/dotnet:src/Okkema.SQL/Factories/IDbConnectionFactory.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Data;

namespace Okkema.SQL.Factories;

public interface IDbConnectionFactory
{
    IDbConnection CreateConnection(string connectionString);
}
