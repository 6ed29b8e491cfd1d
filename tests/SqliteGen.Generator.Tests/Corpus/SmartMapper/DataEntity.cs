// Corpus look-alike of usausa/Smart-Net-Data-Mapper:Smart.Data.Mapper.Tests/Data/Mapper/Mocks/DataEntity.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
namespace Smart.Data.Mapper.Tests;

public class DataEntity
{
    public long Id { get; set; }
    public string? Name { get; set; }
}
