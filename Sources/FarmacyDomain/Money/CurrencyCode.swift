/// An ISO 4217 currency code such as `EUR`, with the number of digits after the decimal point
/// that its minor unit has.
///
/// Odoo rounds monetary amounts to the currency's `rounding` (0.01 for most currencies). Farmacy
/// stores every amount as an integer count of minor units, so the number of minor-unit digits is
/// all it needs to format and parse amounts.
package struct CurrencyCode: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
  /// The upper-case three-letter code.
  package let rawValue: String

  /// Creates a code from three ASCII letters, case-insensitively; `nil` for anything else.
  package init?(_ text: String) {
    let upper = text.uppercased()
    guard upper.count == 3, upper.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
    rawValue = upper
  }

  package init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    guard let code = CurrencyCode(text) else {
      throw DecodingError.dataCorruptedError(
        in: container, debugDescription: "Not an ISO 4217 currency code: \(text)")
    }
    self = code
  }

  package func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(rawValue)
  }

  package static let eur = CurrencyCode(uncheckedCode: "EUR")
  package static let usd = CurrencyCode(uncheckedCode: "USD")
  package static let gbp = CurrencyCode(uncheckedCode: "GBP")
  package static let jpy = CurrencyCode(uncheckedCode: "JPY")
  package static let chf = CurrencyCode(uncheckedCode: "CHF")

  private init(uncheckedCode: String) { rawValue = uncheckedCode }

  /// Digits of the minor unit: 2 for EUR, 0 for JPY, 3 for KWD.
  package var minorUnitDigits: Int {
    switch rawValue {
    case "JPY", "KRW", "VND", "CLP", "ISK", "UGX", "XAF", "XOF", "PYG", "RWF": 0
    case "BHD", "KWD", "OMR", "JOD", "TND", "LYD", "IQD": 3
    default: 2
    }
  }

  /// The symbol a person expects before an amount, or the code itself when none is common.
  package var symbol: String {
    switch rawValue {
    case "EUR": "€"
    case "USD": "$"
    case "GBP": "£"
    case "JPY": "¥"
    default: rawValue
    }
  }

  package var description: String { rawValue }

  package static func < (lhs: CurrencyCode, rhs: CurrencyCode) -> Bool { lhs.rawValue < rhs.rawValue }
}
