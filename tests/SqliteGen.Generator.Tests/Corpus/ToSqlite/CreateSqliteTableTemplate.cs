// Corpus look-alike of harris2012/ToSqlite:ToSqLite/Template/CreateSqliteTableTemplatePartial.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Linq;
using System.Text;
using ToSqLite.Sqlite;

namespace ToSqLite.Template
{
    /// <summary>The CREATE TABLE statement for a converted table: names only, taken from the source schema.</summary>
    partial class CreateSqliteTableTemplate
    {
        private readonly SqliteTable _table;

        public CreateSqliteTableTemplate(SqliteTable table) => _table = table;

        public string TransformText()
        {
            var builder = new StringBuilder();
            builder.Append("CREATE TABLE IF NOT EXISTS [").Append(_table.Name).AppendLine("] (");
            builder.Append(string.Join(",\n", _table.Fields.Select(f => "    [" + f.Name + "] " + f.Affinity + (f.NotNull ? " NOT NULL" : ""))));
            string[] keys = _table.Fields.Where(f => f.PrimaryKey).Select(f => "[" + f.Name + "]").ToArray();
            if (keys.Length > 0)
                builder.Append(",\n    PRIMARY KEY (").Append(string.Join(", ", keys)).Append(')');
            builder.AppendLine().Append(");");
            return builder.ToString();
        }
    }
}
