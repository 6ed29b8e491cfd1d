// Corpus look-alike of harris2012/ToSqlite:ToSqLite/Mssql/Table.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Collections.Generic;
using System.Linq;

namespace ToSqLite.Mssql
{
    class Table
    {
        public Table(string name, IReadOnlyList<Field> fields)
        {
            Name = name;
            Fields = fields;
        }

        public string Name { get; }
        public IReadOnlyList<Field> Fields { get; }
        public IEnumerable<Field> Keys => Fields.Where(f => f.PrimaryKey);
    }
}
