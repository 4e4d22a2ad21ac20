import FarmacyDomain
import Foundation

/// A JSON value for the free-form `details` of audit rows and job payloads.
enum JSONValue: Hashable, Sendable, Encodable {
  case string(String)
  case int(Int64)
  case bool(Bool)
  case array([JSONValue])
  case object([String: JSONValue])
  case null

  func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .string(let value): try container.encode(value)
    case .int(let value): try container.encode(value)
    case .bool(let value): try container.encode(value)
    case .array(let value): try container.encode(value)
    case .object(let value): try container.encode(value)
    case .null: try container.encodeNil()
    }
  }

  /// Compact JSON with sorted keys, so that equal values give equal text.
  var serialized: String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(self) else { return "{}" }
    return String(decoding: data, as: UTF8.self)
  }
}

extension OrderChange {
  var json: JSONValue { .object(["field": .string(field), "old": .string(old), "new": .string(new)]) }
}
