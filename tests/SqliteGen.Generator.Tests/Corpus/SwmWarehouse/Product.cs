// Corpus look-alike of a WinForms warehouse-management app (code search):SWM.Core/Models/Product.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace SWM.Core.Models
{
    public class Product
    {
        public int ProductID { get; set; }
        public string Sku { get; set; } = "";
        public string Name { get; set; } = "";
        public int CategoryID { get; set; }
        public int SupplierID { get; set; }
        public decimal UnitPrice { get; set; }
        public int ReorderLevel { get; set; }
        public bool Discontinued { get; set; }
    }
}
