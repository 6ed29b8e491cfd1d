// Corpus look-alike of tupunco/Tup.SQLiteInitializer:Tup.SQLiteInitializer.Demo/TestBillEntity.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace Tup.SQLiteInitializer.Demo
{
    public class TestBillEntity
    {
        public long Id { get; set; }
        public string BillNo { get; set; } = "";
        public decimal Amount { get; set; }
        public DateTime CreatedAt { get; set; }
        public string? Remark { get; set; }
    }
}
