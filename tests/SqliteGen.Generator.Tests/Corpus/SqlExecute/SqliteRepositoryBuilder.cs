// Corpus look-alike of smikelson75/SqlExecute:SqlExecute.Engine.Sqlite/SqliteRepositoryBuilder.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Data.SQLite;
using SqlExecute.Engine.Repositories.Abstractions;

namespace SqlExecute.Engine.Sqlite
{
    public sealed class SqliteRepositoryBuilder
    {
        private string _file = "data.db";
        private bool _foreignKeys = true;

        public SqliteRepositoryBuilder File(string file)
        {
            _file = file;
            return this;
        }

        public SqliteRepositoryBuilder ForeignKeys(bool on)
        {
            _foreignKeys = on;
            return this;
        }

        public IRepositoryAsync Build()
        {
            var builder = new SQLiteConnectionStringBuilder { DataSource = _file, ForeignKeys = _foreignKeys };
            return new SqliteRepository(new SQLiteConnection(builder.ToString()));
        }
    }
}
