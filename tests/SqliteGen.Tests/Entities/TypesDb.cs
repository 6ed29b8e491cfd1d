using System;

namespace SqliteGen.Tests.Entities;

// Every mapped type, in plain and nullable form, for the round-trip tests.

[SqliteDatabase(Tables = new[] { typeof(AllTypes), typeof(Counter) })]
public partial class TypesDb;

public enum Color : byte { Red = 1, Green = 2, Blue = 255 }

[Flags]
public enum BigFlags : ulong { None = 0, Low = 1, High = 0x8000_0000_0000_0000 }

[Table("all_types")]
public partial record AllTypes(
    [PrimaryKey] int Id,
    bool Bool, sbyte SByte, byte Byte, short Int16, ushort UInt16, int Int32, uint UInt32, long Int64, ulong UInt64,
    float Single, double Double, decimal Decimal, string String, char Char, byte[] Bytes, Guid Guid,
    DateTime DateTime, DateTimeOffset DateTimeOffset, DateOnly DateOnly, TimeOnly TimeOnly, TimeSpan TimeSpan,
    Color Color, BigFlags Flags,
    bool? NBool, sbyte? NSByte, byte? NByte, short? NInt16, ushort? NUInt16, int? NInt32, uint? NUInt32, long? NInt64, ulong? NUInt64,
    float? NSingle, double? NDouble, decimal? NDecimal, string? NString, char? NChar, byte[]? NBytes, Guid? NGuid,
    DateTime? NDateTime, DateTimeOffset? NDateTimeOffset, DateOnly? NDateOnly, TimeOnly? NTimeOnly, TimeSpan? NTimeSpan,
    Color? NColor);

/// <summary>A tiny table for the concurrency tests: who wrote which sequence number.</summary>
[Table("counters")]
public partial record Counter(
    [PrimaryKey(Order = 0)] int Writer,
    [PrimaryKey(Order = 1)] int Sequence,
    [Indexed] string Note);
