// Corpus look-alike of harris2012/ToSqlite:ToSqLite/Template/SelectFromMssqlTemplatePartial.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Linq;
using ToSqLite.Mssql;

namespace ToSqLite.Template
{
    partial class SelectFromMssqlTemplate
    {
        private readonly Table _table;

        public SelectFromMssqlTemplate(Table table) => _table = table;

        public string TransformText() => "SELECT " + string.Join(", ", _table.Fields.Select(f => "[" + f.Name + "]")) + " FROM [" + _table.Name + "]";
    }
}
