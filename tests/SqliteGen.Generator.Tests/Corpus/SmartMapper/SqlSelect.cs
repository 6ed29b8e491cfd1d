// Corpus look-alike of usausa/Smart-Net-Data-Mapper:Smart.Data.Mapper.Builders/Data/Mapper/Builders/SqlSelect.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Text;
using Smart.Data.Mapper.Builders.Metadata;

namespace Smart.Data.Mapper.Builders;

public static class SqlSelect<T>
{
    private static readonly TableInfo Table = TableInfoFactory.Get(typeof(T));

    public static string ByKey()
    {
        var sql = new StringBuilder("SELECT ");
        BuildHelper.AddColumns(sql, Table.Columns);
        sql.Append(" FROM ").Append(Table.Name);
        BuildHelper.AddCondition(sql, Table.Keys);
        return sql.ToString();
    }

    public static string Where(string condition, string? order = null)
    {
        var sql = new StringBuilder("SELECT ");
        BuildHelper.AddColumns(sql, Table.Columns);
        sql.Append(" FROM ").Append(Table.Name);
        if (!string.IsNullOrEmpty(condition))
            sql.Append(" WHERE ").Append(condition);
        if (!string.IsNullOrEmpty(order))
            sql.Append(" ORDER BY ").Append(order);
        return sql.ToString();
    }
}
