// Corpus look-alike of usausa/Smart-Net-Data-Mapper:Smart.Data.Mapper.Tests/Data/Mapper/ExecuteTest.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Smart.Data.Mapper.Tests;

public class ExecuteTest
{
    public void Execute()
    {
        using var con = new SqliteConnection(TestDb.Memory);
        con.Open();
        con.Execute("CREATE TABLE IF NOT EXISTS Data (Id int PRIMARY KEY, Name text)");
        int effect = con.Execute("INSERT INTO Data (Id, Name) VALUES (1, 'test')");
        if (effect != 1)
            throw new InvalidOperationException();
    }

    public async Task ExecuteAsync()
    {
        await using var con = new SqliteConnection(TestDb.Memory);
        await con.OpenAsync();
        await con.ExecuteAsync("CREATE TABLE IF NOT EXISTS Data (Id int PRIMARY KEY, Name text)");
        int effect = await con.ExecuteAsync("INSERT INTO Data (Id, Name) VALUES (@Id, @Name)", new { Id = 1, Name = "test" });
        if (effect != 1)
            throw new InvalidOperationException();
    }
}
