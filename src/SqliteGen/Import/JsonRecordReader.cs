using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace SqliteGen.Runtime;

/// <summary>
/// Cuts an import's input into records, one JSON object's bytes at a time, and keeps track of where each is
/// (its first line; its TinyDB document id). The bytes live in one buffer that grows only to the largest
/// record, so memory stays flat however long the input is. Each record is then parsed alone
/// (<see cref="ImportRecord"/>), so a bad record is reported by its own line and the next one can still be read.
/// <list type="bullet">
/// <item>NDJSON: a record per line, found with a vectorized search for the newline.</item>
/// <item>JSON array: a small scanner finds each element's closing brace (strings and escapes respected).</item>
/// <item>TinyDB: the file is read whole (TinyDB itself does the same), then the documents of one table are listed.</item>
/// </list>
/// </summary>
internal sealed class JsonRecordReader : IDisposable
{
    private static readonly SearchValues<byte> s_structure = SearchValues.Create("{}\"\n"u8);
    private static readonly SearchValues<byte> s_inString = SearchValues.Create("\"\\\n"u8);

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly string _tinyDbTable;
    private JsonImportFormat _format;
    private byte[] _buffer;
    private int _start;          // first byte not yet consumed
    private int _end;            // end of the data read so far
    private long _discarded;     // stream bytes dropped from the front of the buffer
    private long _line = 1;      // the line at _start
    private bool _eof;
    private bool _begun;         // past a BOM and (for an array) the '['
    private bool _afterElement;  // an array element was read: a ',' or ']' comes next
    private bool _arrayClosed;
    private List<(string Id, int Start, int End, long Line)>? _documents;
    private int _nextDocument;

    public JsonRecordReader(Stream stream, JsonImportOptions options)
    {
        _stream = stream;
        _leaveOpen = options.LeaveOpen;
        _format = options.Format;
        _tinyDbTable = options.TinyDbTable;
        _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    }

    /// <summary>The line the reader is at (where a structural error is).</summary>
    public long Line => _line;

    /// <summary>Input bytes consumed up to the end of the last record returned.</summary>
    public long BytesConsumed => _discarded + _start;

    /// <summary>Reads more input after <see cref="Next"/> asked for it.</summary>
    public void Fill()
    {
        Span<byte> free = MakeRoom();
        int read = _stream.Read(free);
        Filled(read);
    }

    /// <inheritdoc cref="Fill"/>
    public async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        MakeRoom();
        int read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        Filled(read);
    }

    private Span<byte> MakeRoom()
    {
        if (_start > 0 && _format != JsonImportFormat.TinyDb)
        {
            // Move the unconsumed tail to the front; the consumed bytes are never looked at again.
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _discarded += _start;
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            byte[] larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, larger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
        return _buffer.AsSpan(_end);
    }

    private void Filled(int read)
    {
        if (read == 0)
            _eof = true;
        _end += read;
    }

    /// <summary>
    /// The next record: <see cref="RecordStatus.Record"/> with its bytes (valid until the next call), its first line and,
    /// in a TinyDB file, its document id; <see cref="RecordStatus.NeedData"/> (call <see cref="Fill"/>); or the end.
    /// Throws <see cref="ImportRecordException"/> for input that is broken beyond one record (a truncated array).
    /// </summary>
    public RecordStatus Next(out ReadOnlySpan<byte> record, out long line, out string? documentId)
    {
        record = default;
        line = _line;
        documentId = null;
        if (!_begun)
        {
            if (!Begin())
                return _eof ? RecordStatus.End : RecordStatus.NeedData;
        }
        return _format switch
        {
            JsonImportFormat.NdJson => NextLine(out record, out line),
            JsonImportFormat.JsonArray => NextElement(out record, out line),
            _ => NextDocument(out record, out line, out documentId),
        };
    }

    /// <summary>Skips a UTF-8 BOM and white space, picks the format when asked to, and for an array consumes the '['.</summary>
    private bool Begin()
    {
        ReadOnlySpan<byte> data = _buffer.AsSpan(_start, _end - _start);
        if (!_eof && data.Length < 3)
            return false;
        if (data.StartsWith("\uFEFF"u8))
            _start += 3;
        if (_format == JsonImportFormat.TinyDb)
        {
            if (!_eof)
                return false; // read whole
            ListDocuments();
            _begun = true;
            return true;
        }
        int first = SkipWhiteSpace();
        if (first < 0)
        {
            if (!_eof)
                return false;
            if (_format == JsonImportFormat.JsonArray)
                throw new ImportRecordException(null, "the input is empty: expected a JSON array.", 0);
            _format = JsonImportFormat.NdJson; // empty NDJSON: no records
            _begun = true;
            return true;
        }
        if (_format == JsonImportFormat.Auto)
            _format = _buffer[first] == (byte)'[' ? JsonImportFormat.JsonArray : JsonImportFormat.NdJson;
        if (_format == JsonImportFormat.JsonArray)
        {
            if (_buffer[first] != (byte)'[')
                throw new ImportRecordException(null, $"expected a JSON array ('['), found '{(char)_buffer[first]}'.", 0);
            _start = first + 1;
        }
        _begun = true;
        return true;
    }

    /// <summary>Moves _start past spaces, tabs, CRs and newlines (counting lines); the index of the next byte, or -1.</summary>
    private int SkipWhiteSpace()
    {
        while (_start < _end)
        {
            byte b = _buffer[_start];
            if (b == (byte)'\n')
                _line++;
            else if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
                return _start;
            _start++;
        }
        return -1;
    }

    private RecordStatus NextLine(out ReadOnlySpan<byte> record, out long line)
    {
        while (true)
        {
            record = default;
            line = _line;
            ReadOnlySpan<byte> data = _buffer.AsSpan(_start, _end - _start);
            int newline = data.IndexOf((byte)'\n');
            if (newline < 0 && !_eof)
                return RecordStatus.NeedData;
            if (newline < 0 && data.Length == 0)
                return RecordStatus.End;
            ReadOnlySpan<byte> text = newline < 0 ? data : data.Slice(0, newline);
            _start += newline < 0 ? data.Length : newline + 1;
            _line++;
            text = text.Trim(" \t\r"u8);
            if (text.IsEmpty)
                continue; // blank lines are allowed (a trailing newline, spacing)
            record = text;
            return RecordStatus.Record;
        }
    }

    private RecordStatus NextElement(out ReadOnlySpan<byte> record, out long line)
    {
        record = default;
        int at = SkipWhiteSpace();
        line = _line;
        if (at < 0)
        {
            if (!_eof)
                return RecordStatus.NeedData;
            if (_arrayClosed)
                return RecordStatus.End;
            throw new ImportRecordException(null, "the input ends inside the JSON array (it is truncated, or the closing ']' is missing).", 0);
        }
        byte b = _buffer[at];
        if (_arrayClosed)
            throw new ImportRecordException(null, $"unexpected '{(char)b}' after the end of the JSON array.", 0);
        if (b == (byte)']')
        {
            _start++;
            _arrayClosed = true;
            return NextElement(out record, out line);
        }
        if (_afterElement)
        {
            if (b != (byte)',')
                throw new ImportRecordException(null, $"expected ',' or ']' between array elements, found '{(char)b}'.", 0);
            _start++;
            _afterElement = false;
            return NextElement(out record, out line);
        }
        if (b != (byte)'{')
            throw new ImportRecordException(null, $"expected an object ('{{') as array element, found '{(char)b}'.", 0);

        // Find the matching '}' (a record spanning the buffer's end waits for more input and is scanned again).
        ReadOnlySpan<byte> data = _buffer.AsSpan(at, _end - at);
        int depth = 0;
        int newlines = 0;
        int i = 0;
        while (true)
        {
            int next = data.Slice(i).IndexOfAny(s_structure);
            if (next < 0)
                return Truncated();
            i += next;
            switch (data[i])
            {
                case (byte)'\n':
                    newlines++;
                    break;
                case (byte)'{':
                    depth++;
                    break;
                case (byte)'}':
                    if (--depth == 0)
                    {
                        record = data.Slice(0, i + 1);
                        _start = at + i + 1;
                        _line += newlines;
                        _afterElement = true;
                        return RecordStatus.Record;
                    }
                    break;
                case (byte)'"':
                    // To the closing quote, past escapes (a raw newline in a string is invalid JSON; the parser says so).
                    while (true)
                    {
                        int inString = data.Slice(i + 1).IndexOfAny(s_inString);
                        if (inString < 0)
                            return Truncated();
                        i += 1 + inString;
                        if (data[i] == (byte)'"')
                            break;
                        if (data[i] == (byte)'\n')
                            newlines++;
                        else if (i + 1 < data.Length)
                            i++; // a backslash: skip the escaped byte
                        else
                            return Truncated(); // the escaped byte is not read yet
                    }
                    break;
            }
            i++;
        }

        RecordStatus Truncated()
        {
            if (!_eof)
                return RecordStatus.NeedData;
            throw new ImportRecordException(null, "the input ends inside this record (it is truncated).", 0);
        }
    }

    /// <summary>Lists the documents of the chosen table of the TinyDB file now in the buffer.</summary>
    private void ListDocuments()
    {
        _documents = new List<(string, int, int, long)>();
        ReadOnlySpan<byte> data = _buffer.AsSpan(_start, _end - _start);
        var reader = new Utf8JsonReader(data, isFinalBlock: true, state: default);
        bool found = false;
        var tables = new List<string>();
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw new ImportRecordException(null, "a TinyDB file is one JSON object of tables ({\"_default\": {\"1\": {...}}}).", 0);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string table = reader.GetString()!;
                tables.Add(table);
                reader.Read();
                if (table != _tinyDbTable)
                {
                    reader.Skip();
                    continue;
                }
                found = true;
                if (reader.TokenType != JsonTokenType.StartObject)
                    throw new ImportRecordException(null, $"TinyDB table '{table}' is not an object of documents.", reader.TokenStartIndex);
                int line = 1;
                int counted = 0;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    string id = reader.GetString()!;
                    reader.Read();
                    int start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    int end = (int)reader.BytesConsumed;
                    line += data.Slice(counted, start - counted).Count((byte)'\n');
                    counted = start;
                    _documents.Add((id, _start + start, _start + end, line));
                }
            }
            if (reader.Read())
                throw new ImportRecordException(null, "unexpected data after the TinyDB object.", reader.TokenStartIndex);
        }
        catch (JsonException error)
        {
            throw new ImportRecordException(null, $"the TinyDB file is not valid JSON: {error.Message}", 0, error) { Line = (error.LineNumber ?? 0) + 1 };
        }
        if (!found)
            throw new ImportRecordException(null, $"the TinyDB file has no table '{_tinyDbTable}' (it has: {(tables.Count == 0 ? "none" : string.Join(", ", tables))}); set JsonImportOptions.TinyDbTable.", 0);
    }

    private RecordStatus NextDocument(out ReadOnlySpan<byte> record, out long line, out string? documentId)
    {
        if (_nextDocument == _documents!.Count)
        {
            record = default;
            line = _line;
            documentId = null;
            _start = _end;
            return RecordStatus.End;
        }
        (string id, int start, int end, long docLine) = _documents[_nextDocument++];
        record = _buffer.AsSpan(start, end - start);
        line = docLine;
        documentId = id;
        _start = end;
        return RecordStatus.Record;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = Array.Empty<byte>();
        if (!_leaveOpen)
            _stream.Dispose();
    }
}

/// <summary>What <see cref="JsonRecordReader.Next"/> found.</summary>
internal enum RecordStatus
{
    Record,
    NeedData,
    End,
}
