// Corpus look-alike of usausa/Smart-Net-Data-Mapper:Smart.Data.Mapper.Tests/Data/Mapper/ExecuteReaderTest.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Smart.Data.Mapper.Tests;

public class ExecuteReaderTest
{
    public void Reader()
    {
        using SqliteConnection con = TestDb.OpenWithData(2);
        using var reader = con.ExecuteReader("SELECT Id, Name FROM Data ORDER BY Id");
        int rows = 0;
        while (reader.Read())
            rows++;
        if (rows != 2)
            throw new InvalidOperationException();
    }

    public void ReaderForName(string name)
    {
        using SqliteConnection con = TestDb.OpenWithData(2);
        using var reader = con.ExecuteReader($"SELECT Id FROM Data WHERE Name = '{name}'"); // expect: SQLG301
        reader.Read();
    }
}
