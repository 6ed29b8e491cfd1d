using System.Collections.Generic;

namespace SqliteGen;

/// <summary>The space one table or index takes in the file.</summary>
/// <param name="Name">The table's or index's name (<c>sqlite_schema</c> for the schema itself).</param>
/// <param name="Type"><c>table</c> or <c>index</c>.</param>
/// <param name="Table">The table an index belongs to (the table's own name for a table).</param>
/// <param name="Pages">Its pages: b-tree interior and leaf pages and the overflow pages of large values.</param>
/// <param name="Bytes"><paramref name="Pages"/> times the page size.</param>
/// <param name="Leaves">Its leaf pages.</param>
/// <param name="LeavesOutOfOrder">Leaf pages that do not directly follow the previous leaf on disk.</param>
public sealed record BTreeUsage(string Name, string Type, string Table, long Pages, long Bytes, long Leaves, long LeavesOutOfOrder);

/// <summary>
/// Where the file's pages go, per table and index, read from the file's b-trees. Measured only when
/// the file holds the whole database (no pages waiting in the WAL): otherwise
/// <see cref="NotMeasuredReason"/> says why and what to do.
/// </summary>
public sealed record SpaceReport
{
    /// <summary>The database file.</summary>
    public required string FilePath { get; init; }

    /// <summary>Every table and index with its pages, largest first; empty when not measured.</summary>
    public required IReadOnlyList<BTreeUsage> BTrees { get; init; }

    /// <summary>
    /// The share of leaf pages, over all tables and indexes, that do not directly follow the previous
    /// leaf of their b-tree on disk (0 to 1): how scattered a full scan's reads are. Null when not measured.
    /// </summary>
    public double? Fragmentation { get; init; }

    /// <summary>Why the space was not measured (null when it was).</summary>
    public string? NotMeasuredReason { get; init; }
}
