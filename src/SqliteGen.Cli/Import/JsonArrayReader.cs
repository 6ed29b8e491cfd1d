using System;
using System.Buffers;
using System.IO;
using System.Text.Json;

namespace SqliteGen.Cli.Import;

/// <summary>
/// A JSON array of objects, read one element at a time without loading the file: a small scanner
/// finds where each top-level object starts and ends (tracking strings, escapes, nesting and line
/// numbers), and System.Text.Json parses just that object. So memory stays flat, and every error and
/// every record carries the line its object starts on.
/// </summary>
internal sealed class JsonArrayReader(Stream stream, string file) : IRecordReader
{
    private readonly byte[] _buffer = new byte[1 << 16];
    private readonly ArrayBufferWriter<byte> _element = new();
    private int _position, _count;
    private int _line = 1;
    private int _objects;
    private bool _started, _finished, _expectElement = true, _first = true;

    public long BytesRead => stream.Position - (_count - _position);

    public long Length => stream.Length;

    public ImportRecord? Read()
    {
        while (NextByte() is int b)
        {
            if (b == '\n')
                _line++;
            if (IsWhitespace(b) || (_first && b is 0xEF or 0xBB or 0xBF))
                continue; // whitespace, or the UTF-8 byte-order mark at the start
            _first = false;
            if (_finished)
                throw ImportException.At(file, _line, $"unexpected '{(char)b}' after the end of the JSON array");
            if (!_started)
            {
                if (b != '[')
                    throw ImportException.At(file, _line, $"expected a JSON array ('['), found '{(char)b}'");
                _started = true;
                continue;
            }
            if (b == ']' && (!_expectElement || _objects == 0))
            {
                _finished = true;
                continue;
            }
            if (b == ',' && !_expectElement)
            {
                _expectElement = true;
                continue;
            }
            if (b != '{' || !_expectElement)
                throw ImportException.At(file, _line, _expectElement ? $"expected a JSON object in the array, found '{(char)b}'" : $"expected ',' or ']' between the array's objects, found '{(char)b}'");
            _expectElement = false;
            _objects++;
            return ReadObject();
        }
        if (!_started)
            throw ImportException.At(file, _line, "the file is empty: expected a JSON array");
        if (!_finished)
            throw ImportException.At(file, _line, "the JSON array is not closed (the file ends before its ']')");
        return null;
    }

    /// <summary>Collects one object (its '{' already read) and parses it.</summary>
    private ImportRecord ReadObject()
    {
        int startLine = _line;
        _element.ResetWrittenCount();
        Append((byte)'{');
        int depth = 1;
        bool inString = false, escaped = false;
        while (depth > 0)
        {
            if (NextByte() is not int b)
                throw ImportException.At(file, startLine, "the object starting here is not closed (the file ends inside it)");
            Append((byte)b);
            if (b == '\n')
                _line++;
            if (inString)
            {
                if (escaped)
                    escaped = false;
                else if (b == '\\')
                    escaped = true;
                else if (b == '"')
                    inString = false;
            }
            else if (b == '"')
                inString = true;
            else if (b is '{' or '[')
                depth++;
            else if (b is '}' or ']')
                depth--;
        }
        try
        {
            using JsonDocument document = JsonDocument.Parse(_element.WrittenMemory);
            return JsonRecords.ToRecord(document.RootElement, file, startLine);
        }
        catch (JsonException error)
        {
            throw ImportException.At(file, startLine + JsonRecords.LineOffset(error), JsonRecords.Malformed(error));
        }
    }

    private void Append(byte b)
    {
        _element.GetSpan(1)[0] = b;
        _element.Advance(1);
    }

    private int? NextByte()
    {
        if (_position == _count)
        {
            _count = stream.Read(_buffer, 0, _buffer.Length);
            _position = 0;
            if (_count == 0)
                return null;
        }
        return _buffer[_position++];
    }

    private static bool IsWhitespace(int b) => b is ' ' or '\t' or '\r' or '\n';

    public void Dispose() => stream.Dispose();
}
