using System;
using System.Collections.Generic;
using System.IO;

namespace SqliteGen.Cli;

/// <summary>Rows printed in aligned columns; columns listed in <c>rightAligned</c> (numbers) are right-aligned.</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [headers];

    public HashSet<int> RightAligned { get; } = [];

    public void Add(params string[] cells) => _rows.Add(cells);

    public void WriteTo(TextWriter writer, string indent = "  ")
    {
        int[] widths = new int[headers.Length];
        foreach (string[] row in _rows)
        {
            for (int i = 0; i < row.Length; i++)
                widths[i] = Math.Max(widths[i], row[i].Length);
        }
        foreach (string[] row in _rows)
        {
            var line = new System.Text.StringBuilder(indent);
            for (int i = 0; i < row.Length; i++)
            {
                bool last = i == row.Length - 1;
                string cell = RightAligned.Contains(i) ? row[i].PadLeft(widths[i]) : last ? row[i] : row[i].PadRight(widths[i]);
                line.Append(cell);
                if (!last)
                    line.Append("  ");
            }
            writer.WriteLine(line.ToString().TrimEnd());
        }
    }
}
