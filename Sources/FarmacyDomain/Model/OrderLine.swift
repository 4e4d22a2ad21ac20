import Foundation

/// One line of a purchase order: an Odoo `purchase.order.line`.
///
/// Its ``id`` is generated on this machine when the line is born and never changes; it is the
/// line's identity in three-way merges before Odoo has given it an id.
package struct OrderLine: Identifiable, Hashable, Sendable, Codable {
  package var id: UUID
  package var odooID: Int?
  /// Display order within the order (Odoo `sequence`, default 10).
  package var sequence: Int
  package var productID: Product.ID?
  /// The product's internal reference, kept beside the id so that a line reads well on its own.
  package var productCode: String
  /// Free text description (Odoo `name`), defaulting to the product's display name.
  package var description: String
  package var quantity: Quantity
  package var unit: String
  /// Price per unit in the order currency's minor units.
  package var unitPriceMinor: Int64
  package var discount: Percentage
  package var taxRate: Percentage
  package var datePlanned: Date?
  /// Copied from the product: controlled substances need a person to settle conflicts.
  package var isControlled: Bool

  package init(
    id: UUID = .timeOrdered(), odooID: Int? = nil, sequence: Int = 10, productID: Product.ID?, productCode: String = "",
    description: String = "", quantity: Quantity, unit: String = "Units", unitPriceMinor: Int64,
    discount: Percentage = .zero, taxRate: Percentage = .zero, datePlanned: Date? = nil, isControlled: Bool = false
  ) {
    self.id = id
    self.odooID = odooID
    self.sequence = sequence
    self.productID = productID
    self.productCode = productCode
    self.description = description
    self.quantity = quantity
    self.unit = unit
    self.unitPriceMinor = unitPriceMinor
    self.discount = discount
    self.taxRate = taxRate
    self.datePlanned = datePlanned
    self.isControlled = isControlled
  }

  /// A new line for `product`, priced from `entry` when the vendor lists the product, else from
  /// the product's cost, with the expected arrival `now` plus the vendor's lead time.
  package init(product: Product, quantity: Quantity, catalogueEntry entry: CatalogueEntry?, now: Date) {
    self.init(
      productID: product.id, productCode: product.code, description: product.displayName, quantity: quantity,
      unit: product.unit, unitPriceMinor: entry?.priceMinor ?? product.standardPriceMinor,
      taxRate: product.taxRate,
      datePlanned: entry?.expectedArrival(orderedAt: now) ?? now,
      isControlled: product.isControlled)
  }

  /// Quantity × price, less the discount, rounded half away from zero to the minor unit.
  package var subtotalMinor: Int64 {
    let gross = Int128(quantity.thousandths) * Int128(unitPriceMinor) * Int128(10_000 - discount.basisPoints)
    return Int64(FixedPoint.divideRounded(gross, by: 1000 * 10_000))
  }

  /// Tax on the subtotal at the line's rate, rounded per line (Odoo's default `round_per_line`).
  package var taxMinor: Int64 {
    Int64(FixedPoint.divideRounded(Int128(subtotalMinor) * Int128(taxRate.basisPoints), by: 10_000))
  }

  package var totalMinor: Int64 { subtotalMinor + taxMinor }
}
