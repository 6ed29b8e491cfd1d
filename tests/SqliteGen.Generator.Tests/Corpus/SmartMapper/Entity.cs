// Corpus look-alike of usausa/Smart-Net-Data-Mapper:Smart.Data.Mapper.Tests/Data/Mapper/Builders/Entity.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using Smart.Data.Mapper.Attributes;

namespace Smart.Data.Mapper.Tests.Builders;

public class Entity
{
    [PrimaryKey(1)]
    public long Key1 { get; set; }

    [PrimaryKey(2)]
    public string Key2 { get; set; } = "";

    public string? Name { get; set; }

    public int Value { get; set; }
}
