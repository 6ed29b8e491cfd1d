using System;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Data.Sqlite;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.Tests;

/// <summary>
/// <see cref="OddNamesDb"/>'s generated code on real files: SQL keywords, double quotes, a backslash, spaces,
/// non-ASCII letters and C# keywords as names, through tenancy (layered and isolated), vectors, full text,
/// import and [Query] methods. What the files hold is read back with SQLite's own catalogue.
/// </summary>
public sealed class OddNamesTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private OddNamesDb Open() => OddNamesDb.Open(_folder.File("base.db"));

    private static string Text(string file, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=false;Mode=ReadOnly");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
    }

    [Fact]
    public void The_tables_and_columns_carry_their_names_exactly()
    {
        using OddNamesDb db = Open();
        string file = db.FilePath;

        Assert.Equal("my \"quoted\" table|odd \\ place ü|order",
            Text(file, "SELECT group_concat(name, '|') FROM (SELECT name FROM sqlite_schema WHERE type = 'table' AND name IN ('order', 'my \"quoted\" table', 'odd \\ place ü') ORDER BY name)"));
        Assert.Equal("id|select|naïve ünïcode|back\\slash", Text(file, "SELECT group_concat(name, '|') FROM pragma_table_info('order')"));
        Assert.Equal("class|a \"quoted\" col", Text(file, "SELECT group_concat(name, '|') FROM pragma_table_info('my \"quoted\" table')"));
        Assert.Equal("back\\slash key|group|full \"text\"|vec tor", Text(file, "SELECT group_concat(name, '|') FROM pragma_table_info('odd \\ place ü')"));
        Assert.Equal("ok", Text(file, "PRAGMA integrity_check"));
    }

    [Fact]
    public void A_layered_table_named_order_reads_writes_and_searches_through_the_tenant_and_the_base()
    {
        using OddNamesDb db = Open();
        db.Base.Orders.Insert(new OddOrder(1, "base", "shared apple pie", new float[] { 1, 0, 0 }));
        db.Base.Orders.Insert(new OddOrder(2, "base", "shared banana bread", new float[] { 0, 1, 0 }));
        using OddNamesDb.TenantView alice = db.ForTenant("alice");
        alice.Orders.Insert(new OddOrder(1, "own", "alice's apple tart", new float[] { 0, 0, 1 }));

        Assert.Equal("alice's apple tart", alice.Orders.Get(1).Text); // the tenant's row first (the key filter ran its SELECT)
        Assert.Equal("shared banana bread", alice.Orders.Get(2).Text);
        Assert.Equal(new long[] { 1 }, alice.Orders.FindBySelect("own").Select(o => o.Id));
        Assert.Equal(2, alice.Orders.Count());
        Assert.Equal(new long[] { 1 }, alice.Orders.Search("apple", 10).Select(m => m.Item.Id));
        Assert.Equal("alice's apple tart", alice.Orders.Search("apple", 10)[0].Item.Text);
        Assert.Equal(2, alice.Orders.Nearest(new float[] { 0, 1, 0 }, 1)[0].Item.Id);
        Assert.Equal(1, alice.Orders.Nearest(new float[] { 0, 0, 1 }, 1)[0].Item.Id);
        Assert.True(alice.Orders.Delete(1));
        Assert.Equal("shared apple pie", alice.Orders.Get(1).Text);

        EntityNotFoundException missing = Assert.Throws<EntityNotFoundException>(() => db.Base.Orders.Get(9));
        Assert.Contains("'order'", missing.Message);
        Assert.Contains("id = 9", missing.Message);
        Assert.Equal("1|2", Text(db.FilePath, "SELECT group_concat(id, '|') FROM \"order\""));
        Assert.Equal("0", Text(alice.FilePath, "SELECT count(*) FROM \"order\""));
    }

    [Fact]
    public void An_isolated_table_with_quotes_in_its_names_keeps_each_tenants_rows_apart()
    {
        using OddNamesDb db = Open();
        using (OddNamesDb.TenantView alice = db.ForTenant("alice"))
        {
            alice.Quoted.Insert(new OddQuoted("k1", "say \"hi\" \\ {braces}"));
            Assert.Equal("say \"hi\" \\ {braces}", alice.Quoted.Get("k1").Text);
            Assert.Equal("k1", alice.Quoted.FindByText("say \"hi\" \\ {braces}")!.@class);
            Assert.Equal("say \"hi\" \\ {braces}", Text(alice.FilePath, "SELECT \"a \"\"quoted\"\" col\" FROM \"my \"\"quoted\"\" table\" WHERE class = 'k1'"));
            EntityNotFoundException missing = Assert.Throws<EntityNotFoundException>(() => alice.Quoted.Get("nope"));
            Assert.Contains("'my \"quoted\" table'", missing.Message);
            Assert.Contains("class = nope", missing.Message);
        }
        using (OddNamesDb.TenantView bob = db.ForTenant("bob"))
            Assert.Equal(0, bob.Quoted.Count());
        Assert.Equal("0", Text(db.FilePath, "SELECT count(*) FROM \"my \"\"quoted\"\" table\""));
    }

    [Fact]
    public void A_shared_table_with_a_backslash_space_and_umlaut_searches_imports_and_runs_queries()
    {
        using OddNamesDb db = Open();
        db.Places.Insert(new OddPlace("a\\1", "north", "quiet harbour town", new float[] { 1, 0, 0 }));
        db.Places.Insert(new OddPlace("b 2", "south", "busy market square", new float[] { 0, 1, 0 }));
        string json = """
            [{"back\\slash key": "c\"3", "group": "north", "full \"text\"": "harbour lighthouse", "vec tor": null},
             {"Key": "d{4}", "group": "east", "Body": "mountain pass"}]
            """;
        ImportSummary summary = db.Places.ImportJson(new MemoryStream(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(2, summary.Inserted);
        Assert.Equal(new[] { "a\\1", "c\"3" }, db.Places.Search("harbour", 10).Select(m => m.Item.Key).Order(StringComparer.Ordinal));
        Assert.Equal("b 2", db.Places.Nearest(new float[] { 0, 1, 0.1f }, 1)[0].Item.Key);
        Assert.Equal(new[] { "a\\1", "c\"3" }, db.Places.FindBygroup("north").Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("mountain pass", db.Places.Get("d{4}").Body);

        Assert.Equal(1, db.MovePlace("d{4}", "west"));
        Assert.Equal("west", Text(db.FilePath, "SELECT \"group\" FROM \"odd \\ place ü\" WHERE \"back\\slash key\" = 'd{4}'"));
        db.Base.Orders.Insert(new OddOrder(5, "pick", "x"));
        db.Base.Orders.Insert(new OddOrder(6, "skip", "y"));
        Assert.Equal(new long[] { 5 }, db.OrdersSelecting("pick").Select(o => o.Id));
        Assert.Null(db.QuotedTextOf("k1")); // the base file's copy of the isolated table is empty
        Assert.Equal("4", Text(db.FilePath, "SELECT count(*) FROM \"odd \\ place ü_fts\""));
    }
}
