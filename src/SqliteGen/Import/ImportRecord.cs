using System;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace SqliteGen.Runtime;

/// <summary>
/// One JSON object being imported, read field by field by a generated <c>ReadImportRow</c>: <see cref="NextField"/>
/// moves to the next known property's value, and the <c>Get…</c> methods convert that value to a member's type,
/// with the same rules as the rest of SqliteGen (docs/operations.md, "Import"). A wrong token type, a value out of
/// range or a null for a non-null member makes the record invalid, naming the field. The <c>Get…</c> methods, one per
/// member type, are in Mapping/ImportRecord.Values.cs.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public ref partial struct ImportRecord
{
    private Utf8JsonReader _reader;
    private readonly ImportFields _fields;
    private readonly bool _ignoreUnknown;
    private int _field;

    internal ImportRecord(ReadOnlySpan<byte> json, ImportFields fields, bool ignoreUnknown)
    {
        _reader = new Utf8JsonReader(json, isFinalBlock: true, state: default);
        _fields = fields;
        _ignoreUnknown = ignoreUnknown;
        _field = -1;
        bool read;
        try
        {
            read = _reader.Read();
        }
        catch (JsonException error)
        {
            throw Malformed(error);
        }
        if (!read || _reader.TokenType != JsonTokenType.StartObject)
            throw new ImportRecordException(null, $"expected a JSON object, found {Describe(_reader.TokenType)}.", _reader.TokenStartIndex);
    }

    /// <summary>Bad JSON: Utf8JsonReader's own words, at the line it found the problem on.</summary>
    private readonly ImportRecordException Malformed(JsonException error) =>
        new(FieldName, "malformed JSON: " + error.Message, _reader.TokenStartIndex, error) { LineInRecord = error.LineNumber };

    /// <summary>The column name of the field being read.</summary>
    private readonly string? FieldName => _field >= 0 ? _fields.Columns[_field] : null;

    /// <summary>Moves to the value of the next known property; false at the end of the object.</summary>
    public bool NextField(out int field)
    {
        try
        {
            return NextFieldCore(out field);
        }
        catch (JsonException error)
        {
            throw Malformed(error);
        }
    }

    private bool NextFieldCore(out int field)
    {
        while (true)
        {
            _reader.Read();
            if (_reader.TokenType == JsonTokenType.EndObject)
            {
                // Anything after the object (a second value on an NDJSON line) is an error of Utf8JsonReader's.
                _reader.Read();
                field = _field = -1;
                return false;
            }
            int found = _reader.ValueIsEscaped ? FindEscaped() : _fields.Find(_reader.ValueSpan, _field + 1);
            if (found < 0)
            {
                if (!_ignoreUnknown)
                    throw new ImportRecordException(_reader.GetString(), $"'{_reader.GetString()}' is not a member of the entity (set JsonImportOptions.UnknownProperties = Ignore to skip such properties).", _reader.TokenStartIndex);
                _reader.Read();
                _reader.Skip();
                continue;
            }
            _reader.Read();
            field = _field = found;
            return true;
        }
    }

    private readonly int FindEscaped()
    {
        string name = _reader.GetString()!;
        return _fields.Find(System.Text.Encoding.UTF8.GetBytes(name), _field + 1);
    }

    /// <summary>True when the value is JSON <c>null</c> (only nullable members call this).</summary>
    public readonly bool IsNull => _reader.TokenType == JsonTokenType.Null;

    /// <summary>A required field the record did not have.</summary>
    [DoesNotReturn]
    public readonly void ThrowMissing(int field) =>
        throw new ImportRecordException(_fields.Columns[field], "is missing, and the member is not nullable.", _reader.TokenStartIndex);

    private readonly void Expect(JsonTokenType type, string what)
    {
        if (_reader.TokenType != type)
            throw Wrong(what);
    }

    /// <summary>The string value decoded into <paramref name="buffer"/>, or into a new string when longer.</summary>
    private readonly ReadOnlySpan<char> Chars(Span<char> buffer, string what)
    {
        Expect(JsonTokenType.String, what);
        int length = _reader.HasValueSequence ? int.MaxValue : _reader.ValueSpan.Length;
        if (length <= buffer.Length)
            return buffer.Slice(0, _reader.CopyString(buffer));
        return _reader.GetString().AsSpan();
    }

    private readonly string Raw()
    {
        string text = _reader.TokenType == JsonTokenType.String ? _reader.GetString()! : System.Text.Encoding.UTF8.GetString(_reader.ValueSpan);
        return text.Length > 60 ? text.Substring(0, 60) + "…" : text;
    }

    private readonly ImportRecordException Wrong(string what) =>
        _reader.TokenType == JsonTokenType.Null
            ? Invalid("is null, and the member is not nullable.")
            : Invalid($"expected {what}, found {Describe(_reader.TokenType)}.");

    private readonly ImportRecordException Invalid(string message, Exception? inner = null) =>
        new(FieldName, message, _reader.TokenStartIndex, inner);

    private static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.None => "nothing",
        _ => type.ToString(),
    };
}
