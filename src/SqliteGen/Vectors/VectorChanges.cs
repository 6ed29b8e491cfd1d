using System;
using System.Collections.Generic;
using System.ComponentModel;

namespace SqliteGen.Runtime;

/// <summary>
/// The vector rows one generated write changed, so that the table's resident index can follow the write instead of
/// being rebuilt from the table: the write's <c>…Core</c> method notes each row in the notes the writer connection
/// carries for the write (<see cref="Of"/>), and <see cref="SearchTableSource"/> applies the notes after the write
/// committed, when the cached index was current just before it (docs/vectors.md, "Keeping the resident index correct").
/// </summary>
/// <remarks>
/// The notes are all-or-nothing: a generated write notes every row it changes in every vector column, or calls
/// <see cref="Unchanged"/> when it changed none, and notes of a write that said nothing (a write added later
/// without notes) are not applied: the index is rebuilt, as before, rather than left stale. A write that changes more
/// than <see cref="MaxRows"/> rows stops noting (a big <c>InsertMany</c>: copying its vectors would cost more than
/// the rebuild it saves). A write that fails notes nothing that is applied: its notes are dropped with it.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class VectorChanges
{
    /// <summary>The most rows one write notes before it falls back to a rebuild.</summary>
    public const int MaxRows = 1_024;

    private readonly List<Change> _changes = new();

    private bool _overflowed;
    private bool _said;

    /// <summary>
    /// Where the generated write running on <paramref name="connection"/> (the writer) notes the vector rows it changes:
    /// the notes <see cref="SearchTableSource"/> keeps in the connection's per-write slot around the write; null otherwise
    /// (a write inside a write transaction), and then nothing is noted.
    /// </summary>
    public static VectorChanges? Of(PooledConnection connection) => connection.WriteNotes as VectorChanges;

    /// <summary>True when the notes can be applied: the write said what it changed, and it was no more than <see cref="MaxRows"/> rows.</summary>
    internal bool Usable => _said && !_overflowed;

    /// <summary>The write changed no row (an update or delete of a key the table does not have).</summary>
    public void Unchanged() => _said = true;

    /// <summary>Row <paramref name="rowid"/> now holds <paramref name="vector"/> in <paramref name="column"/> (null: no vector).</summary>
    public void Set(VectorColumn column, long rowid, float[]? vector) =>
        Add(new Change(column, rowid, vector is null ? null : (float[])vector.Clone()));

    /// <inheritdoc cref="Set(VectorColumn, long, float[])"/>
    public void Set(VectorColumn column, long rowid, ReadOnlyMemory<float>? vector) =>
        Add(new Change(column, rowid, vector?.ToArray()));

    /// <summary>Row <paramref name="rowid"/> was deleted: it leaves the index of <paramref name="column"/>.</summary>
    public void Remove(VectorColumn column, long rowid) => Add(new Change(column, rowid, null));

    private void Add(Change change)
    {
        _said = true;
        if (_overflowed)
            return;
        if (_changes.Count == MaxRows)
        {
            _overflowed = true;
            _changes.Clear();
            return;
        }
        _changes.Add(change);
    }

    /// <summary>The notes for <paramref name="column"/>, in write order (a later note of the same row wins).</summary>
    internal IEnumerable<Change> For(string column)
    {
        foreach (Change change in _changes)
        {
            if (change.Column.Column == column)
                yield return change;
        }
    }

    internal readonly record struct Change(VectorColumn Column, long Rowid, float[]? Vector);
}
