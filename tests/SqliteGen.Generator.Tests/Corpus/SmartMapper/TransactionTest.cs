// Corpus look-alike of usausa/Smart-Net-Data-Mapper:Smart.Data.Mapper.Tests/Data/Mapper/TransactionTest.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Smart.Data.Mapper.Tests;

public class TransactionTest
{
    public void RollbackDiscardsRows()
    {
        using SqliteConnection con = TestDb.OpenWithData(0);
        using (SqliteTransaction tx = con.BeginTransaction())
        {
            con.Execute("INSERT INTO Data (Id, Name) VALUES (@Id, @Name)", new { Id = 1, Name = "x" }, tx);
            tx.Rollback();
        }
        if (con.ExecuteScalar<long>("SELECT COUNT(*) FROM Data") != 0)
            throw new InvalidOperationException();
    }

    public void CommitKeepsRows()
    {
        using SqliteConnection con = TestDb.OpenWithData(0);
        using (SqliteTransaction tx = con.BeginTransaction())
        {
            for (int i = 1; i <= 3; i++)
                con.Execute("INSERT INTO Data (Id, Name) VALUES (@Id, @Name)", new { Id = i, Name = "x" + i }, tx);
            tx.Commit();
        }
        if (con.ExecuteScalar<long>("SELECT COUNT(*) FROM Data") != 3)
            throw new InvalidOperationException();
    }
}
