using System;
using System.Collections.Generic;
using System.Globalization;

namespace SqliteGen.Benchmarks;

/// <summary>
/// Deterministic rows: row <c>n</c> is the same in every process, so the hand-written and the generated
/// benchmarks work on identical data. Keys are unique per <c>n</c> (the last 8 bytes of the Guid are
/// <c>n</c>, the first 8 are random so keys land all over the primary-key index, as with Guid.NewGuid()).
/// </summary>
public static class OrderData
{
    /// <summary>Distinct customers; a table of <c>Customers * k</c> rows has <c>k</c> rows per customer.</summary>
    public const int Customers = 10;

    private static readonly DateTimeOffset s_epoch = new(2024, 1, 1, 8, 30, 0, TimeSpan.FromHours(2));

    public static Order Create(long n)
    {
        Span<byte> bytes = stackalloc byte[16];
        // A cheap deterministic mix of n for the random-looking half (splitmix64).
        ulong z = unchecked((ulong)n + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        BitConverter.TryWriteBytes(bytes, z);
        BitConverter.TryWriteBytes(bytes[8..], n);
        return new Order(
            OrderId: new Guid(bytes),
            Reference: Reference(n),
            Customer: Customer(n),
            Note: "Deliver to the back door and ring twice, order " + n.ToString(CultureInfo.InvariantCulture),
            CreatedAt: s_epoch.AddSeconds(n * 37).AddTicks(n % 10_000_000),
            Amount: n * 1.25 + 0.01,
            Quantity: (int)(n % 50) + 1);
    }

    public static string Reference(long n) => "ORD-" + n.ToString("D10", CultureInfo.InvariantCulture);

    public static string Customer(long n) => "customer-" + (n % Customers).ToString("D2", CultureInfo.InvariantCulture);

    /// <summary>Rows <paramref name="first"/> .. first + count - 1.</summary>
    public static List<Order> Range(long first, int count)
    {
        var rows = new List<Order>(count);
        for (int i = 0; i < count; i++)
            rows.Add(Create(first + i));
        return rows;
    }

    /// <summary>Distinct carriers of the parcels table: a table of <c>Carriers * k</c> parcels has <c>k</c> per carrier.</summary>
    public const int Carriers = 10;

    /// <summary>Parcel <c>n</c>: a carrier and a JSON document of about 300 bytes (a recipient, an address, three lines).</summary>
    public static Parcel CreateParcel(long n)
    {
        string id = n.ToString(CultureInfo.InvariantCulture);
        var lines = new ParcelLine[3];
        for (int i = 0; i < lines.Length; i++)
            lines[i] = new ParcelLine("SKU-" + (n * 3 + i).ToString("D8", CultureInfo.InvariantCulture), i + 1, 9.99 + i * 5 + n % 7);
        return new Parcel(
            ParcelId: n + 1,
            Carrier: Carrier(n),
            Contents: new ParcelContents("Recipient number " + id, id + " Long Street, Springfield, 12345, Utopia", lines));
    }

    public static string Carrier(long n) => "carrier-" + (n % Carriers).ToString("D2", CultureInfo.InvariantCulture);

    /// <summary>Parcels 0 .. count - 1.</summary>
    public static List<Parcel> Parcels(int count)
    {
        var rows = new List<Parcel>(count);
        for (int i = 0; i < count; i++)
            rows.Add(CreateParcel(i));
        return rows;
    }

    /// <summary>A deterministic shuffled sample of <paramref name="count"/> row numbers below <paramref name="rows"/>.</summary>
    public static long[] Sample(int rows, int count, int seed)
    {
        var random = new Random(seed);
        var sample = new long[count];
        for (int i = 0; i < count; i++)
            sample[i] = random.Next(rows);
        return sample;
    }
}
