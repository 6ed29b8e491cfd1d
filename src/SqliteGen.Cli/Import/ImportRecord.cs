namespace SqliteGen.Cli.Import;

/// <summary>
/// One record read from the input: its column names and values in the input's order, and the line it
/// starts on. JSON values are <c>long</c>, <c>double</c>, <c>string</c> (nested objects and arrays as
/// JSON text) or null; CSV values are all strings (<see cref="FromText"/>), typed by the table.
/// </summary>
internal sealed record ImportRecord(int Line, string[] Columns, object?[] Values, bool FromText);

/// <summary>One reader per input format; throws <see cref="ImportException"/> for malformed input.</summary>
internal interface IRecordReader : System.IDisposable
{
    /// <summary>The next record, or null at the end of the input.</summary>
    ImportRecord? Read();

    /// <summary>How far into the file the reader is, in bytes (for progress).</summary>
    long BytesRead { get; }

    /// <summary>The file's size in bytes.</summary>
    long Length { get; }
}
