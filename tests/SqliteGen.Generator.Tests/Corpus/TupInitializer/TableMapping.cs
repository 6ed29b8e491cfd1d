// Corpus look-alike of tupunco/Tup.SQLiteInitializer:Tup.SQLiteInitializer/TableMapping.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace Tup.SQLiteInitializer
{
    /// <summary>A table for an entity type: its name and columns, read from the type's properties.</summary>
    public sealed class TableMapping
    {
        public TableMapping(Type type)
        {
            TableName = type.Name;
            Columns = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Select(p => new Column(p.Name, SqlType(p.PropertyType), p.Name == "Id"))
                .ToList();
        }

        public string TableName { get; }
        public IReadOnlyList<Column> Columns { get; }

        public string CreateTableSql() =>
            "CREATE TABLE IF NOT EXISTS \"" + TableName + "\" (" + string.Join(", ", Columns.Select(c => "\"" + c.Name + "\" " + c.Type + (c.PrimaryKey ? " PRIMARY KEY" : ""))) + ")";

        private static string SqlType(Type type)
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (type == typeof(int) || type == typeof(long) || type == typeof(bool)) return "INTEGER";
            if (type == typeof(double) || type == typeof(float)) return "REAL";
            if (type == typeof(decimal)) return "NUMERIC";
            if (type == typeof(byte[])) return "BLOB";
            return "TEXT";
        }

        public sealed record Column(string Name, string Type, bool PrimaryKey);
    }
}
