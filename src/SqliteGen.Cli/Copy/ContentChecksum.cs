using System;
using System.Globalization;
using System.IO.Hashing;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace SqliteGen.Cli.Copy;

/// <summary>
/// A table's content as one number, computed the same way from the rows read out of SQLite and from the rows read back
/// out of PostgreSQL, each side reading its own database. Every row is rendered canonically as UTF-8 (each value tagged
/// with its type, text length-prefixed, times as ticks, JSON with sorted keys and normalized numbers: jsonb keeps neither
/// key order nor spacing) and hashed with XXH3's 128-bit hash (<see cref="XxHash128"/>); the table's checksum is the sum of
/// the rows' hashes (wrapping), so it does not depend on the order either side returns the rows in. A lost, added,
/// duplicated or changed row changes it (but for a chance of 2^-128). The hash guards against a copy that went wrong, not
/// against someone forging rows, so it need not be cryptographic: XXH3 hashes a row in managed code in tens of
/// nanoseconds, where SHA-256 is a call into OpenSSL per row that sets up and frees a digest context each time.
/// </summary>
/// <remarks>
/// The columns (<see cref="CopyColumn"/>) render each typed value straight into one reused buffer (no boxing, no
/// intermediate strings): a row is its values' forms in column order, then <see cref="EndRow"/>. The forms are
/// <c>N;</c> for NULL, <c>b0;</c>/<c>b1;</c>, <c>i</c>integer<c>;</c>, <c>f</c>/<c>d</c> the double's round-trip form
/// (a float widened), <c>m</c>decimal, <c>x</c>upper-case hex, <c>g</c>Guid ("D"), <c>t</c>/<c>D</c>/<c>T</c>/<c>I</c>
/// ticks or day number, and <c>s</c>/<c>j</c> length (UTF-8 bytes) <c>:</c> text <c>;</c>. The file's text is rendered from the bytes SQLite
/// holds (<see cref="Utf8Text"/>), never decoded; PostgreSQL's from the string Npgsql reads.
/// </remarks>
internal sealed class ContentChecksum
{
    private const int NumberRoom = 64; // the longest form of a number, a Guid or a tag with a length

    private byte[] _row = new byte[256];
    private int _length;
    private UInt128 _sum;

    public long Rows { get; private set; }

    public void Null() => Tag((byte)'N', Room(2));

    public void Bool(bool value)
    {
        Span<byte> to = Room(3);
        to[0] = (byte)'b';
        to[1] = value ? (byte)'1' : (byte)'0';
        to[2] = (byte)';';
        _length += 3;
    }

    public void Integer(long value) => Formatted('i', value, default);

    public void Float(float value) => Formatted('f', (double)value, "R");

    public void Double(double value) => Formatted('d', value, "R");

    public void Decimal(decimal value) => Formatted('m', value, default);

    public void Guid(Guid value) => Formatted('g', value, "D");

    /// <summary>A time as its ticks (or a date as its day number) after <paramref name="tag"/>: <c>t</c>, <c>D</c>, <c>T</c> or <c>I</c>.</summary>
    public void Ticks(char tag, long value) => Formatted(tag, value, default);

    public void Bytes(ReadOnlySpan<byte> value)
    {
        Span<byte> to = Room(2 + 2 * value.Length);
        to[0] = (byte)'x';
        Convert.TryToHexString(value, to[1..], out int written);
        to[1 + written] = (byte)';';
        _length += 2 + written;
    }

    /// <summary>Text (<c>s</c>) or canonical JSON (<c>j</c>): its UTF-8 length in bytes, then its UTF-8.</summary>
    public void Text(char tag, string value)
    {
        Span<byte> to = Room(NumberRoom + Encoding.UTF8.GetMaxByteCount(value.Length));
        // Encoded past the room of the tag and the length, then moved down behind them (CopyTo moves overlapping spans).
        int length = Encoding.UTF8.GetBytes(value, to[NumberRoom..]);
        Utf8Text(to, tag, to.Slice(NumberRoom, length));
    }

    /// <summary>Text given as its UTF-8 (valid UTF-8: the form <see cref="Text"/> gives the same text).</summary>
    public void Utf8Text(char tag, ReadOnlySpan<byte> utf8) => Utf8Text(Room(NumberRoom + utf8.Length), tag, utf8);

    private void Utf8Text(Span<byte> to, char tag, ReadOnlySpan<byte> utf8)
    {
        to[0] = (byte)tag;
        utf8.Length.TryFormat(to[1..], out int digits, default, CultureInfo.InvariantCulture);
        int at = 1 + digits;
        to[at++] = (byte)':';
        utf8.CopyTo(to[at..]);
        at += utf8.Length;
        to[at++] = (byte)';';
        _length += at;
    }

    /// <summary>Ends the row the values since the last one make: adds its hash.</summary>
    public void EndRow()
    {
        _sum += XxHash128.HashToUInt128(_row.AsSpan(0, _length));
        _length = 0;
        Rows++;
    }

    /// <summary>The checksum as 32 hex digits.</summary>
    public override string ToString() => _sum.ToString("x32", CultureInfo.InvariantCulture);

    private void Formatted<T>(char tag, T value, ReadOnlySpan<char> format) where T : IUtf8SpanFormattable
    {
        Span<byte> to = Room(NumberRoom);
        to[0] = (byte)tag;
        if (!value.TryFormat(to[1..], out int written, format, CultureInfo.InvariantCulture))
            throw new InvalidOperationException($"no room for the canonical form of {value}");
        to[1 + written] = (byte)';';
        _length += 2 + written;
    }

    private void Tag(byte tag, Span<byte> to)
    {
        to[0] = tag;
        to[1] = (byte)';';
        _length += 2;
    }

    /// <summary>At least <paramref name="bytes"/> free bytes after the row so far.</summary>
    private Span<byte> Room(int bytes)
    {
        if (_row.Length - _length < bytes)
            Array.Resize(ref _row, Math.Max(_row.Length * 2, _length + bytes));
        return _row.AsSpan(_length);
    }

    /// <summary>JSON with object keys in ordinal order (the last of duplicate keys, as jsonb keeps), no spacing, numbers by value.</summary>
    internal static string CanonicalJson(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        var s = new StringBuilder();
        Write(s, document.RootElement);
        return s.ToString();
    }

    private static void Write(StringBuilder s, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                s.Append('{');
                bool first = true;
                foreach (JsonProperty property in element.EnumerateObject().GroupBy(p => p.Name, StringComparer.Ordinal).Select(g => g.Last()).OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    if (!first)
                        s.Append(',');
                    first = false;
                    s.Append(JsonSerializer.Serialize(property.Name, CopyJson.Default.String)).Append(':');
                    Write(s, property.Value);
                }
                s.Append('}');
                break;
            case JsonValueKind.Array:
                s.Append('[');
                int index = 0;
                foreach (JsonElement item in element.EnumerateArray())
                {
                    if (index++ > 0)
                        s.Append(',');
                    Write(s, item);
                }
                s.Append(']');
                break;
            case JsonValueKind.String:
                s.Append(JsonSerializer.Serialize(element.GetString()!, CopyJson.Default.String));
                break;
            case JsonValueKind.Number:
                // By value: 1.50, 1.5 and 15e-1 are one number (jsonb writes 1e2 as 100).
                s.Append(element.TryGetDecimal(out decimal number)
                    ? (number / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture)
                    : element.GetDouble().ToString("R", CultureInfo.InvariantCulture));
                break;
            default:
                s.Append(element.GetRawText()); // true, false, null
                break;
        }
    }
}

/// <summary>System.Text.Json's source-generated metadata for the strings <see cref="ContentChecksum"/> writes (no reflection).</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class CopyJson : System.Text.Json.Serialization.JsonSerializerContext;
