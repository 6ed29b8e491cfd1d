using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Data.Sqlite;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.Tests;

/// <summary>Every mapped type round-trips exactly, extremes included (docs/type-mapping.md).</summary>
public sealed class TypeMappingTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly TypesDb _db;

    public TypeMappingTests() => _db = TypesDb.Open(_folder.File());

    public void Dispose()
    {
        _db.Dispose();
        _folder.Dispose();
    }

    private static AllTypes Minimums(int id) => new(
        id, false, sbyte.MinValue, byte.MinValue, short.MinValue, ushort.MinValue, int.MinValue, uint.MinValue, long.MinValue, ulong.MinValue,
        float.MinValue, double.MinValue, decimal.MinValue, "", '\u0001', Array.Empty<byte>(), Guid.Empty,
        DateTime.MinValue, DateTimeOffset.MinValue, DateOnly.MinValue, TimeOnly.MinValue, TimeSpan.MinValue,
        Color.Red, BigFlags.None,
        false, sbyte.MinValue, byte.MinValue, short.MinValue, ushort.MinValue, int.MinValue, uint.MinValue, long.MinValue, ulong.MinValue,
        float.NegativeInfinity, double.NegativeInfinity, decimal.MinValue, "", '\0', Array.Empty<byte>(), Guid.Empty,
        DateTime.MinValue, DateTimeOffset.MinValue, DateOnly.MinValue, TimeOnly.MinValue, TimeSpan.MinValue,
        Color.Red);

    private static AllTypes Maximums(int id) => new(
        id, true, sbyte.MaxValue, byte.MaxValue, short.MaxValue, ushort.MaxValue, int.MaxValue, uint.MaxValue, long.MaxValue, ulong.MaxValue,
        float.MaxValue, double.MaxValue, decimal.MaxValue, new string('x', 100_000) + "🦀 ünïcødé 中文 \t\r\n", '\uffff',
        Enumerable.Range(0, 70_000).Select(i => (byte)i).ToArray(), Guid.Parse("ffffffff-ffff-ffff-ffff-ffffffffffff"),
        DateTime.MaxValue, DateTimeOffset.MaxValue, DateOnly.MaxValue, TimeOnly.MaxValue, TimeSpan.MaxValue,
        Color.Blue, BigFlags.High | BigFlags.Low,
        true, sbyte.MaxValue, byte.MaxValue, short.MaxValue, ushort.MaxValue, int.MaxValue, uint.MaxValue, long.MaxValue, ulong.MaxValue,
        float.PositiveInfinity, double.Epsilon, 0.0000000000000000000000000001m, "😀", 'é', new byte[] { 0, 1, 2 }, Guid.NewGuid(),
        new DateTime(2026, 11, 23, 1, 2, 3, DateTimeKind.Local).AddTicks(1), DateTimeOffset.MaxValue, DateOnly.MaxValue, TimeOnly.MaxValue, TimeSpan.MaxValue,
        Color.Green);

    private static AllTypes Nulls(int id) => Minimums(id) with
    {
        NBool = null, NSByte = null, NByte = null, NInt16 = null, NUInt16 = null, NInt32 = null, NUInt32 = null, NInt64 = null, NUInt64 = null,
        NSingle = null, NDouble = null, NDecimal = null, NString = null, NChar = null, NBytes = null, NGuid = null,
        NDateTime = null, NDateTimeOffset = null, NDateOnly = null, NTimeOnly = null, NTimeSpan = null, NColor = null,
    };

    public static IEnumerable<object[]> Rows() => new[]
    {
        new object[] { "minimums", Minimums(1) },
        new object[] { "maximums", Maximums(2) },
        new object[] { "nulls", Nulls(3) },
        new object[] { "offsets and kinds", Minimums(4) with
        {
            DateTimeOffset = new DateTimeOffset(2026, 3, 29, 2, 30, 0, TimeSpan.FromMinutes(-(9 * 60 + 30))).AddTicks(9_999_999),
            NDateTimeOffset = new DateTimeOffset(2026, 3, 29, 2, 30, 0, TimeSpan.FromHours(14)),
            DateTime = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(1),
            NDateTime = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Unspecified),
            Decimal = 1.10m, NDecimal = -0.000m, Double = 123.456e-300, Single = 1.17549435E-38f, NDouble = 5e-324,
        } },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Values_round_trip_exactly(string name, AllTypes row)
    {
        _db.AllTypes.Insert(row);
        AllTypes stored = _db.AllTypes.Get(row.Id);

        // byte[] compares by reference in records: compare the arrays, then the rest.
        Assert.Equal(row.Bytes, stored.Bytes);
        Assert.Equal(row.NBytes, stored.NBytes);
        // Dates are stored as UTC (docs/type-mapping.md): a Local DateTime reads back as the same instant in UTC, every
        // DateTime with Kind Utc, every DateTimeOffset at +00:00 (== compares instants).
        AllTypes expected = row with
        {
            Bytes = stored.Bytes, NBytes = stored.NBytes,
            DateTime = AsStored(row.DateTime), NDateTime = row.NDateTime is { } n ? AsStored(n) : null,
        };
        Assert.True(expected == stored, $"{name}: {row} was read back as {stored}");
        Assert.Equal(DateTimeKind.Utc, stored.DateTime.Kind);
        Assert.Equal(AsStored(row.DateTime).Ticks, stored.DateTime.Ticks);
        Assert.Equal(TimeSpan.Zero, stored.DateTimeOffset.Offset);
        Assert.Equal(row.DateTimeOffset.UtcTicks, stored.DateTimeOffset.UtcTicks);
        Assert.Equal(row.NDateTimeOffset?.UtcTicks, stored.NDateTimeOffset?.UtcTicks);
        Assert.Equal(row.Decimal.ToString(System.Globalization.CultureInfo.InvariantCulture), stored.Decimal.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static DateTime AsStored(DateTime value) => value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;

    [Fact]
    public void Negative_zero_reads_back_as_zero_the_one_documented_exception()
    {
        // SQLite stores an integral REAL as an integer, so -0.0 comes back as +0.0 (equal under ==).
        _db.AllTypes.Insert(Minimums(7) with { Double = -0.0 });
        double stored = _db.AllTypes.Get(7).Double;
        Assert.Equal(0.0, stored);
        Assert.False(double.IsNegative(stored));
    }

    [Fact]
    public void NaN_is_refused_with_the_column_named_and_nothing_written()
    {
        var error = Assert.Throws<SqliteGenException>(() => _db.AllTypes.Insert(Minimums(5) with { NDouble = double.NaN }));
        Assert.Contains("all_types.n_double", error.Message);
        Assert.Equal(0, _db.AllTypes.Count());
    }

    [Fact]
    public void Storage_is_readable_from_plain_sql()
    {
        var row = Minimums(6) with
        {
            Guid = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"),
            DateTimeOffset = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(1)),
            Decimal = 12.50m,
            TimeSpan = TimeSpan.FromSeconds(1),
            Color = Color.Blue,
        };
        _db.AllTypes.Insert(row);

        using var connection = new SqliteConnection($"Data Source={_db.FilePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT guid, date_time_offset, decimal, time_span, color, typeof(bool) FROM all_types WHERE id = 6";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal("0f8fad5b-d9cb-469f-a165-70867728950e", reader.GetString(0));
        Assert.Equal("2026-11-23 09:00:00", reader.GetString(1)); // the UTC instant, SQLite's shape, no zero fraction
        Assert.Equal("12.50", reader.GetString(2));
        Assert.Equal(TimeSpan.TicksPerSecond, reader.GetInt64(3));
        Assert.Equal(255, reader.GetInt64(4));
        Assert.Equal("integer", reader.GetString(5));
    }

    [Fact]
    public void Guid_and_DateTimeOffset_text_written_by_other_tools_reads_as_the_stored_form_does()
    {
        // A Guid column is parsed straight from SQLite's UTF-8 bytes when it holds the stored form; other text must read
        // exactly as the general parser reads it: the same value, or the same refusal. A DateTimeOffset in ISO 8601 with
        // an offset (the round-trip form) keeps its offset.
        _db.AllTypes.Insert(Minimums(7));
        _db.AllTypes.Insert(Minimums(8));
        using var connection = new SqliteConnection($"Data Source={_db.FilePath}");
        connection.Open();
        void Set(long id, string column, string text)
        {
            using var command = connection.CreateCommand();
            command.CommandText = column == "guid"
                ? "UPDATE all_types SET guid = $text WHERE id = $id"
                : "UPDATE all_types SET date_time_offset = $text WHERE id = $id";
            command.Parameters.AddWithValue("$text", text);
            command.Parameters.AddWithValue("$id", id);
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        Set(7, "guid", "0F8FAD5B-D9CB-469F-A165-70867728950E"); // upper case
        Set(7, "date_time_offset", "2026-11-23T10:00:00.1234567-09:30");
        AllTypes stored = _db.AllTypes.Get(7);
        Assert.Equal(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), stored.Guid);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.FromMinutes(-570)).AddTicks(1_234_567), stored.DateTimeOffset);
        Assert.Equal(TimeSpan.FromMinutes(-570), stored.DateTimeOffset.Offset);

        Set(8, "date_time_offset", "2026-11-23T10:00:00.1234567+15:00"); // an impossible offset
        Assert.ThrowsAny<Exception>(() => _db.AllTypes.Get(8));
        Set(8, "date_time_offset", "2026-11-23T10:00:00.0000000+00:00");
        Set(8, "guid", "0f8fad5bd9cb469fa16570867728950e"); // "N" form: not what SqliteGen stores
        Assert.ThrowsAny<Exception>(() => _db.AllTypes.Get(8));
    }
}
