// Corpus look-alike of usausa/Smart-Net-Data-Mapper:Smart.Data.Mapper.Tests/Data/Mapper/Builders/SqlUpdateTest.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Smart.Data.Mapper.Tests;

public class SqlUpdateTest
{
    public void ByKey()
    {
        string sql = Smart.Data.Mapper.Builders.SqlUpdate<Builders.Entity>.ByKey();
        if (sql != "UPDATE Entity SET Name = @Name, Value = @Value WHERE Key1 = @Key1 AND Key2 = @Key2")
            throw new InvalidOperationException(sql);
    }
}
