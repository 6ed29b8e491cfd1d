// Corpus look-alike of usausa/Smart-Net-Data-Mapper:Smart.Data.Mapper.Tests/Data/Mapper/QueryFirstOrDefaultTest.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Smart.Data.Mapper.Tests;

public class QueryFirstOrDefaultTest
{
    public void QueryFirstOrDefault()
    {
        using SqliteConnection con = TestDb.OpenWithData(1);
        DataEntity? entity = con.QueryFirstOrDefault<DataEntity>("SELECT * FROM Data WHERE Id = @Id", new { Id = 1 });
        if (entity?.Name != "Data-1")
            throw new InvalidOperationException();
        DataEntity? missing = con.QueryFirstOrDefault<DataEntity>("SELECT * FROM Data WHERE Id = @Id", new { Id = 2 });
        if (missing is not null)
            throw new InvalidOperationException();
    }

    public async Task QueryFirstOrDefaultAsync()
    {
        using SqliteConnection con = TestDb.OpenWithData(1);
        DataEntity? entity = await con.QueryFirstOrDefaultAsync<DataEntity>("SELECT * FROM Data WHERE Id = @Id", new { Id = 1 });
        if (entity is null)
            throw new InvalidOperationException();
    }
}
