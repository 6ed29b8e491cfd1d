// Corpus look-alike of usausa/Smart-Net-Data-Mapper:Smart.Data.Mapper.Tests/Data/Mapper/DynamicParameterTest.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Smart.Data.Mapper.Tests;

public class DynamicParameterTest
{
    public void DynamicParameters()
    {
        using SqliteConnection con = TestDb.OpenWithData(3);
        var parameters = new DynamicParameters();
        parameters.Add("Id", 2);
        DataEntity? entity = con.QueryFirstOrDefault<DataEntity>("SELECT * FROM Data WHERE Id = @Id", parameters);
        if (entity?.Id != 2)
            throw new InvalidOperationException();
    }
}
