// Corpus look-alike of usausa/Smart-Net-Data-Mapper:Smart.Data.Mapper.Tests/Connections.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using Dapper;
using Microsoft.Data.Sqlite;

namespace Smart.Data.Mapper.Tests;

internal static class TestDb
{
    public const string Memory = "Data Source=:memory:";

    public static SqliteConnection OpenWithData(int rows)
    {
        var con = new SqliteConnection(Memory);
        con.Open();
        con.Execute("CREATE TABLE IF NOT EXISTS Data (Id int PRIMARY KEY, Name text)");
        for (int i = 1; i <= rows; i++)
            con.Execute("INSERT INTO Data (Id, Name) VALUES (@Id, @Name)", new { Id = i, Name = "Data-" + i });
        return con;
    }
}
