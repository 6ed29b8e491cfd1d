// Corpus look-alike of harris2012/ToSqlite:ToSqLite/Sqlite/SqliteTable.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Collections.Generic;
using System.Linq;
using ToSqLite.Mssql;

namespace ToSqLite.Sqlite
{
    class SqliteTable
    {
        public SqliteTable(string name, IReadOnlyList<SqLiteField> fields)
        {
            Name = name;
            Fields = fields;
        }

        public string Name { get; }
        public IReadOnlyList<SqLiteField> Fields { get; }

        public static SqliteTable From(Table table) =>
            new SqliteTable(table.Name, table.Fields.Select(f => new SqLiteField(f.Name, SqLiteField.AffinityOf(f.SqlType), !f.Nullable, f.PrimaryKey)).ToList());
    }
}
