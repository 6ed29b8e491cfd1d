namespace SqliteGen.Generator.Model;

/// <summary>How a member's .NET type is stored (see docs/type-mapping.md).</summary>
internal enum ValueKind
{
    Boolean,
    SByte,
    Byte,
    Int16,
    UInt16,
    Int32,
    UInt32,
    Int64,
    UInt64,
    Single,
    Double,
    Decimal,
    String,
    Char,
    Bytes,
    Guid,
    DateTime,
    DateTimeOffset,
    DateOnly,
    TimeOnly,
    TimeSpan,
    Enum,
    /// <summary>An enum whose type carries <c>[EnumAsText]</c>: TEXT holding the value's name (<see cref="EnumName"/>).</summary>
    EnumText,
    Json,
    /// <summary>A <c>[Vector]</c> member: a BLOB of little-endian float32 components.</summary>
    Vector,
}

/// <summary>The storage classes SQLite's STRICT tables accept.</summary>
internal enum SqlStorage
{
    Integer,
    Real,
    Text,
    Blob,
}

/// <summary>
/// One member of an <c>[EnumAsText]</c> enum: its C# name, the text stored for it, and its number (invariant text of the
/// underlying value), which converts rows between the INTEGER and TEXT forms in a migration.
/// </summary>
internal sealed record EnumName(string Member, string Text, string Number);
