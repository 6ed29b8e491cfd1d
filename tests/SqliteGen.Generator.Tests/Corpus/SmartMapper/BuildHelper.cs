// Corpus look-alike of usausa/Smart-Net-Data-Mapper:Smart.Data.Mapper.Builders/Data/Mapper/Builders/Metadata/BuildHelper.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Collections.Generic;
using System.Text;

namespace Smart.Data.Mapper.Builders.Metadata;

internal static class BuildHelper
{
    public static void AddCondition(StringBuilder sql, IReadOnlyList<ColumnInfo> columns)
    {
        sql.Append(" WHERE ");
        for (int i = 0; i < columns.Count; i++)
        {
            if (i > 0)
                sql.Append(" AND ");
            sql.Append(columns[i].Name).Append(" = @").Append(columns[i].Name);
        }
    }

    public static void AddColumns(StringBuilder sql, IReadOnlyList<ColumnInfo> columns, string prefix = "")
    {
        for (int i = 0; i < columns.Count; i++)
        {
            if (i > 0)
                sql.Append(", ");
            sql.Append(prefix).Append(columns[i].Name);
        }
    }
}
