// Corpus look-alike of a WinForms warehouse-management app (code search):SWM.Core/Models/Category.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace SWM.Core.Models
{
    public class Category
    {
        public int CategoryID { get; set; }
        public string Name { get; set; } = "";
        public string? Description { get; set; }
    }
}
