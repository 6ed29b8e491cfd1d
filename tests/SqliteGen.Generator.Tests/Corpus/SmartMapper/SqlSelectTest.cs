// Corpus look-alike of usausa/Smart-Net-Data-Mapper:Smart.Data.Mapper.Tests/Data/Mapper/Builders/SqlSelectTest.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Smart.Data.Mapper.Tests;

public class SqlSelectTest
{
    public void ByKey()
    {
        string sql = Smart.Data.Mapper.Builders.SqlSelect<Builders.Entity>.ByKey();
        if (sql != "SELECT Key1, Key2, Name, Value FROM Entity WHERE Key1 = @Key1 AND Key2 = @Key2")
            throw new InvalidOperationException(sql);
    }

    public void WhereAndOrder()
    {
        string sql = Smart.Data.Mapper.Builders.SqlSelect<Builders.Entity>.Where("Value > @Value", "Name");
        if (!sql.EndsWith(" WHERE Value > @Value ORDER BY Name", StringComparison.Ordinal))
            throw new InvalidOperationException(sql);
    }

    public void RunsAgainstSqlite()
    {
        using var con = new SqliteConnection(TestDb.Memory);
        con.Open();
        con.Execute("CREATE TABLE Entity (Key1 int, Key2 text, Name text, Value int, PRIMARY KEY (Key1, Key2))");
        con.Execute(Smart.Data.Mapper.Builders.SqlInsert<Builders.Entity>.Values(), new Builders.Entity { Key1 = 1, Key2 = "a", Name = "n", Value = 5 });
        var found = con.QueryFirstOrDefault<Builders.Entity>(Smart.Data.Mapper.Builders.SqlSelect<Builders.Entity>.ByKey(), new { Key1 = 1, Key2 = "a" });
        if (found?.Value != 5)
            throw new InvalidOperationException();
    }
}
