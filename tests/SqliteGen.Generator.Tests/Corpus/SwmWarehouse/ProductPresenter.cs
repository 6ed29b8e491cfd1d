// Corpus look-alike of a WinForms warehouse-management app (code search):SWM.UI/Presenters/ProductPresenter.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Collections.Generic;
using SWM.Core.Models;
using SWM.Data.Repositories;

namespace SWM.UI.Presenters
{
    public interface IProductView
    {
        string SearchText { get; }
        int? SelectedCategory { get; }
        void Show(IReadOnlyList<Product> products);
        void ShowError(string message);
    }

    public class ProductPresenter
    {
        private readonly IProductView _view;
        private readonly ProductRepository _products;

        public ProductPresenter(IProductView view, ProductRepository products)
        {
            _view = view;
            _products = products;
        }

        public void Search() => _view.Show(_products.Search(_view.SearchText, _view.SelectedCategory));

        public void Discontinue(string sku)
        {
            if (!_products.SkuExists(sku))
            {
                _view.ShowError("Unknown SKU " + sku);
                return;
            }
            _products.Discontinue(sku);
            Search();
        }
    }
}
