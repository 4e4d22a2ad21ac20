import FarmacyDomain
import Foundation

/// A line as typed on the command line: `CODE:QTY` or `CODE:QTY@PRICE`.
struct LineSpec: Equatable {
  var productCode: String
  var quantity: Quantity
  /// The price as typed, parsed later in the order's currency.
  var priceText: String?

  /// Parses `TAB-00042:12` or `TAB-00042:2.5@13.90`; the error names what is wrong.
  static func parse(_ text: String) throws(CommandFailure) -> LineSpec {
    var body = Substring(text.trimmingCharacters(in: .whitespaces))
    var priceText: String?
    if let at = body.lastIndex(of: "@") {
      priceText = String(body[body.index(after: at)...])
      body = body[..<at]
    }
    guard let colon = body.lastIndex(of: ":") else {
      throw CommandFailure.invalid("line \"\(text)\": expected CODE:QTY or CODE:QTY@PRICE")
    }
    let code = String(body[..<colon]).trimmingCharacters(in: .whitespaces)
    let quantityText = String(body[body.index(after: colon)...])
    guard !code.isEmpty else { throw CommandFailure.invalid("line \"\(text)\": the product code is missing") }
    guard let quantity = Quantity(parsing: quantityText) else {
      throw CommandFailure.invalid("line \"\(text)\": quantity \"\(quantityText)\" is not a number with at most 3 decimals")
    }
    if let priceText, priceText.isEmpty { throw CommandFailure.invalid("line \"\(text)\": the price after @ is missing") }
    return LineSpec(productCode: code, quantity: quantity, priceText: priceText)
  }
}

/// Turns typed values into domain values, with errors that name the field.
enum FieldParsing {
  static func date(_ text: String, field: String) throws(CommandFailure) -> Date {
    guard let date = OdooDateTime.parse(text.trimmingCharacters(in: .whitespaces)) else {
      throw CommandFailure.invalid("\(field): \"\(text)\" is not a date (YYYY-MM-DD or YYYY-MM-DD HH:MM:SS, UTC)")
    }
    return date
  }

  static func price(_ text: String, currency: CurrencyCode, field: String) throws(CommandFailure) -> Int64 {
    guard let money = Money(parsing: text, currency: currency) else {
      throw CommandFailure.invalid(
        "\(field): \"\(text)\" is not an amount in \(currency) (at most \(currency.minorUnitDigits) decimals)")
    }
    return money.minorUnits
  }

  static func quantity(_ text: String, field: String) throws(CommandFailure) -> Quantity {
    guard let quantity = Quantity(parsing: text) else {
      throw CommandFailure.invalid("\(field): \"\(text)\" is not a number with at most 3 decimals")
    }
    return quantity
  }

  static func percentage(_ text: String, field: String) throws(CommandFailure) -> Percentage {
    guard let value = Percentage(parsing: text) else {
      throw CommandFailure.invalid("\(field): \"\(text)\" is not a percentage")
    }
    return value
  }

  /// Splits `FIELD=VALUE`; the value may contain `=`.
  static func assignment(_ text: String, option: String) throws(CommandFailure) -> (String, String) {
    guard let equals = text.firstIndex(of: "=") else {
      throw CommandFailure.invalid("\(option) \"\(text)\": expected FIELD=VALUE")
    }
    let field = text[..<equals].trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "-", with: "_")
    return (field, String(text[text.index(after: equals)...]))
  }
}
