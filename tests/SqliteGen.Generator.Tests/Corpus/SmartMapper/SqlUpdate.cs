// Corpus look-alike of usausa/Smart-Net-Data-Mapper:Smart.Data.Mapper.Builders/Data/Mapper/Builders/SqlUpdate.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Text;
using Smart.Data.Mapper.Builders.Metadata;

namespace Smart.Data.Mapper.Builders;

public static class SqlUpdate<T>
{
    private static readonly TableInfo Table = TableInfoFactory.Get(typeof(T));

    public static string ByKey()
    {
        var sql = new StringBuilder("UPDATE ").Append(Table.Name).Append(" SET ");
        for (int i = 0; i < Table.NonKeys.Count; i++)
        {
            if (i > 0)
                sql.Append(", ");
            sql.Append(Table.NonKeys[i].Name).Append(" = @").Append(Table.NonKeys[i].Name);
        }
        BuildHelper.AddCondition(sql, Table.Keys);
        return sql.ToString();
    }
}
