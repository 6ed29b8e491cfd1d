// Corpus look-alike of a Dapper products tutorial repo:CategoryRepository.cs (pattern only): the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Collections.Generic;
using System.Data;
using Dapper;

namespace BestBuy
{
    public sealed class Category
    {
        public int CategoryID { get; set; }
        public string Name { get; set; } = "";
    }

    public class DapperCategoryRepository
    {
        private readonly IDbConnection _connection;

        public DapperCategoryRepository(IDbConnection connection) => _connection = connection;

        public IEnumerable<Category> GetAllCategories() => _connection.Query<Category>("SELECT * FROM categories;");

        public IEnumerable<Category> ByName(string name)
        {
            var sql = "SELECT * FROM categories WHERE Name = '" + name + "'"; // expect: SQLG301
            return _connection.Query<Category>(sql);
        }

        public int Rename(int id, string name) => _connection.Execute("UPDATE categories SET Name = @name WHERE CategoryID = @id", new { id, name });
    }
}
