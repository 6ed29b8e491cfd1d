using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace SqliteGen.Cli.Import;

/// <summary>
/// CSV (RFC 4180: quoted fields may hold the delimiter, newlines and doubled quotes) or TSV with a
/// header row naming the columns. Every record must have as many fields as the header; blank lines
/// are skipped. A record's line is the line it starts on.
/// </summary>
internal sealed class CsvReader : IRecordReader
{
    private readonly Stream _stream;
    private readonly StreamReader _reader;
    private readonly string _file;
    private readonly char _delimiter;
    private readonly StringBuilder _field = new();
    private readonly string[] _header;
    private int _line = 1; // the line the reader is on

    public CsvReader(Stream stream, string file, char delimiter)
    {
        _stream = stream;
        _file = file;
        _delimiter = delimiter;
        _reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        (int headerLine, List<string>? header) = ReadFields();
        if (header is null)
            throw ImportException.At(file, 1, "the file is empty: expected a header row naming the columns");
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < header.Count; i++)
        {
            header[i] = header[i].Trim();
            if (header[i].Length == 0)
                throw ImportException.At(file, headerLine, $"column {i + 1} of the header row has no name");
            if (!seen.Add(header[i]))
                throw ImportException.At(file, headerLine, $"the header names the column '{header[i]}' twice");
        }
        _header = header.ToArray();
    }

    public long BytesRead => _stream.Position;

    public long Length => _stream.Length;

    public ImportRecord? Read()
    {
        (int line, List<string>? fields) = ReadFields();
        if (fields is null)
            return null;
        if (fields.Count != _header.Length)
            throw ImportException.At(_file, line, $"{fields.Count} field(s), but the header has {_header.Length}");
        return new ImportRecord(line, _header, fields.ToArray(), FromText: true);
    }

    /// <summary>The next non-blank record's fields and starting line, or null at the end.</summary>
    private (int Line, List<string>? Fields) ReadFields()
    {
        while (true)
        {
            int start = _line;
            int c = _reader.Read();
            if (c < 0)
                return (start, null);
            if (c is '\n' or '\r')
            {
                EndLine(c);
                continue; // a blank line
            }
            var fields = new List<string>();
            while (true)
            {
                bool quoted = c == '"';
                if (quoted)
                    c = ReadQuoted(start);
                else
                    c = ReadPlain(c);
                fields.Add(_field.ToString());
                _field.Clear();
                if (c == _delimiter)
                {
                    c = _reader.Read();
                    continue;
                }
                if (c is '\n' or '\r')
                    EndLine(c);
                else if (c >= 0)
                    throw ImportException.At(_file, _line, $"unexpected '{(char)c}' after a quoted field (expected '{(_delimiter == '\t' ? "\\t" : _delimiter)}' or the end of the line)");
                return (start, fields);
            }
        }
    }

    /// <summary>Reads an unquoted field starting with <paramref name="c"/>; returns the character that ended it.</summary>
    private int ReadPlain(int c)
    {
        while (c >= 0 && c != _delimiter && c is not ('\n' or '\r'))
        {
            _field.Append((char)c);
            c = _reader.Read();
        }
        return c;
    }

    /// <summary>Reads a quoted field (its opening quote read); returns the character after the closing quote.</summary>
    private int ReadQuoted(int startLine)
    {
        while (true)
        {
            int c = _reader.Read();
            if (c < 0)
                throw ImportException.At(_file, startLine, "a quoted field starting on this line is never closed");
            if (c == '"')
            {
                if (_reader.Peek() != '"')
                    return _reader.Read();
                _reader.Read(); // "" inside quotes is one quote
            }
            if (c == '\n')
                _line++;
            _field.Append((char)c);
        }
    }

    /// <summary>Consumes the end of a line (\n, \r\n or \r).</summary>
    private void EndLine(int c)
    {
        if (c == '\r' && _reader.Peek() == '\n')
            _reader.Read();
        _line++;
    }

    public void Dispose() => _reader.Dispose();
}
