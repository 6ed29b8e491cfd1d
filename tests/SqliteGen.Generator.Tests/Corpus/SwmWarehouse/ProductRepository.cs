// Corpus look-alike of a WinForms warehouse-management app (code search):SWM.Data/Repositories/ProductRepository.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Data.SQLite;
using SWM.Core.Models;

namespace SWM.Data.Repositories
{
    public class ProductRepository : BaseRepository
    {
        public ProductRepository(string connectionString) : base(connectionString) { }

        public List<Product> Search(string text, int? categoryId)
        {
            string sql = "SELECT * FROM Products WHERE (Name LIKE @text OR Sku LIKE @text)";
            var parameters = new List<SQLiteParameter> { new SQLiteParameter("@text", "%" + text + "%") };
            if (categoryId.HasValue)
            {
                sql += " AND CategoryID = @category";
                parameters.Add(new SQLiteParameter("@category", categoryId.Value));
            }
            sql += " ORDER BY Name";
            var products = new List<Product>();
            using (var reader = ExecuteReader(sql, parameters.ToArray()))
            {
                while (reader.Read())
                    products.Add(Map(reader));
            }
            return products;
        }

        public List<Product> BelowReorderLevel(int warehouseId)
        {
            string sql = "SELECT p.* FROM Products p JOIN Inventory i ON i.ProductID = p.ProductID WHERE i.WarehouseID = " + warehouseId + " AND i.Quantity < p.ReorderLevel"; // expect: SQLG301
            var products = new List<Product>();
            using (var reader = ExecuteReader(sql))
            {
                while (reader.Read())
                    products.Add(Map(reader));
            }
            return products;
        }

        public int UpdatePrice(int productId, decimal price) =>
            ExecuteNonQuery("UPDATE Products SET UnitPrice = @price WHERE ProductID = @id", new SQLiteParameter("@price", price), new SQLiteParameter("@id", productId));

        public int Discontinue(string sku)
        {
            string sql = "UPDATE Products SET Discontinued = 1 WHERE Sku = '" + sku + "'"; // expect: SQLG301
            return ExecuteNonQuery(sql);
        }

        public bool SkuExists(string sku) =>
            Convert.ToInt64(ExecuteScalar("SELECT COUNT(*) FROM Products WHERE Sku = @sku", new SQLiteParameter("@sku", sku))) > 0;

        private static Product Map(SQLiteDataReader reader) => new Product
        {
            ProductID = Convert.ToInt32(reader["ProductID"]),
            Sku = reader["Sku"].ToString() ?? "",
            Name = reader["Name"].ToString() ?? "",
            CategoryID = Convert.ToInt32(reader["CategoryID"]),
            SupplierID = Convert.ToInt32(reader["SupplierID"]),
            UnitPrice = Convert.ToDecimal(reader["UnitPrice"]),
            ReorderLevel = Convert.ToInt32(reader["ReorderLevel"]),
            Discontinued = Convert.ToBoolean(reader["Discontinued"]),
        };
    }
}
