// Corpus look-alike of usausa/Smart-Net-Data-Mapper:Smart.Data.Mapper.Tests/Data/Mapper/DictionaryParameterTest.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Smart.Data.Mapper.Tests;

public class DictionaryParameterTest
{
    public void Dictionary()
    {
        using SqliteConnection con = TestDb.OpenWithData(3);
        var parameters = new Dictionary<string, object> { ["Id"] = 3 };
        long count = con.ExecuteScalar<long>("SELECT COUNT(*) FROM Data WHERE Id = @Id", parameters);
        if (count != 1)
            throw new InvalidOperationException();
    }
}
