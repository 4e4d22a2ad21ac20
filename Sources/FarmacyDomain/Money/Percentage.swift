import Foundation

/// A percentage exact to a hundredth of a percent (a basis point), used for line discounts and
/// tax rates.
package struct Percentage: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
  /// Hundredths of a percent: 1250 is 12.5 %.
  package var basisPoints: Int64

  package init(basisPoints: Int64) { self.basisPoints = basisPoints }
  package init(percent: Int) { basisPoints = Int64(percent) * 100 }
  package static let zero = Percentage(basisPoints: 0)
  package static let hundred = Percentage(basisPoints: 10_000)

  /// Parses `"12.5"` or `"12.5%"`.
  package init?(parsing text: String) {
    var text = text.trimmingCharacters(in: .whitespaces)
    if text.hasSuffix("%") { text.removeLast() }
    guard let value = FixedPoint.parse(text, scale: 2) else { return nil }
    basisPoints = value
  }

  package var odooValue: Double { Double(basisPoints) / 100 }
  package var description: String { FixedPoint.format(basisPoints, scale: 2, trimZeros: true) + "%" }
  package static func < (lhs: Percentage, rhs: Percentage) -> Bool { lhs.basisPoints < rhs.basisPoints }
}
