// Corpus look-alike of usausa/Smart-Net-Data-Mapper:Smart.Data.Mapper.Tests/Data/Mapper/Builders/NonKeyEntity.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
namespace Smart.Data.Mapper.Tests.Builders;

public class NonKeyEntity
{
    public string? Name { get; set; }
    public int Value { get; set; }
}
