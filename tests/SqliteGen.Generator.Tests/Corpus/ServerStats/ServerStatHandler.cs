// Corpus look-alike of a desktop proxy client's stats handler (find_string hit 21357758):Handler/StatisticsHandler.cs (pattern only): the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Data.SQLite;

namespace ProxyClient.Handler
{
    public sealed class SqliteHelper
    {
        public static SqliteHelper Instance { get; } = new SqliteHelper();
        private readonly SQLiteConnection _db = new SQLiteConnection("Data Source=guiNDB.db");

        public int Execute(string sql)
        {
            if (_db.State != System.Data.ConnectionState.Open)
                _db.Open();
            using var cmd = new SQLiteCommand(sql, _db);
            return cmd.ExecuteNonQuery();
        }
    }

    public sealed class ServerStatHandler
    {
        private readonly string _indexId;

        public ServerStatHandler(string indexId) => _indexId = indexId;

        public void Init()
        {
            SqliteHelper.Instance.Execute($"delete from ServerStatItem where indexId not in ( select indexId from ProfileItem )");
            long ticks = DateTime.Now.Date.Ticks;
            SqliteHelper.Instance.Execute($"update ServerStatItem set todayUp = 0,todayDown=0,dateNow={ticks} where dateNow<>{ticks}"); // expect: SQLG301
        }

        public void ClearAllServerStatistics()
        {
            SqliteHelper.Instance.Execute($"delete from ServerStatItem ");
        }

        public void Forget()
        {
            SqliteHelper.Instance.Execute($"delete from ServerStatItem where indexId = '{_indexId}'"); // expect: SQLG301
        }
    }
}
