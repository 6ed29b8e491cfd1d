// Corpus look-alike of a WinForms warehouse-management app (code search):SWM.Core/Models/ReportRow.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace SWM.Core.Models
{
    public class ReportRow
    {
        public string Label { get; set; } = "";
        public decimal Amount { get; set; }
        public int Count { get; set; }
    }
}
