// Corpus look-alike of NoventiqApplication (code search):Services/ProductService.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Collections.Generic;
using System.Threading.Tasks;
using NoventiqApplication.Repositories;

namespace NoventiqApplication.Services
{
    public sealed class ProductDto
    {
        public int Id { get; set; }
        public string Name { get; set; } = "";
        public decimal Price { get; set; }
    }

    public class ProductService
    {
        private readonly DapperRepository _repository;

        public ProductService(DapperRepository repository) => _repository = repository;

        public Task<IEnumerable<ProductDto>> SearchAsync(string term, string sortColumn)
        {
            string orderBy = sortColumn == "price" ? "Price" : "Name";
            return _repository.QueryAsync<ProductDto>($"SELECT Id, Name, Price FROM Products WHERE Name LIKE @term ORDER BY {orderBy}", new { term = "%" + term + "%" });
        }

        public Task<ProductDto?> GetAsync(int id) =>
            _repository.QueryFirstOrDefaultAsync<ProductDto>("SELECT Id, Name, Price FROM Products WHERE Id = @id", new { id });

        public Task<int> SetPriceAsync(int id, decimal price) =>
            _repository.ExecuteAsync($"UPDATE Products SET Price = {price} WHERE Id = {id}"); // expect: SQLG301

        public Task<int> DiscountAsync(int id, decimal percent) =>
            _repository.ExecuteAsync("UPDATE Products SET Price = Price * (1 - @percent / 100.0)", new { percent }); // expect: SQLG302
    }
}
