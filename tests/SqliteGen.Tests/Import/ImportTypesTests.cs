using System;
using System.Globalization;
using System.IO;
using System.Text;
using SqliteGen.Tests.Entities;
using Xunit;

namespace SqliteGen.Tests.Import;

/// <summary>Every mapped type through ImportJson: the JSON forms each accepts (docs/operations.md, "Import").</summary>
public sealed class ImportTypesTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly TypesDb _db;

    public ImportTypesTests() => _db = TypesDb.Open(_folder.File());

    private const string Full = """
        {"id": 1, "bool": true, "s_byte": -128, "byte": 255, "int16": -32768, "u_int16": 65535, "int32": -2147483648,
         "u_int32": 4294967295, "int64": -9223372036854775808, "u_int64": 18446744073709551615,
         "single": 1.5, "double": 0.1, "decimal": "79228162514264337593543950335", "string": "h\u00e9llo \"q\" \ud83d\ude00",
         "char": "\u00e9", "bytes": "AAEC/w==", "guid": "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
         "date_time": "2026-11-23T09:30:15.1234567Z", "date_time_offset": "2026-11-23T09:30:15.1234567+02:00",
         "date_only": "2026-11-23", "time_only": "09:30:15.5", "time_span": "1.02:03:04.5",
         "color": "blue", "flags": 9223372036854775809,
         "n_bool": null, "ns_byte": null, "n_byte": 7, "n_int16": null, "nu_int16": null, "n_int32": 42, "nu_int32": null,
         "n_int64": null, "nu_int64": null, "n_single": null, "n_double": 2.5, "n_decimal": 1.25, "n_string": null,
         "n_char": null, "n_bytes": null, "n_guid": null, "n_date_time": null, "n_date_time_offset": "2026-11-23T09:30:15",
         "n_date_only": null, "n_time_only": null, "n_time_span": null, "n_color": 2}
        """;

    [Fact]
    public void Every_type_is_read_from_its_JSON_form()
    {
        ImportSummary summary = _db.AllTypes.ImportJson(new MemoryStream(Encoding.UTF8.GetBytes(Full.ReplaceLineEndings(" "))));
        Assert.Equal(1, summary.Inserted);

        AllTypes row = _db.AllTypes.Get(1);
        Assert.True(row.Bool);
        Assert.Equal((sbyte.MinValue, byte.MaxValue, short.MinValue, ushort.MaxValue), (row.SByte, row.Byte, row.Int16, row.UInt16));
        Assert.Equal((int.MinValue, uint.MaxValue, long.MinValue, ulong.MaxValue), (row.Int32, row.UInt32, row.Int64, row.UInt64));
        Assert.Equal((1.5f, 0.1), (row.Single, row.Double));
        Assert.Equal(decimal.MaxValue, row.Decimal);
        Assert.Equal("h\u00e9llo \"q\" \U0001F600", row.String);
        Assert.Equal('\u00e9', row.Char);
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, row.Bytes);
        Assert.Equal(Guid.Parse("3f2504e0-4f89-11d3-9a0c-0305e82c3301"), row.Guid);
        Assert.Equal(new DateTime(2026, 11, 23, 9, 30, 15, DateTimeKind.Utc).AddTicks(1234567), row.DateTime);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 9, 30, 15, TimeSpan.FromHours(2)).AddTicks(1234567), row.DateTimeOffset);
        Assert.Equal(TimeSpan.Zero, row.DateTimeOffset.Offset); // stored as the UTC instant (docs/type-mapping.md)
        Assert.Equal(new DateOnly(2026, 11, 23), row.DateOnly);
        Assert.Equal(new TimeOnly(9, 30, 15, 500), row.TimeOnly);
        Assert.Equal(new TimeSpan(1, 2, 3, 4, 500), row.TimeSpan);
        Assert.Equal(Color.Blue, row.Color);
        Assert.Equal(BigFlags.High | BigFlags.Low, row.Flags);
        Assert.Null(row.NBool);
        Assert.Equal((byte?)7, row.NByte);
        Assert.Equal(42, row.NInt32);
        Assert.Equal(2.5, row.NDouble);
        Assert.Equal(1.25m, row.NDecimal);
        Assert.Null(row.NString);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 9, 30, 15, TimeSpan.Zero), row.NDateTimeOffset); // no offset: UTC
        Assert.Equal(Color.Green, row.NColor);
    }

    [Theory]
    [InlineData("\"byte\": 256", "byte", "out of range")]
    [InlineData("\"bool\": 1", "bool", "expected true or false, found a number")]
    [InlineData("\"char\": \"ab\"", "char", "one character")]
    [InlineData("\"guid\": \"not-a-guid\"", "guid", "is not a Guid")]
    [InlineData("\"color\": \"purple\"", "color", "not a member of Color")]
    [InlineData("\"bytes\": \"***\"", "bytes", "base64")]
    [InlineData("\"date_only\": \"23/11/2026\"", "date_only", "yyyy-MM-dd")]
    [InlineData("\"single\": 1e39", "single", "finite float")]
    [InlineData("\"int32\": 1.5", "int32", "whole number")]
    [InlineData("\"color\": 256", "color", "out of range (0 to 255)")]
    public void A_bad_value_names_its_field(string replacement, string field, string message)
    {
        string name = replacement.Substring(0, replacement.IndexOf(':'));
        string json = Full.ReplaceLineEndings(" ");
        int at = json.IndexOf(name + ":", StringComparison.Ordinal);
        int end = json.IndexOf(", \"", at, StringComparison.Ordinal);
        json = json.Substring(0, at) + replacement + json.Substring(end);

        var error = Assert.Throws<ImportException>(() => _db.AllTypes.ImportJson(new MemoryStream(Encoding.UTF8.GetBytes(json))));
        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message);
        Assert.Equal(1L, error.Line);
    }

    public void Dispose()
    {
        _db.Dispose();
        _folder.Dispose();
    }
}
