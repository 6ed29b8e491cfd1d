// Corpus look-alike of usausa/Smart-Net-Data-Mapper:Smart.Data.Mapper.Builders/Data/Mapper/Builders/SqlDelete.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Text;
using Smart.Data.Mapper.Builders.Metadata;

namespace Smart.Data.Mapper.Builders;

public static class SqlDelete<T>
{
    private static readonly TableInfo Table = TableInfoFactory.Get(typeof(T));

    public static string ByKey()
    {
        var sql = new StringBuilder("DELETE FROM ").Append(Table.Name);
        BuildHelper.AddCondition(sql, Table.Keys);
        return sql.ToString();
    }

    public static string All() => "DELETE FROM " + Table.Name;
}
