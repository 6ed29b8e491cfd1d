// Corpus look-alike of a WinForms warehouse-management app (code search):SWM.Data/Repositories/OrderRepository.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Data.SQLite;
using SWM.Core.Models;

namespace SWM.Data.Repositories
{
    public class OrderRepository : BaseRepository
    {
        public OrderRepository(string connectionString) : base(connectionString) { }

        public int Create(Order order, IEnumerable<OrderItem> items)
        {
            SQLiteConnection connection = GetConnection();
            using SQLiteTransaction transaction = connection.BeginTransaction();
            using (var insert = new SQLiteCommand("INSERT INTO Orders (CustomerID, OrderDate, Status, Total) VALUES (@customer, @date, @status, @total)", connection, transaction))
            {
                insert.Parameters.AddWithValue("@customer", order.CustomerID);
                insert.Parameters.AddWithValue("@date", order.OrderDate);
                insert.Parameters.AddWithValue("@status", order.Status);
                insert.Parameters.AddWithValue("@total", order.Total);
                insert.ExecuteNonQuery();
            }
            int orderId = Convert.ToInt32(new SQLiteCommand("SELECT last_insert_rowid()", connection, transaction).ExecuteScalar());
            foreach (OrderItem item in items)
            {
                using var line = new SQLiteCommand("INSERT INTO OrderItems (OrderID, ProductID, Quantity, UnitPrice) VALUES (@order, @product, @quantity, @price)", connection, transaction);
                line.Parameters.AddWithValue("@order", orderId);
                line.Parameters.AddWithValue("@product", item.ProductID);
                line.Parameters.AddWithValue("@quantity", item.Quantity);
                line.Parameters.AddWithValue("@price", item.UnitPrice);
                line.ExecuteNonQuery();
            }
            transaction.Commit();
            return orderId;
        }

        public List<Order> ByStatus(string status)
        {
            var orders = new List<Order>();
            using (var reader = ExecuteReader($"SELECT * FROM Orders WHERE Status = '{status}' ORDER BY OrderDate DESC")) // expect: SQLG301
            {
                while (reader.Read())
                {
                    orders.Add(new Order
                    {
                        OrderID = Convert.ToInt32(reader["OrderID"]),
                        CustomerID = Convert.ToInt32(reader["CustomerID"]),
                        OrderDate = Convert.ToDateTime(reader["OrderDate"]),
                        Status = reader["Status"].ToString() ?? "",
                        Total = Convert.ToDecimal(reader["Total"]),
                    });
                }
            }
            return orders;
        }

        public int SetStatus(int orderId, string status) =>
            ExecuteNonQuery("UPDATE Orders SET Status = @status WHERE OrderID = @id", new SQLiteParameter("@status", status), new SQLiteParameter("@id", orderId));

        public int Cancel(int orderId) =>
            ExecuteNonQuery("UPDATE Orders SET Status = 'Cancelled'"); // expect: SQLG302
    }
}
