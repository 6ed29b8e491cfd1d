// Corpus look-alike of usausa/Smart-Net-Data-Mapper:Smart.Data.Mapper.Tests/Data/Mapper/MapTypeTest.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Smart.Data.Mapper.Tests;

public class MapTypeTest
{
    public void MapsNullToDefault()
    {
        using var con = new SqliteConnection(TestDb.Memory);
        con.Open();
        con.Execute("CREATE TABLE Data (Id int PRIMARY KEY, Name text)");
        con.Execute("INSERT INTO Data (Id, Name) VALUES (1, NULL)");
        DataEntity entity = con.QuerySingle<DataEntity>("SELECT * FROM Data");
        if (entity.Name is not null)
            throw new InvalidOperationException();
    }
}
