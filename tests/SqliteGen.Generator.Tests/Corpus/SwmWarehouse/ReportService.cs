// Corpus look-alike of a WinForms warehouse-management app (code search):SWM.Core/Services/ReportService.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Linq;
using SWM.Core.Models;
using SWM.Data.Repositories;

namespace SWM.Core.Services
{
    public class ReportService
    {
        private readonly AdvancedReportRepository _reports;

        public ReportService(AdvancedReportRepository reports) => _reports = reports;

        public IReadOnlyList<ReportRow> LastYear() => _reports.SalesByMonth(DateTime.Today.AddYears(-1), DateTime.Today);

        public IReadOnlyList<ReportRow> Best(int top) => _reports.TopProducts(Math.Clamp(top, 1, 100), "Shipped");

        public decimal Total(IEnumerable<ReportRow> rows) => rows.Sum(r => r.Amount);
    }
}
