// Corpus look-alike of a Dapper products tutorial repo (find_string hit 5761904483):ProductRepository.cs (pattern only): the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Collections.Generic;
using System.Data;
using Dapper;

namespace BestBuy
{
    public sealed class Product
    {
        public int ProductID { get; set; }
        public string Name { get; set; } = "";
        public double Price { get; set; }
        public int CategoryID { get; set; }
    }

    public class DapperProductRepository
    {
        private readonly IDbConnection _conn;

        public DapperProductRepository(IDbConnection conn)
        {
            _conn = conn;
        }

        public void CreateProduct(string name, double price, int categoryID)
        {
            _conn.Execute($"INSERT INTO products (Name, Price, CategoryID) VALUES ({name}, {price}, {categoryID})"); // expect: SQLG301
        }

        public IEnumerable<Product> GetAllProducts()
        {
            return _conn.Query<Product>("SELECT * FROM products");
        }

        public void UpdateProduct(string name1, string name2, double price, int categoryID)
        {
            _conn.Execute($"UPDATE products " + // expect: SQLG301
                $"SET Name = '{name2}', Price = {price}, CategoryID = {categoryID} WHERE Name LIKE '%{name1}%'");
        }

        public void DeleteProduct(string name)
        {
            _conn.Execute($"DELETE FROM products WHERE Name LIKE '%{name}%'"); // expect: SQLG301
        }

        public Product? GetProduct(int id)
        {
            return _conn.QueryFirstOrDefault<Product>("SELECT * FROM products WHERE ProductID = @id", new { id });
        }

        public void UpdatePrice(Product product)
        {
            _conn.Execute("UPDATE products SET Price = @Price", product); // expect: SQLG302
        }
    }
}
