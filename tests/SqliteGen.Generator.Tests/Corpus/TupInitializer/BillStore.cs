// Corpus look-alike of tupunco/Tup.SQLiteInitializer:Tup.SQLiteInitializer.Demo/Program.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Data;

namespace Tup.SQLiteInitializer.Demo
{
    /// <summary>The demo's reads and writes once the database is initialized.</summary>
    public sealed class BillStore : IDisposable
    {
        private readonly SQLiteHelper _helper;

        public BillStore(string connectionString) => _helper = new SQLiteHelper(connectionString);

        public void Add(TestBillEntity bill) =>
            _helper.ExecuteNonQuery("INSERT INTO TestBillEntity (BillNo, Amount, CreatedAt, Remark) VALUES (@no, @amount, @at, @remark)",
                SQLiteHelper.Parameter("@no", bill.BillNo), SQLiteHelper.Parameter("@amount", bill.Amount),
                SQLiteHelper.Parameter("@at", bill.CreatedAt), SQLiteHelper.Parameter("@remark", bill.Remark));

        public DataTable Between(DateTime from, DateTime to) =>
            _helper.ExecuteDataTable(string.Format("SELECT * FROM TestBillEntity WHERE CreatedAt BETWEEN '{0:yyyy-MM-dd}' AND '{1:yyyy-MM-dd}'", from, to)); // expect: SQLG301

        public long Count() => Convert.ToInt64(_helper.ExecuteScalar("SELECT COUNT(*) FROM TestBillEntity"));

        public int Remove(string billNo) =>
            _helper.ExecuteNonQuery("DELETE FROM TestBillEntity WHERE BillNo = @no", SQLiteHelper.Parameter("@no", billNo));

        public void Dispose() => _helper.Dispose();
    }
}
