// Corpus look-alike of a WinForms warehouse-management app (code search):SWM.Core/Models/Order.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace SWM.Core.Models
{
    public class Order
    {
        public int OrderID { get; set; }
        public int CustomerID { get; set; }
        public DateTime OrderDate { get; set; }
        public string Status { get; set; } = "New";
        public decimal Total { get; set; }
    }
}
