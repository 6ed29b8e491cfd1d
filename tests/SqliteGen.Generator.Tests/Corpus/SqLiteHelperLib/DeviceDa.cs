// Corpus look-alike of AndrewChien/MaintenancePlatform:ZNC.DataAccess/DA/DeviceDA.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Data;
using System.Data.SQLite;

namespace ZNC.DataAccess.DA
{
    public class DeviceDa
    {
        private const string ConnectionString = "Data Source=znc.db";

        public DataSet ByStation(string stationCode)
        {
            return SqLiteHelper.ExecuteDataSet(ConnectionString, "SELECT * FROM Device WHERE StationCode = '" + stationCode + "'"); // expect: SQLG301
        }

        public DataSet ByType(string type)
        {
            return SqLiteHelper.ExecuteDataSet(ConnectionString, "SELECT * FROM Device WHERE DeviceType = @type", new SQLiteParameter("@type", type));
        }

        public int SetState(int deviceId, int state)
        {
            string sql = string.Format("UPDATE Device SET State = {0} WHERE DeviceId = {1}", state, deviceId); // expect: SQLG301
            return SqLiteHelper.ExecuteNonQuery(ConnectionString, sql);
        }

        public DataSet Page(int page, int size)
        {
            var adapter = new SQLiteDataAdapter("SELECT * FROM Device ORDER BY DeviceId LIMIT " + size + " OFFSET " + page * size, ConnectionString); // expect: SQLG301
            var ds = new DataSet();
            adapter.Fill(ds);
            return ds;
        }
    }
}
