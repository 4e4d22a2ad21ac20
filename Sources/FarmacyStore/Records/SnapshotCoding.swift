import FarmacyDomain
import Foundation

/// The JSON form of a whole order kept as a base snapshot.
///
/// Dates are whole seconds since 1970 and keys are sorted, so two equal orders always give the
/// same text.
enum SnapshotCoding {
  static func encode(_ order: PurchaseOrder) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.dateEncodingStrategy = .secondsSince1970
    return String(decoding: try encoder.encode(order), as: UTF8.self)
  }

  static func decode(_ text: String) throws -> PurchaseOrder {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .secondsSince1970
    return try decoder.decode(PurchaseOrder.self, from: Data(text.utf8))
  }
}
