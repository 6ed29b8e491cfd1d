// Corpus look-alike of usausa/Smart-Net-Data-Mapper:Smart.Data.Mapper.Builders/Data/Mapper/Builders/SqlCount.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using Smart.Data.Mapper.Builders.Metadata;

namespace Smart.Data.Mapper.Builders;

public static class SqlCount<T>
{
    private static readonly TableInfo Table = TableInfoFactory.Get(typeof(T));

    public static string All() => "SELECT COUNT(*) FROM " + Table.Name;

    public static string Where(string condition) => "SELECT COUNT(*) FROM " + Table.Name + " WHERE " + condition;
}
