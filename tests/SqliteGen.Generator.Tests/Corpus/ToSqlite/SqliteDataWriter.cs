// Corpus look-alike of harris2012/ToSqlite:ToSqLite/Sqlite/SqliteDataWriter.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Collections.Generic;
using System.Data.SQLite;
using System.Linq;
using Dapper;
using ToSqLite.Template;

namespace ToSqLite.Sqlite
{
    class SqliteDataWriter
    {
        public void CreateTable(SqliteTable table)
        {
            using SQLiteConnection connection = ConnectionProvider.GetSqliteConnection();
            SqliteExecutor.Execute(new CreateSqliteTableTemplate(table).TransformText(), connection);
        }

        /// <summary>Rows go in one transaction; each INSERT carries its values in the text.</summary>
        public int WriteRows(SqliteTable table, IEnumerable<IReadOnlyDictionary<string, object?>> rows)
        {
            var template = new InsertToSqliteTemplate(table);
            int written = 0;
            using SQLiteConnection connection = ConnectionProvider.GetSqliteConnection();
            using SQLiteTransaction transaction = connection.BeginTransaction();
            foreach (IReadOnlyDictionary<string, object?> row in rows)
                written += connection.Execute(template.TransformText(row), transaction: transaction);
            transaction.Commit();
            return written;
        }

        /// <summary>The same rows, bound as parameters (the newer path).</summary>
        public int WriteRowsWithParameters(SqliteTable table, IEnumerable<IReadOnlyDictionary<string, object?>> rows)
        {
            string columns = string.Join(", ", table.Fields.Select(f => "[" + f.Name + "]"));
            string parameters = string.Join(", ", table.Fields.Select(f => "@" + f.Name));
            using SQLiteConnection connection = ConnectionProvider.GetSqliteConnection();
            using SQLiteTransaction transaction = connection.BeginTransaction();
            int written = 0;
            foreach (IReadOnlyDictionary<string, object?> row in rows)
                written += connection.Execute($"INSERT INTO [{table.Name}] ({columns}) VALUES ({parameters})", new DynamicParameters(row), transaction);
            transaction.Commit();
            return written;
        }

        public void DropTable(string name)
        {
            using SQLiteConnection connection = ConnectionProvider.GetSqliteConnection();
            SqliteExecutor.Execute("DROP TABLE IF EXISTS [" + name + "]", connection);
        }
    }
}
