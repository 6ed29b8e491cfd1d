// Corpus look-alike of usausa/Smart-Net-Data-Mapper:Smart.Data.Mapper.Tests/Data/Mapper/QueryTest.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Smart.Data.Mapper.Tests;

public class QueryTest
{
    public void Query()
    {
        using SqliteConnection con = TestDb.OpenWithData(2);
        List<DataEntity> list = con.Query<DataEntity>("SELECT * FROM Data ORDER BY Id").ToList();
        if (list.Count != 2 || list[0].Name != "Data-1")
            throw new InvalidOperationException();
    }

    public void QueryBuffered()
    {
        using SqliteConnection con = TestDb.OpenWithData(3);
        var list = con.Query<DataEntity>("SELECT * FROM Data WHERE Id IN @Ids", new { Ids = new[] { 1, 3 } }, buffered: true).ToList();
        if (list.Count != 2)
            throw new InvalidOperationException();
    }
}
