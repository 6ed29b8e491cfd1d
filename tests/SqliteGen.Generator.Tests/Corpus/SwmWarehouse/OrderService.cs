// Corpus look-alike of a WinForms warehouse-management app (code search):SWM.Core/Services/OrderService.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Linq;
using SWM.Core.Models;
using SWM.Data.Repositories;

namespace SWM.Core.Services
{
    public class OrderService
    {
        private readonly OrderRepository _orders;

        public OrderService(OrderRepository orders) => _orders = orders;

        public int Place(int customerId, IReadOnlyList<OrderItem> items)
        {
            if (items.Count == 0)
                throw new ArgumentException("An order needs at least one item.", nameof(items));
            var order = new Order { CustomerID = customerId, OrderDate = DateTime.Now, Status = "New", Total = items.Sum(i => i.Quantity * i.UnitPrice) };
            return _orders.Create(order, items);
        }

        public IReadOnlyList<Order> Open() => _orders.ByStatus("New");

        public void Ship(int orderId) => _orders.SetStatus(orderId, "Shipped");
    }
}
