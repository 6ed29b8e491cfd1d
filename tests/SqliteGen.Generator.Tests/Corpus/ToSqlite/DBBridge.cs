// Corpus look-alike of harris2012/ToSqlite:ToSqLite/DBBridge.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using ToSqLite.Mssql;
using ToSqLite.Sqlite;

namespace ToSqLite
{
    class DBBridge
    {
        private readonly SqliteDataWriter _writer = new SqliteDataWriter();

        public void Copy(Table source, IEnumerable<IReadOnlyDictionary<string, object?>> rows, Action<string> log)
        {
            SqliteTable target = SqliteTable.From(source);
            _writer.DropTable(target.Name);
            _writer.CreateTable(target);
            int written = _writer.WriteRows(target, rows);
            log($"{target.Name}: {written} rows");
        }
    }
}
