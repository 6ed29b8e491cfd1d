// Corpus look-alike of GraphManipulation (code search):GraphManipulation/Vacuuming/SqliteQueryExecutor.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Data;
using Dapper;

namespace GraphManipulation.Vacuuming;

public interface IQueryExecutor
{
    void Execute(string query);
}

public class SqliteQueryExecutor : IQueryExecutor
{
    private readonly IDbConnection _connection;

    public SqliteQueryExecutor(IDbConnection connection)
    {
        _connection = connection;
    }

    public void Execute(string query)
    {
        _connection.Execute(query);
    }
}
