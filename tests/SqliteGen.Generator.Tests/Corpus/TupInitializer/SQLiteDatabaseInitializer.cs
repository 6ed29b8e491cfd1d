// Corpus look-alike of tupunco/Tup.SQLiteInitializer:Tup.SQLiteInitializer/SQLiteDatabaseInitializer.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.IO;

namespace Tup.SQLiteInitializer
{
    public static class SQLiteDatabaseInitializer
    {
        public static void Run(ISQLiteInitializer initializer, string file)
        {
            string? folder = Path.GetDirectoryName(Path.GetFullPath(file));
            if (folder is not null)
                Directory.CreateDirectory(folder);
            initializer.Initialize();
        }

        public static string ConnectionStringFor(string file) => string.Format("Data Source={0};Version=3;Pooling=True", file);
    }
}
