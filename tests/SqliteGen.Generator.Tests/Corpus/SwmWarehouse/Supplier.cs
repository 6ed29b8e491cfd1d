// Corpus look-alike of a WinForms warehouse-management app (code search):SWM.Core/Models/Supplier.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace SWM.Core.Models
{
    public class Supplier
    {
        public int SupplierID { get; set; }
        public string SupplierName { get; set; } = "";
        public string? ContactPerson { get; set; }
        public string? Phone { get; set; }
        public string? Email { get; set; }
        public string? Address { get; set; }
        public bool IsActive { get; set; }
    }
}
