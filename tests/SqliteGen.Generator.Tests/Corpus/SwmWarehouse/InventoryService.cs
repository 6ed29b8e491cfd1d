// Corpus look-alike of a WinForms warehouse-management app (code search):SWM.Core/Services/InventoryService.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Linq;
using SWM.Core.Models;
using SWM.Data.Repositories;

namespace SWM.Core.Services
{
    public class InventoryService
    {
        private readonly InventoryRepository _inventory;
        private readonly ProductRepository _products;
        private readonly NotificationRepository _notifications;

        public InventoryService(InventoryRepository inventory, ProductRepository products, NotificationRepository notifications)
        {
            _inventory = inventory;
            _products = products;
            _notifications = notifications;
        }

        public void Receive(int warehouseId, int productId, int quantity)
        {
            if (quantity <= 0)
                throw new ArgumentOutOfRangeException(nameof(quantity), "Received quantity must be positive.");
            _inventory.Adjust(warehouseId, productId, quantity);
        }

        public void Ship(int warehouseId, int productId, int quantity)
        {
            InventoryItem? item = _inventory.InWarehouse(warehouseId).FirstOrDefault(i => i.ProductID == productId);
            if (item is null || item.Quantity < quantity)
                throw new InvalidOperationException($"Only {item?.Quantity ?? 0} of product {productId} in warehouse {warehouseId}.");
            _inventory.Adjust(warehouseId, productId, -quantity);
            foreach (Product low in _products.BelowReorderLevel(warehouseId))
                _notifications.Add($"{low.Name} is below its reorder level", "Warning");
        }
    }
}
