// Corpus look-alike of AndrewChien/MaintenancePlatform:ZNC.DataAccess/DA/SQLiteHelper.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Data;
using System.Data.SQLite;

namespace ZNC.DataAccess.DA
{
    public class SqLiteHelper
    {
        private SqLiteHelper()
        {
        }

        public static SQLiteCommand CreateCommand(SQLiteConnection connection, string commandText, params SQLiteParameter[] commandParameters)
        {
            SQLiteCommand cmd = new SQLiteCommand(commandText, connection);
            foreach (SQLiteParameter parm in commandParameters)
                cmd.Parameters.Add(parm);
            return cmd;
        }

        public static DataSet ExecuteDataSet(string connectionString, string commandText, params SQLiteParameter[] commandParameters)
        {
            using SQLiteConnection cn = new SQLiteConnection(connectionString);
            using SQLiteCommand cmd = CreateCommand(cn, commandText, commandParameters);
            var ds = new DataSet();
            using var da = new SQLiteDataAdapter(cmd);
            da.Fill(ds);
            return ds;
        }

        public static int ExecuteNonQuery(string connectionString, string commandText, params SQLiteParameter[] paramList)
        {
            using SQLiteConnection cn = new SQLiteConnection(connectionString);
            using SQLiteCommand cmd = CreateCommand(cn, commandText, paramList);
            cn.Open();
            return cmd.ExecuteNonQuery();
        }
    }
}
