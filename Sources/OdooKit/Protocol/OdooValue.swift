import Foundation

/// A JSON value as Odoo sends and receives it over JSON-RPC and JSON-2.
///
/// Odoo's values are dynamic (a many2one reads as `[id, "name"]` or `false`, empty fields are
/// `false`), so the wire layer keeps them as this enum and the typed API converts.
package enum OdooValue: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
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

  /// Compact JSON with sorted keys, written directly: every call to Odoo encodes one of these,
  /// and `JSONEncoder`'s generic machinery costs more than the request itself on loopback.
  package var jsonData: Data {
    var text = ""
    text.reserveCapacity(256)
    Self.write(self, to: &text)
    return Data(text.utf8)
  }

  private static func write(_ value: OdooValue, to text: inout String) {
    switch value {
    case .null: text += "null"
    case .bool(let flag): text += flag ? "true" : "false"
    case .int(let number): text += String(number)
    case .double(let number): text += number.isFinite ? "\(number)" : "null"
    case .string(let string): writeString(string, to: &text)
    case .array(let elements):
      text += "["
      for (index, element) in elements.enumerated() {
        if index > 0 { text += "," }
        write(element, to: &text)
      }
      text += "]"
    case .object(let members):
      text += "{"
      for (index, key) in members.keys.sorted().enumerated() {
        if index > 0 { text += "," }
        writeString(key, to: &text)
        text += ":"
        write(members[key] ?? .null, to: &text)
      }
      text += "}"
    }
  }

  private static func writeString(_ string: String, to text: inout String) {
    text += "\""
    for scalar in string.unicodeScalars {
      switch scalar {
      case "\"": text += "\\\""
      case "\\": text += "\\\\"
      case "\n": text += "\\n"
      case "\r": text += "\\r"
      case "\t": text += "\\t"
      case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
        let hex = String(scalar.value, radix: 16)
        text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: text.unicodeScalars.append(scalar)
      }
    }
    text += "\""
  }

  /// Decodes JSON text, or `nil` when it is not JSON.
  ///
  /// Parsed by `JSONSerialization`, then converted: much faster than decoding an enum of
  /// unknown shape through `Decodable`, which has to try each case in turn.
  package static func decode(_ data: Data) -> OdooValue? {
    guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return nil }
    return convert(object)
  }

  private static func convert(_ object: Any) -> OdooValue {
    switch object {
    case let string as String: return .string(string)
    case let number as NSNumber:
      // Foundation keeps JSON booleans as NSNumbers of type "c".
      switch String(cString: number.objCType) {
      case "c", "B": return .bool(number.boolValue)
      case "d", "f":
        let double = number.doubleValue
        return .double(double)
      default: return .int(number.intValue)
      }
    case let array as [Any]: return .array(array.map(convert))
    case let dictionary as [String: Any]: return .object(dictionary.mapValues(convert))
    default: return .null
    }
  }
}
