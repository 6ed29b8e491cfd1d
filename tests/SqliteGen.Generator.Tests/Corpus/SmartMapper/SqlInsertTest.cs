// Corpus look-alike of usausa/Smart-Net-Data-Mapper:Smart.Data.Mapper.Tests/Data/Mapper/Builders/SqlInsertTest.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Smart.Data.Mapper.Tests;

public class SqlInsertTest
{
    public void Values()
    {
        string sql = Smart.Data.Mapper.Builders.SqlInsert<Builders.Entity>.Values();
        if (sql != "INSERT INTO Entity (Key1, Key2, Name, Value) VALUES (@Key1, @Key2, @Name, @Value)")
            throw new InvalidOperationException(sql);
    }
}
