// Corpus look-alike of usausa/Smart-Net-Data-Mapper:Smart.Data.Mapper.Builders/Data/Mapper/Builders/Metadata/TableInfo.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Collections.Generic;
using System.Linq;

namespace Smart.Data.Mapper.Builders.Metadata;

public sealed class TableInfo
{
    public TableInfo(string name, IReadOnlyList<ColumnInfo> columns)
    {
        Name = name;
        Columns = columns;
        Keys = columns.Where(c => c.IsKey).OrderBy(c => c.KeyOrder).ToArray();
        NonKeys = columns.Where(c => !c.IsKey).ToArray();
    }

    public string Name { get; }
    public IReadOnlyList<ColumnInfo> Columns { get; }
    public IReadOnlyList<ColumnInfo> Keys { get; }
    public IReadOnlyList<ColumnInfo> NonKeys { get; }
}
