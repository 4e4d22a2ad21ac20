import Foundation

/// A quantity of a product, exact to a thousandth of a unit.
///
/// Odoo's `product_qty` is a float with the "Product Unit of Measure" precision (usually 2 or 3
/// digits). Farmacy keeps three decimal digits as an integer so that sums and comparisons are
/// exact, and converts at the Odoo boundary.
package struct Quantity: Hashable, Sendable, Codable, Comparable, CustomStringConvertible, ExpressibleByIntegerLiteral {
  package static let scale = 3
  /// The quantity in thousandths of a unit: 2500 is 2.5 units.
  package var thousandths: Int64

  package init(thousandths: Int64) { self.thousandths = thousandths }
  package init(integerLiteral value: Int64) { thousandths = value * 1000 }
  package init(units: Int) { thousandths = Int64(units) * 1000 }

  /// Parses `"2.5"`; `nil` for text that is not a number with at most three decimals.
  package init?(parsing text: String) {
    guard let value = FixedPoint.parse(text, scale: Self.scale) else { return nil }
    thousandths = value
  }

  package var odooValue: Double { Double(thousandths) / 1000 }
  package var description: String { FixedPoint.format(thousandths, scale: Self.scale, trimZeros: true) }
  package static func < (lhs: Quantity, rhs: Quantity) -> Bool { lhs.thousandths < rhs.thousandths }
}
