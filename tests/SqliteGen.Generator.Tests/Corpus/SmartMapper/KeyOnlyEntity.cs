// Corpus look-alike of usausa/Smart-Net-Data-Mapper:Smart.Data.Mapper.Tests/Data/Mapper/Builders/KeyOnlyEntity.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using Smart.Data.Mapper.Attributes;

namespace Smart.Data.Mapper.Tests.Builders;

public class KeyOnlyEntity
{
    [PrimaryKey]
    public long Id { get; set; }
}
