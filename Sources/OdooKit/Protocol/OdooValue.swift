import Foundation

/// A JSON value as Odoo sends and receives it over JSON-RPC and JSON-2.
///
/// Odoo's values are dynamic (a many2one reads as `[id, "name"]` or `false`, empty fields are
/// `false`), so the wire layer keeps them as this enum and the typed API converts.
package enum OdooValue: Sendable, Hashable, Codable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
  ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
  case null
  case bool(Bool)
  case int(Int)
  case double(Double)
  case string(String)
  case array([OdooValue])
  case object([String: OdooValue])

  package init(stringLiteral value: String) { self = .string(value) }
  package init(integerLiteral value: Int) { self = .int(value) }
  package init(booleanLiteral value: Bool) { self = .bool(value) }
  package init(arrayLiteral elements: OdooValue...) { self = .array(elements) }
  package init(dictionaryLiteral elements: (String, OdooValue)...) {
    self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
  }
  package init(nilLiteral: ()) { self = .null }

  package init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let value = try? container.decode(Bool.self) {
      self = .bool(value)
    } else if let value = try? container.decode(Int.self) {
      self = .int(value)
    } else if let value = try? container.decode(Double.self) {
      self = .double(value)
    } else if let value = try? container.decode(String.self) {
      self = .string(value)
    } else if let value = try? container.decode([OdooValue].self) {
      self = .array(value)
    } else {
      self = .object(try container.decode([String: OdooValue].self))
    }
  }

  package func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .null: try container.encodeNil()
    case .bool(let value): try container.encode(value)
    case .int(let value): try container.encode(value)
    case .double(let value): try container.encode(value)
    case .string(let value): try container.encode(value)
    case .array(let value): try container.encode(value)
    case .object(let value): try container.encode(value)
    }
  }

  // MARK: - Reading

  package subscript(key: String) -> OdooValue? {
    if case .object(let object) = self { return object[key] }
    return nil
  }

  package var string: String? {
    if case .string(let value) = self { return value }
    return nil
  }

  /// Integers, and doubles that hold an integer.
  package var int: Int? {
    switch self {
    case .int(let value): value
    case .double(let value) where value.rounded() == value && abs(value) < 9e15: Int(value)
    default: nil
    }
  }

  package var double: Double? {
    switch self {
    case .int(let value): Double(value)
    case .double(let value): value
    default: nil
    }
  }

  package var bool: Bool? {
    if case .bool(let value) = self { return value }
    return nil
  }

  package var array: [OdooValue]? {
    if case .array(let value) = self { return value }
    return nil
  }

  package var object: [String: OdooValue]? {
    if case .object(let value) = self { return value }
    return nil
  }

  /// Odoo's "empty": `false` or `null`.
  package var isEmpty: Bool { self == .bool(false) || self == .null }

  /// A many2one read as `[id, "name"]` (or `false`): its id.
  package var many2oneID: Int? {
    if let pair = array, let id = pair.first?.int { return id }
    return int
  }

  /// Compact JSON.
  package var jsonData: Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return (try? encoder.encode(self)) ?? Data("null".utf8)
  }

  /// Decodes JSON text, or `nil` when it is not JSON.
  package static func decode(_ data: Data) -> OdooValue? {
    try? JSONDecoder().decode(OdooValue.self, from: data)
  }
}
