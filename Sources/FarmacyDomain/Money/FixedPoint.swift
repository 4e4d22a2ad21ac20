import Foundation

/// Parsing, formatting and rounding of fixed-point decimals held in an `Int64`.
///
/// Shared by ``Money``, ``Quantity`` and ``Percentage``, which differ only in their scale.
package enum FixedPoint {
  /// Parses `"-12.345"` into `-12345` at scale 3. Returns `nil` for anything that is not a
  /// plain decimal, has more fractional digits than `scale`, or overflows.
  package static func parse(_ text: String, scale: Int) -> Int64? {
    var text = Substring(text.trimmingCharacters(in: .whitespaces))
    var negative = false
    if text.first == "-" { negative = true; text = text.dropFirst() } else if text.first == "+" { text = text.dropFirst() }
    let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    guard let whole = parts.first, parts.count <= 2 else { return nil }
    let fraction = parts.count == 2 ? parts[1] : ""
    guard !(whole.isEmpty && fraction.isEmpty),
      whole.allSatisfy({ $0.isASCII && $0.isNumber }),
      fraction.allSatisfy({ $0.isASCII && $0.isNumber }),
      fraction.count <= scale || fraction.dropFirst(scale).allSatisfy({ $0 == "0" })
    else { return nil }
    var value: Int64 = 0
    for digit in whole {
      guard let d = digit.wholeNumberValue else { return nil }
      let (m, o1) = value.multipliedReportingOverflow(by: 10)
      let (a, o2) = m.addingReportingOverflow(Int64(d))
      if o1 || o2 { return nil }
      value = a
    }
    let paddedFraction = Array(fraction.prefix(scale)) + Array(repeating: Character("0"), count: max(0, scale - fraction.count))
    for digit in paddedFraction {
      guard let d = digit.wholeNumberValue else { return nil }
      let (m, o1) = value.multipliedReportingOverflow(by: 10)
      let (a, o2) = m.addingReportingOverflow(Int64(d))
      if o1 || o2 { return nil }
      value = a
    }
    return negative ? -value : value
  }

  /// Formats `12345` at scale 2 as `"123.45"`; with `trimZeros`, `1500` at scale 3 is `"1.5"`.
  package static func format(_ value: Int64, scale: Int, trimZeros: Bool, grouping: Bool = false) -> String {
    let negative = value < 0
    let magnitude = value.magnitude
    var divisor: UInt64 = 1
    for _ in 0..<scale { divisor *= 10 }
    var whole = String(magnitude / divisor)
    if grouping, whole.count > 3 {
      var grouped = ""
      for (index, character) in whole.enumerated() {
        if index > 0, (whole.count - index) % 3 == 0 { grouped.append(",") }
        grouped.append(character)
      }
      whole = grouped
    }
    var result = negative ? "-" + whole : whole
    if scale > 0 {
      var fraction = String(magnitude % divisor)
      fraction = String(repeating: "0", count: scale - fraction.count) + fraction
      if trimZeros {
        while fraction.last == "0" { fraction.removeLast() }
      }
      if !fraction.isEmpty { result += "." + fraction }
    }
    return result
  }

  /// Divides and rounds half away from zero, as Odoo's `float_round` does for amounts.
  package static func divideRounded(_ numerator: Int128, by denominator: Int128) -> Int128 {
    precondition(denominator > 0, "rounding divisor must be positive")
    let half = denominator / 2
    return numerator >= 0 ? (numerator + half) / denominator : -((-numerator + half) / denominator)
  }
}
