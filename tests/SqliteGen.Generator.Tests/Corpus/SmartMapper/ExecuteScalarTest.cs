// Corpus look-alike of usausa/Smart-Net-Data-Mapper:Smart.Data.Mapper.Tests/Data/Mapper/ExecuteScalarTest.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Smart.Data.Mapper.Tests;

public class ExecuteScalarTest
{
    public void ExecuteScalar()
    {
        using SqliteConnection con = TestDb.OpenWithData(2);
        long count = con.ExecuteScalar<long>("SELECT COUNT(*) FROM Data");
        if (count != 2)
            throw new InvalidOperationException();
    }

    public void ExecuteScalarWithCondition()
    {
        using SqliteConnection con = TestDb.OpenWithData(5);
        long count = con.ExecuteScalar<long>("SELECT COUNT(*) FROM Data WHERE Id > @Id", new { Id = 2 });
        if (count != 3)
            throw new InvalidOperationException();
    }
}
