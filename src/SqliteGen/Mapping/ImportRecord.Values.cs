using System;
using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SqliteGen.Runtime;

// What each .NET type accepts from a JSON field when imported (docs/operations.md, "Import"): one Get method per member
// type a generated ReadImportRow reads. Reading the record field by field and the errors are in Import/ImportRecord.cs.
public ref partial struct ImportRecord
{
    private const int StackChars = 128;

    /// <summary>A JSON string.</summary>
    public readonly string GetString()
    {
        Expect(JsonTokenType.String, "a string");
        return _reader.GetString()!;
    }

    /// <summary>A JSON true or false.</summary>
    public readonly bool GetBoolean()
    {
        if (_reader.TokenType is JsonTokenType.True or JsonTokenType.False)
            return _reader.TokenType == JsonTokenType.True;
        throw Wrong("true or false");
    }

    /// <summary>A whole JSON number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public readonly long GetInt64(long min, long max)
    {
        Expect(JsonTokenType.Number, "a whole number");
        if (!_reader.TryGetInt64(out long value))
            throw Invalid($"{Raw()} is not a whole number from {min} to {max}.");
        if (value < min || value > max)
            throw Invalid($"{value} is out of range ({min} to {max}).");
        return value;
    }

    /// <summary>A whole JSON number from 0 to <see cref="ulong.MaxValue"/>.</summary>
    public readonly ulong GetUInt64()
    {
        Expect(JsonTokenType.Number, "a whole number");
        return _reader.TryGetUInt64(out ulong value) ? value : throw Invalid($"{Raw()} is not a whole number from 0 to {ulong.MaxValue}.");
    }

    /// <summary>A JSON number as a double.</summary>
    public readonly double GetDouble()
    {
        Expect(JsonTokenType.Number, "a number");
        return _reader.TryGetDouble(out double value) && double.IsFinite(value) ? value : throw Invalid($"{Raw()} is not a finite double.");
    }

    /// <summary>A JSON number as a float.</summary>
    public readonly float GetSingle()
    {
        Expect(JsonTokenType.Number, "a number");
        return _reader.TryGetSingle(out float value) && float.IsFinite(value) ? value : throw Invalid($"{Raw()} is not a finite float.");
    }

    /// <summary>A decimal: a JSON number, or a string holding one (decimals are often written as strings to keep every digit).</summary>
    public readonly decimal GetDecimal()
    {
        if (_reader.TokenType == JsonTokenType.Number)
            return _reader.TryGetDecimal(out decimal value) ? value : throw Invalid($"{Raw()} does not fit a decimal.");
        return decimal.TryParse(Chars(stackalloc char[StackChars], "a number or a string holding one"), NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out decimal parsed)
            ? parsed : throw Invalid($"\"{Raw()}\" is not a decimal number.");
    }

    /// <summary>A one-character string.</summary>
    public readonly char GetChar()
    {
        ReadOnlySpan<char> text = Chars(stackalloc char[StackChars], "a one-character string");
        return text.Length == 1 ? text[0] : throw Invalid($"expected one character, found {text.Length}.");
    }

    /// <summary>Bytes as a base64 string.</summary>
    public readonly byte[] GetBytes()
    {
        Expect(JsonTokenType.String, "a base64 string");
        return _reader.TryGetBytesFromBase64(out byte[]? bytes) ? bytes : throw Invalid("is not valid base64.");
    }

    /// <summary>A Guid string (any of Guid.Parse's formats).</summary>
    public readonly Guid GetGuid() =>
        _reader.TokenType == JsonTokenType.String && _reader.TryGetGuid(out Guid fast) ? fast : // the usual 8-4-4-4-12 form, read from UTF-8
        Guid.TryParse(Chars(stackalloc char[StackChars], "a Guid string"), out Guid value) ? value : throw Invalid($"\"{Raw()}\" is not a Guid.");

    /// <summary>An ISO 8601 date and time string; without an offset its kind is Unspecified (as written).</summary>
    public readonly DateTime GetDateTime() =>
        _reader.TokenType == JsonTokenType.String && _reader.TryGetDateTime(out DateTime fast) ? fast : // ISO 8601, read from UTF-8: same result
        DateTime.TryParse(Chars(stackalloc char[StackChars], "a date-time string"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTime value)
            ? value : throw Invalid($"\"{Raw()}\" is not an ISO 8601 date and time.");

    /// <summary>An ISO 8601 date and time string; without an offset it is taken as UTC (never the machine's zone).</summary>
    public readonly DateTimeOffset GetDateTimeOffset()
    {
        // ISO 8601 read from UTF-8 (several times faster than parsing chars). Utf8JsonReader would give a text without
        // an offset the machine's offset, so such a text is read as a DateTime and taken as UTC, like the slow path.
        if (_reader.TokenType == JsonTokenType.String && !_reader.ValueIsEscaped && !_reader.HasValueSequence)
        {
            if (HasOffset(_reader.ValueSpan))
            {
                if (_reader.TryGetDateTimeOffset(out DateTimeOffset withOffset))
                    return withOffset;
            }
            else if (_reader.TryGetDateTime(out DateTime unspecified))
                return new DateTimeOffset(DateTime.SpecifyKind(unspecified, DateTimeKind.Unspecified), TimeSpan.Zero);
        }
        return ParseDateTimeOffset();
    }

    /// <summary>Ends in <c>Z</c> or in <c>+hh:mm</c>/<c>-hh:mm</c> after the time (a date's own '-' come before the 'T').</summary>
    private static bool HasOffset(ReadOnlySpan<byte> text)
    {
        if (text.Length == 0)
            return false;
        if (text[^1] is (byte)'Z' or (byte)'z')
            return true;
        int time = text.IndexOfAny((byte)'T', (byte)'t');
        return time >= 0 && text.Slice(time).IndexOfAny((byte)'+', (byte)'-') >= 0;
    }

    private readonly DateTimeOffset ParseDateTimeOffset() =>
        DateTimeOffset.TryParse(Chars(stackalloc char[StackChars], "a date-time string"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset value)
            ? value : throw Invalid($"\"{Raw()}\" is not an ISO 8601 date and time.");

    /// <summary>A date string (<c>2026-11-23</c>).</summary>
    public readonly DateOnly GetDateOnly() =>
        DateOnly.TryParseExact(Chars(stackalloc char[StackChars], "a date string"), SqliteValues.DateOnlyFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly value)
            ? value : throw Invalid($"\"{Raw()}\" is not a date (yyyy-MM-dd).");

    /// <summary>A time-of-day string (<c>13:45</c>, <c>13:45:30.5</c>).</summary>
    public readonly TimeOnly GetTimeOnly() =>
        TimeOnly.TryParse(Chars(stackalloc char[StackChars], "a time string"), CultureInfo.InvariantCulture, DateTimeStyles.None, out TimeOnly value)
            ? value : throw Invalid($"\"{Raw()}\" is not a time of day.");

    /// <summary>A TimeSpan string in the constant format (<c>[-][d.]hh:mm:ss[.fffffff]</c>).</summary>
    public readonly TimeSpan GetTimeSpan() =>
        TimeSpan.TryParseExact(Chars(stackalloc char[StackChars], "a time span string"), "c", CultureInfo.InvariantCulture, out TimeSpan value)
            ? value : throw Invalid($"\"{Raw()}\" is not a time span ([-][d.]hh:mm:ss[.fffffff]).");

    /// <summary>An enum: a member name (any case) or a number from <paramref name="min"/> to <paramref name="max"/> (its underlying type's range).</summary>
    public readonly TEnum GetEnum<TEnum>(long min, long max, Func<long, TEnum> fromNumber) where TEnum : struct, Enum =>
        _reader.TokenType == JsonTokenType.Number ? fromNumber(GetInt64(min, max)) : GetEnumName<TEnum>();

    /// <summary>An enum over <c>ulong</c>: a member name (any case) or a number from 0 to <see cref="ulong.MaxValue"/>.</summary>
    public readonly TEnum GetUInt64Enum<TEnum>(Func<ulong, TEnum> fromNumber) where TEnum : struct, Enum =>
        _reader.TokenType == JsonTokenType.Number ? fromNumber(GetUInt64()) : GetEnumName<TEnum>();

    /// <summary>
    /// An <c>[EnumAsText]</c> enum's stored name (<paramref name="fromStoredName"/> maps it, null for any other text), or null
    /// when the field is something else: the caller then reads it as <see cref="GetEnum"/> does (a member name or a number).
    /// </summary>
    public readonly TEnum? GetEnumStoredName<TEnum>(Func<string, TEnum?> fromStoredName) where TEnum : struct, Enum =>
        _reader.TokenType == JsonTokenType.String ? fromStoredName(_reader.GetString()!) : null;

    private readonly TEnum GetEnumName<TEnum>() where TEnum : struct, Enum
    {
        ReadOnlySpan<char> name = Chars(stackalloc char[StackChars], "a name or a number");
        if (name.Length > 0 && !char.IsAsciiDigit(name[0]) && name[0] != '-' && Enum.TryParse(name, ignoreCase: true, out TEnum value))
            return value;
        throw Invalid($"\"{Raw()}\" is not a member of {typeof(TEnum).Name}.");
    }

    /// <summary>A <c>[JsonColumn]</c> member, through its source-generated contract.</summary>
    public TValue GetJson<TValue>(JsonTypeInfo<TValue> typeInfo)
    {
        if (_reader.TokenType == JsonTokenType.Null)
            throw Invalid("is null, and the member is not nullable.");
        try
        {
            return JsonSerializer.Deserialize(ref _reader, typeInfo) ?? throw Invalid("is null, and the member is not nullable.");
        }
        catch (JsonException error)
        {
            throw Invalid(error.Message, error);
        }
    }

    /// <summary>A <c>[Vector]</c> member: a JSON array of numbers.</summary>
    public float[] GetVector()
    {
        Expect(JsonTokenType.StartArray, "an array of numbers");
        float[] buffer = ArrayPool<float>.Shared.Rent(64);
        int count = 0;
        try
        {
            while (_reader.Read() && _reader.TokenType != JsonTokenType.EndArray)
            {
                if (_reader.TokenType != JsonTokenType.Number || !_reader.TryGetSingle(out float component) || !float.IsFinite(component))
                    throw Invalid($"component {count} is not a finite number.");
                if (count == buffer.Length)
                {
                    float[] larger = ArrayPool<float>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<float>.Shared.Return(buffer);
                    buffer = larger;
                }
                buffer[count++] = component;
            }
            return buffer.AsSpan(0, count).ToArray();
        }
        catch (JsonException error)
        {
            throw Malformed(error);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }
}
