// Corpus look-alike of usausa/Smart-Net-Data-Mapper:Smart.Data.Mapper.Benchmark/BenchmarkQueries.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Smart.Data.Mapper.Tests;

public class BenchmarkQueries
{
    private readonly SqliteConnection _con = TestDb.OpenWithData(100);

    public long ExecuteScalar() => _con.ExecuteScalar<long>("SELECT COUNT(*) FROM Data");

    public DataEntity? QueryFirst(int id) => _con.QueryFirstOrDefault<DataEntity>("SELECT * FROM Data WHERE Id = @Id", new { Id = id });

    public int Execute(int id) => _con.Execute("UPDATE Data SET Name = @Name WHERE Id = @Id", new { Id = id, Name = "renamed" });

    public List<DataEntity> QueryAll() => _con.Query<DataEntity>("SELECT * FROM Data").AsList();
}
