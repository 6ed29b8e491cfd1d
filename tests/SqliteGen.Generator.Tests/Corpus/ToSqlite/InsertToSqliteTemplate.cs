// Corpus look-alike of harris2012/ToSqlite:ToSqLite/Template/InsertToSqliteTemplatePartial.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ToSqLite.Sqlite;

namespace ToSqLite.Template
{
    /// <summary>One INSERT per source row, with the row's values written into the text.</summary>
    partial class InsertToSqliteTemplate
    {
        private readonly SqliteTable _table;

        public InsertToSqliteTemplate(SqliteTable table) => _table = table;

        public string TransformText(IReadOnlyDictionary<string, object?> row)
        {
            string columns = string.Join(", ", _table.Fields.Select(f => "[" + f.Name + "]"));
            string values = string.Join(", ", _table.Fields.Select(f => Literal(row[f.Name])));
            return "INSERT INTO [" + _table.Name + "] (" + columns + ") VALUES (" + values + ");"; // expect: SQLG301
        }

        private static string Literal(object? value) => value switch
        {
            null or DBNull => "NULL",
            string text => "'" + text.Replace("'", "''") + "'",
            DateTime date => "'" + date.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "'",
            bool flag => flag ? "1" : "0",
            IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
            _ => "'" + value + "'",
        };
    }
}
