// Corpus look-alike of usausa/Smart-Net-Data-Mapper:Smart.Data.Mapper.Builders/Data/Mapper/Builders/Metadata/ColumnInfo.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
namespace Smart.Data.Mapper.Builders.Metadata;

public sealed class ColumnInfo
{
    public ColumnInfo(string name, bool isKey, int keyOrder)
    {
        Name = name;
        IsKey = isKey;
        KeyOrder = keyOrder;
    }

    public string Name { get; }
    public bool IsKey { get; }
    public int KeyOrder { get; }
}
