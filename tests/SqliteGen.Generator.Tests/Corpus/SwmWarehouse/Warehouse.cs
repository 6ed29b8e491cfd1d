// Corpus look-alike of a WinForms warehouse-management app (code search):SWM.Core/Models/Warehouse.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace SWM.Core.Models
{
    public class Warehouse
    {
        public int WarehouseID { get; set; }
        public string Name { get; set; } = "";
        public string? Location { get; set; }
        public int Capacity { get; set; }
    }
}
