// Corpus look-alike of tupunco/Tup.SQLiteInitializer:Tup.SQLiteInitializer.Demo/Program.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace Tup.SQLiteInitializer.Demo
{
    /// <summary>Runs the initializer twice against a scratch file: the second run changes nothing.</summary>
    public static class InitializerCheck
    {
        public static void Run(string file)
        {
            string connectionString = SQLiteDatabaseInitializer.ConnectionStringFor(file);
            SQLiteDatabaseInitializer.Run(new DefaultSQLiteInitializer(connectionString), file);
            SQLiteDatabaseInitializer.Run(new DefaultSQLiteInitializer(connectionString), file);
            using var store = new BillStore(connectionString);
            store.Add(new TestBillEntity { BillNo = "B-1", Amount = 12.5m, CreatedAt = DateTime.Today });
            if (store.Count() != 1)
                throw new InvalidOperationException("one bill expected");
        }
    }
}
