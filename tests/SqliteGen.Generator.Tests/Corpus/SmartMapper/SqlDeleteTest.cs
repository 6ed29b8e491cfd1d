// Corpus look-alike of usausa/Smart-Net-Data-Mapper:Smart.Data.Mapper.Tests/Data/Mapper/Builders/SqlDeleteTest.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Smart.Data.Mapper.Tests;

public class SqlDeleteTest
{
    public void ByKey()
    {
        string sql = Smart.Data.Mapper.Builders.SqlDelete<Builders.KeyOnlyEntity>.ByKey();
        if (sql != "DELETE FROM KeyOnlyEntity WHERE Id = @Id")
            throw new InvalidOperationException(sql);
    }

    public void All()
    {
        using var con = new SqliteConnection(TestDb.Memory);
        con.Open();
        con.Execute("CREATE TABLE KeyOnlyEntity (Id int PRIMARY KEY)");
        con.Execute("INSERT INTO KeyOnlyEntity (Id) VALUES (1), (2)");
        int deleted = con.Execute(Smart.Data.Mapper.Builders.SqlDelete<Builders.KeyOnlyEntity>.All());
        if (deleted != 2)
            throw new InvalidOperationException();
    }
}
