import Foundation

/// An amount of money in one currency, held as an integer number of minor units (cents).
///
/// Integers keep sums exact: the order total is always the sum of its line totals, which a
/// floating-point amount cannot promise. Conversions to and from text go through
/// ``init(parsing:currency:)`` and ``formatted(withSymbol:)``, which know the currency's
/// number of minor-unit digits.
package struct Money: Hashable, Sendable, Codable, CustomStringConvertible {
  /// The amount in the currency's minor unit, for example 1234 for €12.34.
  package var minorUnits: Int64
  package var currency: CurrencyCode

  package init(minorUnits: Int64, currency: CurrencyCode) {
    self.minorUnits = minorUnits
    self.currency = currency
  }

  package static func zero(_ currency: CurrencyCode) -> Money { Money(minorUnits: 0, currency: currency) }

  /// Parses a decimal amount such as `12.5` or `1,234.56` (commas are group separators).
  ///
  /// Returns `nil` when the text is not a number or has more fractional digits than the
  /// currency's minor unit, so that `0.005` euros is refused rather than silently rounded.
  package init?(parsing text: String, currency: CurrencyCode) {
    guard let value = FixedPoint.parse(text.replacingOccurrences(of: ",", with: ""), scale: currency.minorUnitDigits)
    else { return nil }
    self.init(minorUnits: value, currency: currency)
  }

  /// The amount as a plain decimal string with exactly the currency's digits, e.g. `"1234.50"`.
  package var decimalString: String { FixedPoint.format(minorUnits, scale: currency.minorUnitDigits, trimZeros: false) }

  /// The amount with digit grouping, e.g. `"€1,234.50"` or `"1,234.50 EUR"`.
  package func formatted(withSymbol: Bool = true) -> String {
    let digits = FixedPoint.format(minorUnits, scale: currency.minorUnitDigits, trimZeros: false, grouping: true)
    guard withSymbol else { return digits }
    let symbol = currency.symbol
    if symbol == currency.rawValue { return "\(digits) \(symbol)" }
    return minorUnits < 0 ? "-\(symbol)\(digits.dropFirst())" : "\(symbol)\(digits)"
  }

  package var description: String { formatted() }

  /// Adds two amounts of the same currency.
  ///
  /// Adding different currencies is a programming error: an order has one currency.
  package static func + (lhs: Money, rhs: Money) -> Money {
    precondition(lhs.currency == rhs.currency, "adding \(lhs.currency) to \(rhs.currency)")
    return Money(minorUnits: lhs.minorUnits + rhs.minorUnits, currency: lhs.currency)
  }
}
