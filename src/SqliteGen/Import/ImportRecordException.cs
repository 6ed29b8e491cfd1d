using System;

namespace SqliteGen.Runtime;

/// <summary>
/// A record that cannot be imported: the field at fault (its column name, or null) and the byte offset in the
/// record where the problem is, which the importer turns into a line. Thrown by <see cref="ImportRecord"/>.
/// </summary>
internal sealed class ImportRecordException : Exception
{
    public ImportRecordException(string? field, string message, long offset, Exception? innerException = null)
        : base(message, innerException)
    {
        Field = field;
        Offset = offset;
    }

    public string? Field { get; }

    public long Offset { get; }

    /// <summary>The line within the record (0-based), when the JSON parser reported it.</summary>
    public long? LineInRecord { get; init; }

    /// <summary>The line, when the thrower knows it better than the record's start plus <see cref="Offset"/>.</summary>
    public long? Line { get; init; }
}
