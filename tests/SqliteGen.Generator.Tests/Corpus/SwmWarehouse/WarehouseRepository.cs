// Corpus look-alike of a WinForms warehouse-management app (code search):SWM.Data/Repositories/WarehouseRepository.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Data.SQLite;
using SWM.Core.Models;

namespace SWM.Data.Repositories
{
    public class WarehouseRepository : BaseRepository
    {
        public WarehouseRepository(string connectionString) : base(connectionString) { }

        public List<Warehouse> All()
        {
            var list = new List<Warehouse>();
            using var reader = ExecuteReader("SELECT WarehouseID, Name, Location, Capacity FROM Warehouses ORDER BY Name");
            while (reader.Read())
                list.Add(new Warehouse { WarehouseID = reader.GetInt32(0), Name = reader.GetString(1), Location = reader.IsDBNull(2) ? null : reader.GetString(2), Capacity = reader.GetInt32(3) });
            return list;
        }

        public int Rename(int warehouseId, string name) =>
            ExecuteNonQuery("UPDATE Warehouses SET Name = @name WHERE WarehouseID = @id", new SQLiteParameter("@name", name), new SQLiteParameter("@id", warehouseId));

        public long FreeCapacity(int warehouseId) =>
            Convert.ToInt64(ExecuteScalar(
                "SELECT w.Capacity - IFNULL(SUM(i.Quantity), 0) FROM Warehouses w LEFT JOIN Inventory i ON i.WarehouseID = w.WarehouseID WHERE w.WarehouseID = @id GROUP BY w.WarehouseID",
                new SQLiteParameter("@id", warehouseId)));
    }
}
