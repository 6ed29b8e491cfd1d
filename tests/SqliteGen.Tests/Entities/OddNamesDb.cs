using System.Collections.Generic;

namespace SqliteGen.Tests.Entities;

// Names that must be quoted or escaped wherever the generated code writes them: SQL keywords ("order", "select",
// "group"), a double quote, a backslash, spaces, non-ASCII letters, and members named with C# keywords. Each table
// carries a feature: a layered tenant table with full text and a vector, an isolated one, a shared one with both
// searches and an index, and [Query] methods over them. The generated code must compile and run on a real file
// (tests/SqliteGen.Tests/OddNamesTests.cs); tests/SqliteGen.Generator.Tests snapshots it ("OddNames").

[SqliteDatabase(Version = 1, Tables = new[] { typeof(OddOrder), typeof(OddQuoted), typeof(OddPlace) })]
public partial class OddNamesDb
{
    [Query("SELECT * FROM \"order\" WHERE \"select\" = $select ORDER BY id")]
    public partial IReadOnlyList<OddOrder> OrdersSelecting(string select);

    [Query("SELECT \"a \"\"quoted\"\" col\" FROM \"my \"\"quoted\"\" table\" WHERE \"class\" = $key")]
    public partial string? QuotedTextOf(string key);

    [Query("UPDATE \"odd \\ place ü\" SET \"group\" = $group WHERE \"back\\slash key\" = $key")]
    public partial int MovePlace(string key, string group);
}

/// <summary>An SQL keyword as the table name, layered per tenant, with full text and a vector.</summary>
[Table("order", Accessor = "Orders"), TenantScoped(TenantMode.Layered)]
public partial record OddOrder(
    [PrimaryKey] long Id,
    [Column("select"), Indexed] string Select,
    [Column("naïve ünïcode"), FullText] string Text,
    [Column("back\\slash"), Vector(3)] float[]? Embedding = null);

/// <summary>Double quotes in the table and a column name, isolated per tenant, a C# keyword as the key member.</summary>
[Table("my \"quoted\" table", Accessor = "Quoted"), TenantScoped(TenantMode.Isolated)]
public partial record OddQuoted(
    [PrimaryKey] string @class,
    [Column("a \"quoted\" col"), Unique] string Text);

/// <summary>A backslash, a space and a non-ASCII letter in the table name; both searches on odd column names; shared.</summary>
[Table("odd \\ place ü", Accessor = "Places")]
public partial record OddPlace(
    [PrimaryKey, Column("back\\slash key")] string Key,
    [Column("group"), Indexed] string @group,
    [Column("full \"text\""), FullText] string Body,
    [Column("vec tor"), Vector(3)] float[]? @float = null);
