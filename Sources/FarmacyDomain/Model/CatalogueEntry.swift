import Foundation

/// One vendor's offer for one product: an Odoo `product.supplierinfo` row.
///
/// New order lines take their default price from the entry of the order's vendor with the
/// largest `minQuantity` not above the ordered quantity, as Odoo's `_select_seller` does.
package struct CatalogueEntry: Identifiable, Hashable, Sendable, Codable {
  package typealias ID = Int64

  package var id: ID
  package var odooID: Int?
  package var vendorID: Vendor.ID
  package var productID: Product.ID
  /// The vendor's own code and name for the product, when they differ from ours.
  package var vendorProductCode: String
  package var vendorProductName: String
  package var minQuantity: Quantity
  package var priceMinor: Int64
  package var currency: CurrencyCode
  /// Lead time in days (`delay`), used for a line's default expected arrival.
  package var leadTimeDays: Int

  package init(
    id: ID, odooID: Int? = nil, vendorID: Vendor.ID, productID: Product.ID, vendorProductCode: String = "",
    vendorProductName: String = "", minQuantity: Quantity = 0, priceMinor: Int64, currency: CurrencyCode = .eur,
    leadTimeDays: Int = 3
  ) {
    self.id = id
    self.odooID = odooID
    self.vendorID = vendorID
    self.productID = productID
    self.vendorProductCode = vendorProductCode
    self.vendorProductName = vendorProductName
    self.minQuantity = minQuantity
    self.priceMinor = priceMinor
    self.currency = currency
    self.leadTimeDays = leadTimeDays
  }

  package var price: Money { Money(minorUnits: priceMinor, currency: currency) }

  /// When goods ordered at `date` arrive: `date` plus the lead time.
  package func expectedArrival(orderedAt date: Date) -> Date {
    date.addingTimeInterval(Double(leadTimeDays) * 86_400)
  }
}

extension Array where Element == CatalogueEntry {
  /// The entry that prices `quantity` of `productID` from `vendorID`: the largest minimum
  /// quantity not above the ordered quantity, then the cheapest.
  package func bestEntry(vendorID: Vendor.ID, productID: Product.ID, quantity: Quantity) -> CatalogueEntry? {
    self.filter { $0.vendorID == vendorID && $0.productID == productID && $0.minQuantity <= quantity }
      .max { lhs, rhs in
        lhs.minQuantity != rhs.minQuantity ? lhs.minQuantity < rhs.minQuantity : lhs.priceMinor > rhs.priceMinor
      }
  }
}
