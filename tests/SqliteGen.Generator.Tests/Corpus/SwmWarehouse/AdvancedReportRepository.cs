// Corpus look-alike of a WinForms warehouse-management app (code search):SWM.Data/Repositories/AdvancedReportRepository.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Text;
using SWM.Core.Models;

namespace SWM.Data.Repositories
{
    public class AdvancedReportRepository : BaseRepository
    {
        public AdvancedReportRepository(string connectionString) : base(connectionString) { }

        public List<ReportRow> SalesByMonth(DateTime from, DateTime to)
        {
            var sql = new StringBuilder();
            sql.Append("SELECT strftime('%Y-%m', OrderDate) AS Label, SUM(Total) AS Amount, COUNT(*) AS Count FROM Orders ");
            sql.AppendFormat("WHERE OrderDate BETWEEN '{0:yyyy-MM-dd}' AND '{1:yyyy-MM-dd}' ", from, to); // expect: SQLG301
            sql.Append("GROUP BY Label ORDER BY Label");
            return Read(sql.ToString());
        }

        public List<ReportRow> TopProducts(int top, string? status)
        {
            string sql = "SELECT p.Name AS Label, SUM(oi.Quantity * oi.UnitPrice) AS Amount, SUM(oi.Quantity) AS Count " +
                         "FROM OrderItems oi JOIN Products p ON p.ProductID = oi.ProductID JOIN Orders o ON o.OrderID = oi.OrderID ";
            if (status != null)
                sql += "WHERE o.Status = '" + status + "' "; // expect: SQLG301
            sql += "GROUP BY p.Name ORDER BY Amount DESC LIMIT " + top;
            return Read(sql);
        }

        public List<ReportRow> StockByWarehouse() =>
            Read("SELECT w.Name AS Label, 0 AS Amount, IFNULL(SUM(i.Quantity), 0) AS Count FROM Warehouses w LEFT JOIN Inventory i ON i.WarehouseID = w.WarehouseID GROUP BY w.Name");

        private List<ReportRow> Read(string sql)
        {
            var rows = new List<ReportRow>();
            using var reader = ExecuteReader(sql);
            while (reader.Read())
                rows.Add(new ReportRow { Label = reader["Label"].ToString() ?? "", Amount = Convert.ToDecimal(reader["Amount"]), Count = Convert.ToInt32(reader["Count"]) });
            return rows;
        }
    }
}
