// Corpus look-alike of tupunco/Tup.SQLiteInitializer:Tup.SQLiteInitializer/AbstractSQLiteInitializer.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using Tup.SQLiteInitializer.Common;

namespace Tup.SQLiteInitializer
{
    public abstract class AbstractSQLiteInitializer : ISQLiteInitializer
    {
        private readonly string _connectionString;

        protected AbstractSQLiteInitializer(string connectionString)
        {
            ThrowHelper.ThrowIfNullOrEmpty(connectionString, nameof(connectionString));
            _connectionString = connectionString;
        }

        public abstract int TargetVersion { get; }

        protected abstract IEnumerable<Type> EntityTypes { get; }

        /// <summary>SQL for moving from <paramref name="version"/> to the next; null when there is nothing to run.</summary>
        protected virtual string? Upgrade(int version) => null;

        public void Initialize()
        {
            using var helper = new SQLiteHelper(_connectionString);
            helper.ExecuteNonQuery("CREATE TABLE IF NOT EXISTS __Version (Version INTEGER NOT NULL)");
            object? stored = helper.ExecuteScalar("SELECT MAX(Version) FROM __Version");
            int current = stored is null or DBNull ? 0 : Convert.ToInt32(stored);
            foreach (Type type in EntityTypes)
                helper.ExecuteNonQuery(new TableMapping(type).CreateTableSql());
            for (int version = current; version < TargetVersion; version++)
            {
                string? upgrade = Upgrade(version);
                if (upgrade is not null)
                    helper.ExecuteNonQuery(upgrade);
                LogHelper.Info("upgraded to " + (version + 1));
            }
            if (current < TargetVersion)
                helper.ExecuteNonQuery("INSERT INTO __Version (Version) VALUES (" + TargetVersion + ")"); // expect: SQLG301
        }
    }
}
