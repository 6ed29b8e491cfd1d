namespace SqliteGen.Reliability.Tests;

// The fault and hostile-input tests' schema: a text key, an indexed text column, a nullable text and a blob.

[SqliteDatabase(Version = 1, Tables = new[] { typeof(Note) })]
public partial class ProbeDb;

[Table("notes")]
public partial record Note([PrimaryKey] string Key, [Indexed] string Title, string? Body, byte[] Data);

internal static class NoteAssert
{
    /// <summary>Every column equal, the blob by content (a record compares arrays by reference).</summary>
    public static void Same(Note expected, Note? actual)
    {
        Xunit.Assert.NotNull(actual);
        Xunit.Assert.Equal(expected.Data, actual!.Data);
        Xunit.Assert.Equal(expected, actual with { Data = expected.Data });
    }
}
