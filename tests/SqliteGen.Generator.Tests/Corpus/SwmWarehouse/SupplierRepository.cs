// Corpus look-alike of a WinForms warehouse-management app (code search):SWM.Data/Repositories/SupplierRepository.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Data.SQLite;
using SWM.Core.Models;

namespace SWM.Data.Repositories
{
    public class SupplierRepository : BaseRepository
    {
        public SupplierRepository(string connectionString) : base(connectionString) { }

        public List<Supplier> GetActiveSuppliers()
        {
            var suppliers = new List<Supplier>();
            var sql = "SELECT * FROM Suppliers WHERE IsActive = 1 ORDER BY SupplierName";
            using (var reader = ExecuteReader(sql))
            {
                while (reader.Read())
                    suppliers.Add(Map(reader));
            }
            return suppliers;
        }

        public Supplier? GetById(int supplierId)
        {
            using var reader = ExecuteReader("SELECT * FROM Suppliers WHERE SupplierID = @id", new SQLiteParameter("@id", supplierId));
            return reader.Read() ? Map(reader) : null;
        }

        public int Deactivate(int supplierId) =>
            ExecuteNonQuery("UPDATE Suppliers SET IsActive = 0 WHERE SupplierID = " + supplierId); // expect: SQLG301

        public int Add(Supplier supplier) =>
            ExecuteNonQuery("INSERT INTO Suppliers (SupplierName, ContactPerson, Phone, Email, Address, IsActive) VALUES (@name, @contact, @phone, @email, @address, 1)",
                new SQLiteParameter("@name", supplier.SupplierName), new SQLiteParameter("@contact", supplier.ContactPerson),
                new SQLiteParameter("@phone", supplier.Phone), new SQLiteParameter("@email", supplier.Email), new SQLiteParameter("@address", supplier.Address));

        private static Supplier Map(SQLiteDataReader reader) => new Supplier
        {
            SupplierID = Convert.ToInt32(reader["SupplierID"]),
            SupplierName = reader["SupplierName"].ToString() ?? "",
            ContactPerson = reader["ContactPerson"]?.ToString(),
            Phone = reader["Phone"]?.ToString(),
            Email = reader["Email"]?.ToString(),
            Address = reader["Address"]?.ToString(),
            IsActive = Convert.ToBoolean(reader["IsActive"]),
        };
    }
}
