using System;
using System.Threading.Tasks;
using BothEngines;
using Npgsql;

// The engine is configuration: a PostgreSQL connection string (argument --postgres "..." or SQLITEGEN_POSTGRES) opens the
// database on PostgreSQL; without one, a SQLite file (./shop.db, or the path given). The code in Shop.cs is the same.
string? postgres = args.Length >= 2 && args[0] == "--postgres" ? args[1] : Environment.GetEnvironmentVariable("SQLITEGEN_POSTGRES");
try
{
    if (postgres is { Length: > 0 })
    {
        // The slim builder: what a trimmed or NativeAOT application uses; the generated code needs nothing it leaves out.
        await using NpgsqlDataSource dataSource = new NpgsqlSlimDataSourceBuilder(postgres).Build();
        await using ShopDb.PostgreSql db = await ShopDb.OpenPostgreSqlAsync(dataSource);
        Console.WriteLine("engine: PostgreSQL");
        await Shop.RunAsync(db, Console.Out);
    }
    else
    {
        string path = args.Length == 1 ? args[0] : "shop.db";
        await using ShopDb db = ShopDb.Open(path);
        Console.WriteLine("engine: SQLite " + db.FilePath);
        await Shop.RunAsync(db, Console.Out);
    }
    return 0;
}
catch (SqliteGen.SqliteGenException error)
{
    Console.Error.WriteLine(error.Message);
    return 1;
}
