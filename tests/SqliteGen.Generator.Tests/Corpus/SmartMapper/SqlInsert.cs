// Corpus look-alike of usausa/Smart-Net-Data-Mapper:Smart.Data.Mapper.Builders/Data/Mapper/Builders/SqlInsert.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Text;
using Smart.Data.Mapper.Builders.Metadata;

namespace Smart.Data.Mapper.Builders;

public static class SqlInsert<T>
{
    private static readonly TableInfo Table = TableInfoFactory.Get(typeof(T));

    public static string Values()
    {
        var sql = new StringBuilder("INSERT INTO ").Append(Table.Name).Append(" (");
        BuildHelper.AddColumns(sql, Table.Columns);
        sql.Append(") VALUES (");
        BuildHelper.AddColumns(sql, Table.Columns, "@");
        sql.Append(')');
        return sql.ToString();
    }
}
