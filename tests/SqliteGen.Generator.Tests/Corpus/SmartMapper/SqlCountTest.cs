// Corpus look-alike of usausa/Smart-Net-Data-Mapper:Smart.Data.Mapper.Tests/Data/Mapper/Builders/SqlCountTest.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Smart.Data.Mapper.Tests;

public class SqlCountTest
{
    public void All()
    {
        string sql = Smart.Data.Mapper.Builders.SqlCount<Builders.NonKeyEntity>.All();
        if (sql != "SELECT COUNT(*) FROM NonKeyEntity")
            throw new InvalidOperationException(sql);
    }

    public void WhereWithValue()
    {
        using var con = new SqliteConnection(TestDb.Memory);
        con.Open();
        con.Execute("CREATE TABLE NonKeyEntity (Name text, Value int)");
        con.Execute("INSERT INTO NonKeyEntity (Name, Value) VALUES ('a', 1), ('b', 2)");
        int limit = 1;
        long count = con.ExecuteScalar<long>("SELECT COUNT(*) FROM NonKeyEntity WHERE Value > " + limit); // expect: SQLG301
        if (count != 1)
            throw new InvalidOperationException();
    }
}
