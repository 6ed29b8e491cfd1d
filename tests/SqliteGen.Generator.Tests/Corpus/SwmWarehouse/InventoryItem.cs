// Corpus look-alike of a WinForms warehouse-management app (code search):SWM.Core/Models/InventoryItem.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace SWM.Core.Models
{
    public class InventoryItem
    {
        public int WarehouseID { get; set; }
        public int ProductID { get; set; }
        public int Quantity { get; set; }
        public DateTime LastCounted { get; set; }
    }
}
