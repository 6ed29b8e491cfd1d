// Corpus look-alike of usausa/Smart-Net-Data-Mapper:Smart.Data.Mapper.Tests/Data/Mapper/QueryMultipleTest.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Smart.Data.Mapper.Tests;

public class QueryMultipleTest
{
    public void ReadsBothResults()
    {
        using SqliteConnection con = TestDb.OpenWithData(4);
        using SqlMapper.GridReader grid = con.QueryMultiple("SELECT COUNT(*) FROM Data; SELECT * FROM Data WHERE Id = @Id", new { Id = 4 });
        long count = grid.ReadSingle<long>();
        DataEntity entity = grid.ReadSingle<DataEntity>();
        if (count != 4 || entity.Id != 4)
            throw new InvalidOperationException();
    }
}
