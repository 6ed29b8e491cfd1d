using System;
using System.Linq;

namespace SqliteGen.Benchmarks;

/// <summary>
/// The orders' rows keyed by an INTEGER PRIMARY KEY (SQLite's rowid) instead of the Guid's text, in a file of their own:
/// a get by key is then one B-tree search of the table instead of a search of the key's index and then one of the table,
/// and the key is bound as a number instead of 36 characters of text. The read-snapshot benchmark's "get by integer key"
/// rows (SqliteGen and the C floor) read it.
/// </summary>
[SqliteDatabase(Version = 1, Tables = new[] { typeof(NumberedOrder) })]
public partial class NumberedBenchDb;

/// <summary>Row <c>Number - 1</c> of <see cref="OrderData"/>, with its Guid kept as a plain column.</summary>
[Table("numbered_orders")]
public partial record NumberedOrder(
    [PrimaryKey] long Number,
    Guid OrderId,
    string Reference,
    string Customer,
    string Note,
    DateTimeOffset CreatedAt,
    double Amount,
    int Quantity)
{
    /// <summary>Order row <paramref name="n"/> (<see cref="OrderData.Create"/>) as number <c>n + 1</c>.</summary>
    public static NumberedOrder Create(long n)
    {
        Order o = OrderData.Create(n);
        return new NumberedOrder(n + 1, o.OrderId, o.Reference, o.Customer, o.Note, o.CreatedAt, o.Amount, o.Quantity);
    }

    /// <summary>Creates the file at <paramref name="path"/> with rows 0 .. rows-1 and closes it (the WAL checkpointed and removed).</summary>
    public static void CreateSeeded(string path, int rows)
    {
        using NumberedBenchDb db = NumberedBenchDb.Open(path);
        db.NumberedOrders.InsertMany(Enumerable.Range(0, rows).Select(n => Create(n)));
    }

    /// <summary>Throws unless <paramref name="actual"/> is row <paramref name="n"/>.</summary>
    public static void Expect(NumberedOrder? actual, long n, string what)
    {
        NumberedOrder expected = Create(n);
        if (actual != expected)
            throw new InvalidOperationException($"{what}: expected {expected}, got {actual?.ToString() ?? "nothing"}.");
    }
}
