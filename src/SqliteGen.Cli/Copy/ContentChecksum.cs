using System;
using System.Buffers.Binary;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SqliteGen.Cli.Copy;

/// <summary>
/// A table's content as one number, computed the same way from the rows read out of SQLite and from the rows read back
/// out of PostgreSQL, each side reading its own database. Every row is rendered canonically (each value tagged with its
/// type, text length-prefixed, times as ticks, JSON with sorted keys and normalized numbers: jsonb keeps neither key order
/// nor spacing) and hashed with SHA-256; the table's checksum is the sum of the rows' hashes (first 128 bits, wrapping),
/// so it does not depend on the order either side returns the rows in. A lost, added, duplicated or changed row changes it.
/// </summary>
internal sealed class ContentChecksum
{
    private readonly StringBuilder _row = new();
    private UInt128 _sum;

    public long Rows { get; private set; }

    /// <summary>Adds one row's values (the .NET values of <see cref="CopyColumn"/>, null for NULL).</summary>
    public void Add(CopyColumn[] columns, object?[] values)
    {
        _row.Clear();
        for (int i = 0; i < columns.Length; i++)
            Render(_row, columns[i], values[i]);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(_row.ToString()), hash);
        _sum += BinaryPrimitives.ReadUInt128LittleEndian(hash);
        Rows++;
    }

    /// <summary>The checksum as 32 hex digits.</summary>
    public override string ToString() => _sum.ToString("x32", CultureInfo.InvariantCulture);

    private static void Render(StringBuilder s, CopyColumn column, object? value)
    {
        switch (value)
        {
            case null: s.Append("N;"); break;
            case bool b: s.Append(b ? "b1;" : "b0;"); break;
            case short or int or long: s.Append('i').Append(Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)).Append(';'); break;
            case float f: s.Append('f').Append(((double)f).ToString("R", CultureInfo.InvariantCulture)).Append(';'); break;
            case double d: s.Append('d').Append(d.ToString("R", CultureInfo.InvariantCulture)).Append(';'); break;
            case decimal m: s.Append('m').Append(m.ToString(CultureInfo.InvariantCulture)).Append(';'); break;
            case byte[] bytes: s.Append('x').Append(Convert.ToHexString(bytes)).Append(';'); break;
            case Guid g: s.Append('g').Append(g.ToString("D")).Append(';'); break;
            case DateTime t: s.Append('t').Append(t.Ticks.ToString(CultureInfo.InvariantCulture)).Append(';'); break;
            case DateOnly d: s.Append('D').Append(d.DayNumber.ToString(CultureInfo.InvariantCulture)).Append(';'); break;
            case TimeOnly t: s.Append('T').Append(t.Ticks.ToString(CultureInfo.InvariantCulture)).Append(';'); break;
            case TimeSpan t: s.Append('I').Append(t.Ticks.ToString(CultureInfo.InvariantCulture)).Append(';'); break;
            case string text when column.IsJson: Text(s, 'j', CanonicalJson(text)); break;
            case string text: Text(s, 's', text); break;
            default: throw new InvalidOperationException($"no canonical form for {value.GetType()}");
        }
    }

    private static void Text(StringBuilder s, char tag, string text) =>
        s.Append(tag).Append(text.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(text).Append(';');

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
