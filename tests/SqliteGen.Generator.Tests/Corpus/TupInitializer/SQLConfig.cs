// Corpus look-alike of tupunco/Tup.SQLiteInitializer:Tup.SQLiteInitializer.Demo/SQLConfig.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
namespace Tup.SQLiteInitializer.Demo
{
    internal static class SQLConfig
    {
        public const int Version = 3;

        public const string AddRemark = "ALTER TABLE TestBillEntity ADD COLUMN Remark TEXT";

        public const string IndexBillNo = "CREATE UNIQUE INDEX IF NOT EXISTS IX_TestBillEntity_BillNo ON TestBillEntity (BillNo)";
    }
}
