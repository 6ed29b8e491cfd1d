using System;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Npgsql;

namespace SqliteGen.Cli.Copy;

/// <summary>
/// The rows of one table's COPY in PostgreSQL's binary format, encoded here into one reused buffer and sent through
/// Npgsql's raw binary COPY stream (<see cref="NpgsqlConnection.BeginRawBinaryCopy(string)"/>) in large writes. Each value
/// is a length (-1 for NULL) and its type's binary form (the <c>send</c> function's: big-endian numbers, times as
/// microseconds from 2000-01-01, numeric as base-10000 digits), the forms Npgsql's own writers give the same .NET values.
/// Npgsql's <see cref="NpgsqlBinaryImporter"/> resolves, binds and writes each value through its parameter machinery, a
/// few hundred nanoseconds a value; a table of millions of rows spends more there than in reading its file.
/// </summary>
/// <remarks>
/// PostgreSQL checks every value as it arrives (a jsonb that does not parse, a text with NUL) and answers an error at the
/// end of the COPY, with the row's line in its context; <see cref="Complete"/> throws it (<see cref="PostgresException"/>).
/// Disposing without <see cref="Complete"/> cancels the COPY: the server keeps nothing of it.
/// </remarks>
internal sealed class BinaryCopyWriter : IDisposable
{
    /// <summary>Bytes gathered before one write to the stream.</summary>
    private const int FlushAt = 60 * 1024;

    private static readonly long s_epochTicks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
    private static readonly int s_epochDay = new DateOnly(2000, 1, 1).DayNumber;

    private readonly NpgsqlRawCopyStream _stream;
    private readonly short _columns;
    private byte[] _buffer = new byte[FlushAt + 4096];
    private int _length;
    private bool _done;

    public BinaryCopyWriter(NpgsqlConnection connection, string copyIn, int columns)
    {
        _columns = checked((short)columns);
        _stream = connection.BeginRawBinaryCopy(copyIn);
        // The signature (PGCOPY\n\xff\r\n\0), no flags, no header extension.
        ReadOnlySpan<byte> signature = [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00];
        signature.CopyTo(Room(signature.Length));
        _length += signature.Length;
        Int32Raw(0);
        Int32Raw(0);
    }

    /// <summary>Starts a row: its field count; then one call per column, in order.</summary>
    public void StartRow()
    {
        if (_length >= FlushAt)
            Flush();
        BinaryPrimitives.WriteInt16BigEndian(Room(2), _columns);
        _length += 2;
    }

    public void Null() => Int32Raw(-1);

    public void Bool(bool value) => Value(1)[0] = value ? (byte)1 : (byte)0;

    public void Int16(short value) => BinaryPrimitives.WriteInt16BigEndian(Value(2), value);

    public void Int32(int value) => BinaryPrimitives.WriteInt32BigEndian(Value(4), value);

    public void Int64(long value) => BinaryPrimitives.WriteInt64BigEndian(Value(8), value);

    public void Float(float value) => BinaryPrimitives.WriteSingleBigEndian(Value(4), value);

    public void Double(double value) => BinaryPrimitives.WriteDoubleBigEndian(Value(8), value);

    /// <summary>text (its UTF-8) or bytea (the bytes): the bytes as they are.</summary>
    public void Bytes(ReadOnlySpan<byte> value)
    {
        Span<byte> to = Room(4 + value.Length);
        BinaryPrimitives.WriteInt32BigEndian(to, value.Length);
        value.CopyTo(to[4..]);
        _length += 4 + value.Length;
    }

    /// <summary>jsonb: its format version (1), then the JSON text's UTF-8.</summary>
    public void Jsonb(string json)
    {
        Span<byte> to = Room(5 + Encoding.UTF8.GetMaxByteCount(json.Length));
        int length = Encoding.UTF8.GetBytes(json, to[5..]);
        BinaryPrimitives.WriteInt32BigEndian(to, 1 + length);
        to[4] = 1;
        _length += 5 + length;
    }

    /// <summary>uuid: the 16 bytes in the order the text form shows them.</summary>
    public void Uuid(Guid value) => value.TryWriteBytes(Value(16), bigEndian: true, out _);

    /// <summary>timestamptz: microseconds from 2000-01-01 UTC (the ticks are whole microseconds already).</summary>
    public void Timestamp(DateTime utc) => Int64((utc.Ticks - s_epochTicks) / 10);

    /// <summary>date: days from 2000-01-01.</summary>
    public void Date(DateOnly value) => Int32(value.DayNumber - s_epochDay);

    /// <summary>time: microseconds from midnight.</summary>
    public void Time(TimeOnly value) => Int64(value.Ticks / 10);

    /// <summary>interval: the microseconds within the last day, the whole days, no months (as Npgsql writes a TimeSpan).</summary>
    public void Interval(TimeSpan value)
    {
        Span<byte> to = Value(16);
        BinaryPrimitives.WriteInt64BigEndian(to, (value.Ticks - TimeSpan.TicksPerDay * value.Days) / 10);
        BinaryPrimitives.WriteInt32BigEndian(to[8..], value.Days);
        BinaryPrimitives.WriteInt32BigEndian(to[12..], 0);
    }

    /// <summary>
    /// numeric: the digit count, the weight of the first base-10000 digit, the sign and the display scale (the decimal's
    /// own scale, so 1.10 stays 1.10), then the base-10000 digits without leading or trailing zero digits.
    /// </summary>
    public void Numeric(decimal value)
    {
        Span<char> text = stackalloc char[40];
        value.TryFormat(text, out int written, default, CultureInfo.InvariantCulture); // [-]digits[.digits], never an exponent
        ReadOnlySpan<char> number = text[..written];
        bool negative = number[0] == '-';
        if (negative)
            number = number[1..];
        int point = number.IndexOf('.');
        ReadOnlySpan<char> whole = point < 0 ? number : number[..point];
        ReadOnlySpan<char> fraction = point < 0 ? default : number[(point + 1)..];

        // Base-10000 digits: the whole part grouped from the point leftwards, the fraction from the point rightwards.
        Span<short> digits = stackalloc short[16];
        int count = 0;
        int wholeGroups = (whole.Length + 3) / 4;
        for (int g = 0; g < wholeGroups; g++)
        {
            int end = whole.Length - 4 * (wholeGroups - 1 - g);
            digits[count++] = Group(whole[Math.Max(0, end - 4)..end], padRight: false);
        }
        for (int start = 0; start < fraction.Length; start += 4)
            digits[count++] = Group(fraction[start..Math.Min(fraction.Length, start + 4)], padRight: true);
        int weight = wholeGroups - 1;
        int first = 0;
        while (first < count && digits[first] == 0)
        {
            first++;
            weight--;
        }
        while (count > first && digits[count - 1] == 0)
            count--;
        int ndigits = count - first;
        if (ndigits == 0)
        {
            weight = 0;
            negative = false;
        }

        Span<byte> to = Room(4 + 8 + 2 * ndigits);
        BinaryPrimitives.WriteInt32BigEndian(to, 8 + 2 * ndigits);
        BinaryPrimitives.WriteInt16BigEndian(to[4..], (short)ndigits);
        BinaryPrimitives.WriteInt16BigEndian(to[6..], (short)weight);
        BinaryPrimitives.WriteUInt16BigEndian(to[8..], negative ? (ushort)0x4000 : (ushort)0);
        BinaryPrimitives.WriteInt16BigEndian(to[10..], (short)fraction.Length);
        for (int i = 0; i < ndigits; i++)
            BinaryPrimitives.WriteInt16BigEndian(to[(12 + 2 * i)..], digits[first + i]);
        _length += 12 + 2 * ndigits;
    }

    /// <summary>Up to four decimal digits as one base-10000 digit; a fraction's last group is padded with zeros on the right.</summary>
    private static short Group(ReadOnlySpan<char> decimals, bool padRight)
    {
        int value = 0;
        foreach (char c in decimals)
            value = value * 10 + (c - '0');
        if (padRight)
        {
            for (int i = decimals.Length; i < 4; i++)
                value *= 10;
        }
        return (short)value;
    }

    /// <summary>Ends the COPY: the trailer, the last bytes, and the server's answer (a <see cref="PostgresException"/> for a refused row).</summary>
    public void Complete()
    {
        BinaryPrimitives.WriteInt16BigEndian(Room(2), -1);
        _length += 2;
        Flush();
        _done = true;
        _stream.Dispose();
    }

    /// <summary>Cancels the COPY unless it completed (the server's answer to the cancel is not the copy's error, so it is not thrown).</summary>
    public void Dispose()
    {
        if (_done)
            return;
        _done = true;
        try
        {
            _stream.Cancel();
        }
        catch (Exception e) when (e is NpgsqlException or System.IO.IOException or InvalidOperationException)
        {
            // The copy failed already and says why; the cancel may fail as well.
        }
    }

    private void Flush()
    {
        _stream.Write(_buffer, 0, _length);
        _length = 0;
    }

    private void Int32Raw(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(Room(4), value);
        _length += 4;
    }

    /// <summary>A value of <paramref name="size"/> bytes: its length written, then the room for its bytes.</summary>
    private Span<byte> Value(int size)
    {
        Span<byte> to = Room(4 + size);
        BinaryPrimitives.WriteInt32BigEndian(to, size);
        _length += 4 + size;
        return to.Slice(4, size);
    }

    /// <summary>At least <paramref name="bytes"/> free bytes after what is gathered (a value larger than the buffer grows it).</summary>
    private Span<byte> Room(int bytes)
    {
        if (_buffer.Length - _length < bytes)
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + bytes));
        return _buffer.AsSpan(_length);
    }
}
