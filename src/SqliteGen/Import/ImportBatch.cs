using System;
using System.Collections.Generic;

namespace SqliteGen.Runtime;

/// <summary>
/// One batch of an import: the valid records as entities (with their lines or document ids), how many records were
/// read into it and how many were left out as invalid, and what writing it did. Two of them alternate: one is
/// written while the next is read.
/// </summary>
internal sealed class ImportBatch<TEntity>
{
    public ImportBatch(int size)
    {
        Rows = new TEntity[size];
        Lines = new long[size];
        Ids = new string?[size];
    }

    public TEntity[] Rows { get; }

    public long[] Lines { get; }

    public string?[] Ids { get; }

    /// <summary>Valid records in <see cref="Rows"/>.</summary>
    public int Count { get; set; }

    /// <summary>Records read into this batch, valid or not.</summary>
    public long Read { get; set; }

    /// <summary>Invalid records left out (when skipping them), at reading or at writing.</summary>
    public long Failed { get; set; }

    public List<ImportIssue> Issues { get; } = new();

    /// <summary>Input bytes consumed up to the end of this batch's last record.</summary>
    public long BytesEnd { get; set; }

    public long Inserted { get; set; }

    public long Skipped { get; set; }

    public bool IsFull => Count == Rows.Length;

    public void Add(TEntity row, long line, string? id)
    {
        Rows[Count] = row;
        Lines[Count] = line;
        Ids[Count] = id;
        Count++;
    }

    public void Clear()
    {
        Array.Clear(Rows, 0, Count);
        Count = 0;
        Read = 0;
        Failed = 0;
        Inserted = 0;
        Skipped = 0;
        Issues.Clear();
    }
}
