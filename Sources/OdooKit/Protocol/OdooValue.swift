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
    var bytes: [UInt8] = []
    bytes.reserveCapacity(256)
    write(to: &bytes)
    return Data(bytes)
  }

  /// Appends this value as compact JSON with sorted keys.
  func write(to bytes: inout [UInt8]) {
    switch self {
    case .null: bytes.append(contentsOf: "null".utf8)
    case .bool(let flag): bytes.append(contentsOf: flag ? "true".utf8 : "false".utf8)
    case .int(let number): Self.writeInteger(number, to: &bytes)
    case .double(let number): bytes.append(contentsOf: number.isFinite ? "\(number)".utf8 : "null".utf8)
    case .string(let string): Self.writeString(string, to: &bytes)
    case .array(let elements):
      bytes.append(UInt8(ascii: "["))
      for (index, element) in elements.enumerated() {
        if index > 0 { bytes.append(UInt8(ascii: ",")) }
        element.write(to: &bytes)
      }
      bytes.append(UInt8(ascii: "]"))
    case .object(let members):
      bytes.append(UInt8(ascii: "{"))
      if members.count == 1, let (key, value) = members.first {
        Self.writeString(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        value.write(to: &bytes)
      } else {
        for (index, member) in members.sorted(by: { $0.key < $1.key }).enumerated() {
          if index > 0 { bytes.append(UInt8(ascii: ",")) }
          Self.writeString(member.key, to: &bytes)
          bytes.append(UInt8(ascii: ":"))
          member.value.write(to: &bytes)
        }
      }
      bytes.append(UInt8(ascii: "}"))
    }
  }

  static func writeInteger(_ number: Int, to bytes: inout [UInt8]) {
    if number >= 0 && number < 10 {
      bytes.append(UInt8(ascii: "0") + UInt8(number))
    } else {
      bytes.append(contentsOf: String(number).utf8)
    }
  }

  /// A JSON string: quotes, backslashes and control characters escaped, and U+2028/U+2029
  /// too (JavaScript readers choke on them raw).
  static func writeString(_ string: String, to bytes: inout [UInt8]) {
    bytes.append(UInt8(ascii: "\""))
    var string = string
    string.withUTF8 { utf8 in
      var index = 0
      while index < utf8.count {
        let byte = utf8[index]
        switch byte {
        case UInt8(ascii: "\""): bytes.append(contentsOf: #"\""#.utf8)
        case UInt8(ascii: "\\"): bytes.append(contentsOf: #"\\"#.utf8)
        case UInt8(ascii: "\n"): bytes.append(contentsOf: #"\n"#.utf8)
        case UInt8(ascii: "\r"): bytes.append(contentsOf: #"\r"#.utf8)
        case UInt8(ascii: "\t"): bytes.append(contentsOf: #"\t"#.utf8)
        case 0..<0x20:
          bytes.append(contentsOf: #"\u00"#.utf8)
          bytes.append(hexDigits[Int(byte >> 4)])
          bytes.append(hexDigits[Int(byte & 0xF)])
        case 0xE2 where index + 2 < utf8.count && utf8[index + 1] == 0x80 && (utf8[index + 2] & 0xFE) == 0xA8:
          // U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR.
          bytes.append(contentsOf: utf8[index + 2] == 0xA8 ? #"\u2028"#.utf8 : #"\u2029"#.utf8)
          index += 2
        default: bytes.append(byte)
        }
        index += 1
      }
    }
    bytes.append(UInt8(ascii: "\""))
  }

  private static let hexDigits = Array("0123456789abcdef".utf8)

  /// Decodes JSON text, or `nil` when it is not exactly one JSON value.
  ///
  /// Parsed in one pass by ``JSONParser``: no detour through Foundation objects, and much
  /// faster than decoding an enum of unknown shape through `Decodable`.
  package static func decode(_ data: Data) -> OdooValue? {
    data.withUnsafeBytes { JSONParser.parse($0) }
  }
}
