// Corpus look-alike of a WinForms warehouse-management app (code search):SWM.Data/Repositories/InventoryRepository.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Data.SQLite;
using SWM.Core.Models;

namespace SWM.Data.Repositories
{
    public class InventoryRepository : BaseRepository
    {
        public InventoryRepository(string connectionString) : base(connectionString) { }

        public int Adjust(int warehouseId, int productId, int delta)
        {
            const string sql = @"INSERT INTO Inventory (WarehouseID, ProductID, Quantity, LastCounted) VALUES (@w, @p, @d, datetime('now'))
                                 ON CONFLICT (WarehouseID, ProductID) DO UPDATE SET Quantity = Quantity + @d";
            return ExecuteNonQuery(sql, new SQLiteParameter("@w", warehouseId), new SQLiteParameter("@p", productId), new SQLiteParameter("@d", delta));
        }

        public List<InventoryItem> InWarehouse(int warehouseId)
        {
            var items = new List<InventoryItem>();
            using var reader = ExecuteReader("SELECT WarehouseID, ProductID, Quantity, LastCounted FROM Inventory WHERE WarehouseID = @w", new SQLiteParameter("@w", warehouseId));
            while (reader.Read())
                items.Add(new InventoryItem { WarehouseID = reader.GetInt32(0), ProductID = reader.GetInt32(1), Quantity = reader.GetInt32(2), LastCounted = reader.GetDateTime(3) });
            return items;
        }

        public int ResetCounts(int warehouseId) =>
            ExecuteNonQuery("UPDATE Inventory SET Quantity = 0, LastCounted = datetime('now') WHERE WarehouseID = @w", new SQLiteParameter("@w", warehouseId));
    }
}
