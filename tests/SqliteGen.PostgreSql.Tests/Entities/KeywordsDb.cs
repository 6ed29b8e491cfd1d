namespace SqliteGen.PostgreSql.Tests.Entities;

// Names either engine must quote: SQL keywords as the table and column names (order, select, group), a double quote in a
// column name, and a table named after a keyword that references the first (a foreign key between quoted names).

[SqliteDatabase(Tables = new[] { typeof(KeywordOrder), typeof(KeywordLine) })]
public partial class KeywordsDb;

[Table("order", Accessor = "Orders")]
public partial record KeywordOrder(
    [PrimaryKey(AutoIncrement = true)] long Id,
    [Column("select"), Indexed] string Select,
    [Column("a \"quoted\" col"), Unique] string Quoted,
    [Column("group")] string? Group);

[Table("select", Accessor = "Lines")]
public partial record KeywordLine(
    [PrimaryKey(Order = 0), Column("where"), References(typeof(KeywordOrder), OnDelete = ForeignKeyAction.Cascade)] long Where,
    [PrimaryKey(Order = 1), Column("from")] int From,
    [Column("it's")] string Text);
