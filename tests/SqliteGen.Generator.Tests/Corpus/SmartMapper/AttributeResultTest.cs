// Corpus look-alike of usausa/Smart-Net-Data-Mapper:Smart.Data.Mapper.Tests/Data/Mapper/AttributeResultTest.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Smart.Data.Mapper.Tests;

public class AttributeResultTest
{
    public void AliasedColumns()
    {
        using SqliteConnection con = TestDb.OpenWithData(1);
        DataEntity entity = con.QuerySingle<DataEntity>("SELECT Id AS Id, Name AS Name FROM Data");
        if (entity.Id != 1)
            throw new InvalidOperationException();
    }
}
