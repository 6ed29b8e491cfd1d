using System.IO;
using System.Text;
using System.Text.Json;

namespace SqliteGen.Cli.Import;

/// <summary>Newline-delimited JSON: one object per line; blank lines are skipped.</summary>
internal sealed class NdjsonReader(Stream stream, string file) : IRecordReader
{
    private readonly StreamReader _reader = new(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
    private int _line;

    public long BytesRead => stream.Position;

    public long Length => stream.Length;

    public ImportRecord? Read()
    {
        while (_reader.ReadLine() is { } text)
        {
            _line++;
            if (string.IsNullOrWhiteSpace(text))
                continue;
            try
            {
                using JsonDocument document = JsonDocument.Parse(text);
                return JsonRecords.ToRecord(document.RootElement, file, _line);
            }
            catch (JsonException error)
            {
                throw ImportException.At(file, _line, JsonRecords.Malformed(error));
            }
        }
        return null;
    }

    public void Dispose() => _reader.Dispose();
}
