// Corpus look-alike of harris2012/ToSqlite:ToSqLite/Mssql/MssqlSchemaReader.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Collections.Generic;
using System.Linq;
using ToSqLite.Mssql.Entity;

namespace ToSqLite.Mssql
{
    /// <summary>Reads the source schema (SQL Server's catalog views, queried elsewhere) into tables.</summary>
    class MssqlSchemaReader
    {
        public IReadOnlyList<Table> ToTables(IEnumerable<FieldEntity> fields) =>
            fields.GroupBy(f => f.TableName)
                .Select(g => new Table(g.Key, g.OrderBy(f => f.Ordinal).Select(f => new Field(f.ColumnName, f.DataType, f.IsNullable, f.IsPrimaryKey)).ToList()))
                .ToList();

        public IEnumerable<TableEntity> NonEmpty(IEnumerable<TableEntity> tables) => tables.Where(t => t.RowCount > 0);
    }
}
