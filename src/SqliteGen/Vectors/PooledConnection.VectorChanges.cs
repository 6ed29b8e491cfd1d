namespace SqliteGen.Runtime;

/// <summary>The vector feature's accessor on the writer connection, which generated writes call.</summary>
public sealed partial class PooledConnection
{
    /// <summary>
    /// While a generated write to a table with <c>[Vector]</c> columns runs on this (writer) connection: where it notes
    /// the vector rows it changes (see <see cref="Runtime.VectorChanges"/>); null otherwise, and then nothing is noted.
    /// The notes live in the connection's per-write slot, which <see cref="SearchTableSource"/> fills around the write.
    /// </summary>
    public VectorChanges? VectorChanges => WriteNotes as VectorChanges;
}
