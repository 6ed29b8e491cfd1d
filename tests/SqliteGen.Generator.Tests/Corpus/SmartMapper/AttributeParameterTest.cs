// Corpus look-alike of usausa/Smart-Net-Data-Mapper:Smart.Data.Mapper.Tests/Data/Mapper/AttributeParameterTest.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Smart.Data.Mapper.Tests;

public class AttributeParameterTest
{
    public void NamedByAttribute()
    {
        using SqliteConnection con = TestDb.OpenWithData(0);
        con.Execute("INSERT INTO Data (Id, Name) VALUES (@Id, @Name)", new DataEntity { Id = 10, Name = "ten" });
        string? name = con.ExecuteScalar<string>("SELECT Name FROM Data WHERE Id = 10");
        if (name != "ten")
            throw new InvalidOperationException();
    }
}
