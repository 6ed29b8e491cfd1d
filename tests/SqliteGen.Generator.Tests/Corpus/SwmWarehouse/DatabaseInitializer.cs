// Corpus look-alike of a WinForms warehouse-management app (code search):SWM.Data/DatabaseInitializer.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Data.SQLite;
using System.IO;

namespace SWM.Data
{
    public static class DatabaseInitializer
    {
        public static void EnsureCreated(string file)
        {
            if (!File.Exists(file))
                SQLiteConnection.CreateFile(file);
            using var connection = new SQLiteConnection("Data Source=" + file + ";Version=3;Foreign Keys=True");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = @"
CREATE TABLE IF NOT EXISTS Suppliers (SupplierID INTEGER PRIMARY KEY AUTOINCREMENT, SupplierName TEXT NOT NULL, ContactPerson TEXT, Phone TEXT, Email TEXT, Address TEXT, IsActive INTEGER NOT NULL DEFAULT 1);
CREATE TABLE IF NOT EXISTS Categories (CategoryID INTEGER PRIMARY KEY AUTOINCREMENT, Name TEXT NOT NULL, Description TEXT);
CREATE TABLE IF NOT EXISTS Products (ProductID INTEGER PRIMARY KEY AUTOINCREMENT, Sku TEXT NOT NULL UNIQUE, Name TEXT NOT NULL, CategoryID INTEGER REFERENCES Categories(CategoryID), SupplierID INTEGER REFERENCES Suppliers(SupplierID), UnitPrice NUMERIC NOT NULL, ReorderLevel INTEGER NOT NULL DEFAULT 0, Discontinued INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS Warehouses (WarehouseID INTEGER PRIMARY KEY AUTOINCREMENT, Name TEXT NOT NULL, Location TEXT, Capacity INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS Inventory (WarehouseID INTEGER NOT NULL, ProductID INTEGER NOT NULL, Quantity INTEGER NOT NULL, LastCounted TEXT NOT NULL, PRIMARY KEY (WarehouseID, ProductID));
CREATE TABLE IF NOT EXISTS Orders (OrderID INTEGER PRIMARY KEY AUTOINCREMENT, CustomerID INTEGER NOT NULL, OrderDate TEXT NOT NULL, Status TEXT NOT NULL, Total NUMERIC NOT NULL);
CREATE TABLE IF NOT EXISTS OrderItems (OrderItemID INTEGER PRIMARY KEY AUTOINCREMENT, OrderID INTEGER NOT NULL REFERENCES Orders(OrderID), ProductID INTEGER NOT NULL, Quantity INTEGER NOT NULL, UnitPrice NUMERIC NOT NULL);
CREATE TABLE IF NOT EXISTS Notifications (NotificationID INTEGER PRIMARY KEY AUTOINCREMENT, Message TEXT NOT NULL, Level TEXT NOT NULL, IsRead INTEGER NOT NULL, CreatedAt TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS Users (UserID INTEGER PRIMARY KEY AUTOINCREMENT, UserName TEXT NOT NULL UNIQUE, PasswordHash TEXT NOT NULL, Role TEXT NOT NULL);";
            command.ExecuteNonQuery();
        }
    }
}
