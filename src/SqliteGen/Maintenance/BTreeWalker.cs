using System;
using System.Buffers.Binary;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using Microsoft.Win32.SafeHandles;

namespace SqliteGen;

/// <summary>
/// Reads the b-trees of a database file page by page (the documented SQLite file format) and counts,
/// per table and index, its pages (interior, leaf and overflow) and how many of its leaves do not
/// directly follow the previous leaf on disk. This is what SQLite's <c>dbstat</c> table would give,
/// which the bundled SQLite lacks. The caller makes sure the file holds a consistent snapshot (a read
/// transaction and an empty WAL). Anything that does not look like a valid b-tree stops the walk
/// (null): the integrity check is what reports damage.
/// </summary>
internal sealed class BTreeWalker
{
    private readonly SafeFileHandle _file;
    private readonly int _pageSize;
    private readonly int _usable;
    private readonly long _pageCount;
    private readonly byte[] _page;
    private readonly BitArray _visited;

    private BTreeWalker(SafeFileHandle file, int pageSize, int usable, long pageCount)
    {
        _file = file;
        _pageSize = pageSize;
        _usable = usable;
        _pageCount = pageCount;
        _page = new byte[pageSize];
        _visited = new BitArray(checked((int)pageCount + 1));
    }

    /// <summary>Pages and out-of-order leaves of one b-tree.</summary>
    public readonly record struct BTreeSpace(long Pages, long Leaves, long LeavesOutOfOrder);

    /// <summary>Walks each (name, root page) b-tree of the file at <paramref name="path"/>; null when a page makes no sense.</summary>
    public static Dictionary<string, BTreeSpace>? Walk(string path, IEnumerable<(string Name, long RootPage)> btrees, CancellationToken cancellationToken)
    {
        using SafeFileHandle file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        Span<byte> header = stackalloc byte[100];
        if (RandomAccess.Read(file, header, 0) < 100)
            return null;
        int pageSize = BinaryPrimitives.ReadUInt16BigEndian(header[16..]);
        pageSize = pageSize == 1 ? 65536 : pageSize;
        if (pageSize < 512 || (pageSize & (pageSize - 1)) != 0)
            return null;
        long pageCount = RandomAccess.GetLength(file) / pageSize;
        var walker = new BTreeWalker(file, pageSize, pageSize - header[20], pageCount);
        var result = new Dictionary<string, BTreeSpace>(StringComparer.Ordinal);
        foreach ((string name, long root) in btrees)
        {
            if (walker.WalkTree(root, cancellationToken) is not { } space)
                return null;
            result[name] = space;
        }
        return result;
    }

    private BTreeSpace? WalkTree(long root, CancellationToken cancellationToken)
    {
        long pages = 0, leaves = 0, outOfOrder = 0, previousLeaf = -1;
        var pending = new Stack<long>();
        pending.Push(root);
        var children = new List<long>();
        while (pending.Count > 0)
        {
            long number = pending.Pop();
            if ((pages & 1023) == 0)
                cancellationToken.ThrowIfCancellationRequested();
            if (number < 1 || number > _pageCount || _visited[(int)number] || !ReadPage(number))
                return null;
            _visited[(int)number] = true;
            pages++;
            int header = number == 1 ? 100 : 0;
            byte type = _page[header];
            int cells = BinaryPrimitives.ReadUInt16BigEndian(_page.AsSpan(header + 3));
            bool interior = type is 2 or 5;
            if (!interior && type is not (10 or 13))
                return null;
            int pointers = header + (interior ? 12 : 8);
            if (pointers + 2 * cells > _pageSize)
                return null;
            children.Clear();
            for (int i = 0; i < cells; i++)
            {
                int cell = BinaryPrimitives.ReadUInt16BigEndian(_page.AsSpan(pointers + 2 * i));
                if (cell < pointers || cell + 4 > _usable)
                    return null;
                if (interior)
                    children.Add(BinaryPrimitives.ReadUInt32BigEndian(_page.AsSpan(cell)));
                if (OverflowPages(type, cell) is not { } overflow)
                    return null;
                pages += overflow;
            }
            if (interior)
            {
                children.Add(BinaryPrimitives.ReadUInt32BigEndian(_page.AsSpan(header + 8)));
                for (int i = children.Count - 1; i >= 0; i--)
                    pending.Push(children[i]); // leftmost child on top: leaves come out in key order
            }
            else
            {
                if (previousLeaf >= 0 && number != previousLeaf + 1)
                    outOfOrder++;
                previousLeaf = number;
                leaves++;
            }
        }
        return new BTreeSpace(pages, leaves, outOfOrder);
    }

    /// <summary>How many overflow pages the cell's payload spills onto (the format's local-payload rule); null when the cell is malformed.</summary>
    private long? OverflowPages(byte type, int cell)
    {
        if (type == 5)
            return 0; // table interior cells hold a child pointer and a rowid, no payload
        int offset = cell + (type == 2 ? 4 : 0);
        if (!TryVarint(ref offset, out long payload))
            return null;
        if (type == 13 && !TryVarint(ref offset, out _))
            return null; // the rowid
        long maxLocal = type == 13 ? _usable - 35 : ((_usable - 12) * 64 / 255) - 23;
        if (payload <= maxLocal)
            return 0;
        long minLocal = ((_usable - 12) * 32 / 255) - 23;
        long local = minLocal + ((payload - minLocal) % (_usable - 4));
        if (local > maxLocal)
            local = minLocal;
        return (payload - local + _usable - 5) / (_usable - 4);
    }

    private bool TryVarint(ref int offset, out long value)
    {
        value = 0;
        for (int i = 0; i < 9; i++)
        {
            if (offset >= _usable)
                return false;
            byte b = _page[offset++];
            if (i == 8)
            {
                value = (value << 8) | b;
                return true;
            }
            value = (value << 7) | (long)(b & 0x7F);
            if ((b & 0x80) == 0)
                return true;
        }
        return true;
    }

    private bool ReadPage(long number) =>
        RandomAccess.Read(_file, _page, (number - 1) * _pageSize) == _pageSize;
}
