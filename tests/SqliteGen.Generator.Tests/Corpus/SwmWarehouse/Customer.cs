// Corpus look-alike of a WinForms warehouse-management app (code search):SWM.Core/Models/Customer.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace SWM.Core.Models
{
    public class Customer
    {
        public int CustomerID { get; set; }
        public string Name { get; set; } = "";
        public string? Email { get; set; }
        public string? City { get; set; }
    }
}
