import FarmacyDomain
import Foundation

/// Reads and writes JSON as ``OdooValue``s, the way Python's `json` module does for Odoo.
///
/// Written by hand rather than with `JSONSerialization`: on Linux that API hands back `NSNumber`s
/// that cannot tell `true` from `1`, and Odoo's clients care about that difference (odoorpc treats
/// `False` as "empty"). Floats are written with a decimal point, as Python writes them.
package enum JSONCodec {
  /// Why a body could not be read as JSON; the position helps when a client sends garbage.
  package struct ParseError: Error, Sendable, CustomStringConvertible {
    package var offset: Int
    package var reason: String
    package var description: String { "invalid JSON at byte \(offset): \(reason)" }
  }

  /// Parses one JSON document (surrounding whitespace allowed).
  package static func parse(_ bytes: some Collection<UInt8>) throws(ParseError) -> OdooValue {
    var parser = Parser(bytes: Array(bytes))
    parser.skipWhitespace()
    let value = try parser.parseValue(depth: 0)
    parser.skipWhitespace()
    guard parser.index == parser.bytes.count else { throw ParseError(offset: parser.index, reason: "trailing data") }
    return value
  }

  package static func parse(_ text: String) throws(ParseError) -> OdooValue { try parse(Array(text.utf8)) }

  /// Encodes `value` compactly with sorted object keys; datetimes become Odoo's wire text.
  package static func encode(_ value: OdooValue) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(256)
    write(value, into: &out)
    return out
  }

  package static func encodeString(_ value: OdooValue) -> String { String(decoding: encode(value), as: UTF8.self) }

  private static func write(_ value: OdooValue, into out: inout [UInt8]) {
    switch value {
    case .null: out.append(contentsOf: nullBytes)
    case .bool(let flag): out.append(contentsOf: flag ? trueBytes : falseBytes)
    case .int(let number): writeInteger(number, into: &out)
    case .double(let number):
      out.append(contentsOf: Array((number.isFinite ? PythonFloat.repr(number) : "null").utf8))
    case .string(let text): writeString(text, into: &out)
    case .dateTime(let date): writeString(OdooDateTime.format(date), into: &out)
    case .array(let items):
      out.append(UInt8(ascii: "["))
      for (index, item) in items.enumerated() {
        if index > 0 { out.append(contentsOf: [UInt8(ascii: ","), UInt8(ascii: " ")]) }
        write(item, into: &out)
      }
      out.append(UInt8(ascii: "]"))
    case .object(let members):
      out.append(UInt8(ascii: "{"))
      for (index, key) in members.keys.sorted().enumerated() {
        if index > 0 { out.append(contentsOf: [UInt8(ascii: ","), UInt8(ascii: " ")]) }
        writeString(key, into: &out)
        out.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: " ")])
        write(members[key] ?? .null, into: &out)
      }
      out.append(UInt8(ascii: "}"))
    }
  }

  private static let hexDigits = Array("0123456789abcdef".utf8)
  private static let nullBytes = Array("null".utf8)
  private static let trueBytes = Array("true".utf8)
  private static let falseBytes = Array("false".utf8)

  /// Decimal digits of `number`, written straight into `out` (no intermediate string).
  private static func writeInteger(_ number: Int, into out: inout [UInt8]) {
    if number < 0 { out.append(UInt8(ascii: "-")) }
    var magnitude = number.magnitude
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
      var start = 20
      repeat {
        start -= 1
        digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
        magnitude /= 10
      } while magnitude > 0
      out.append(contentsOf: digits[start...])
    }
  }

  private static func writeString(_ text: String, into out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "\""): out.append(contentsOf: [92, 34])
      case UInt8(ascii: "\\"): out.append(contentsOf: [92, 92])
      case 0x0A: out.append(contentsOf: [92, UInt8(ascii: "n")])
      case 0x0D: out.append(contentsOf: [92, UInt8(ascii: "r")])
      case 0x09: out.append(contentsOf: [92, UInt8(ascii: "t")])
      case 0..<0x20:
        out.append(contentsOf: [92, UInt8(ascii: "u"), 48, 48, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]])
      default: out.append(byte)
      }
    }
    out.append(UInt8(ascii: "\""))
  }

  private struct Parser {
    let bytes: [UInt8]
    var index = 0

    mutating func skipWhitespace() {
      while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
    }

    func fail(_ reason: String) -> ParseError { ParseError(offset: index, reason: reason) }

    mutating func parseValue(depth: Int) throws(ParseError) -> OdooValue {
      guard depth < 512 else { throw fail("nesting too deep") }
      guard index < bytes.count else { throw fail("unexpected end") }
      switch bytes[index] {
      case UInt8(ascii: "{"): return try parseObject(depth: depth)
      case UInt8(ascii: "["): return try parseArray(depth: depth)
      case UInt8(ascii: "\""): return .string(try parseString())
      case UInt8(ascii: "t"): try expect("true"); return .bool(true)
      case UInt8(ascii: "f"): try expect("false"); return .bool(false)
      case UInt8(ascii: "n"): try expect("null"); return .null
      case UInt8(ascii: "N"): try expect("NaN"); return .double(.nan)
      default: return try parseNumber()
      }
    }

    mutating func expect(_ word: String) throws(ParseError) {
      let expected = Array(word.utf8)
      guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected else {
        throw fail("expected \(word)")
      }
      index += expected.count
    }

    mutating func parseObject(depth: Int) throws(ParseError) -> OdooValue {
      index += 1
      var members: [String: OdooValue] = [:]
      skipWhitespace()
      if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
        index += 1
        return .object(members)
      }
      while true {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a key") }
        let key = try parseString()
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expected ':'") }
        index += 1
        skipWhitespace()
        members[key] = try parseValue(depth: depth + 1)
        skipWhitespace()
        guard index < bytes.count else { throw fail("unexpected end") }
        if bytes[index] == UInt8(ascii: ",") {
          index += 1
          continue
        }
        guard bytes[index] == UInt8(ascii: "}") else { throw fail("expected ',' or '}'") }
        index += 1
        return .object(members)
      }
    }

    mutating func parseArray(depth: Int) throws(ParseError) -> OdooValue {
      index += 1
      var items: [OdooValue] = []
      skipWhitespace()
      if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
        index += 1
        return .array(items)
      }
      while true {
        skipWhitespace()
        items.append(try parseValue(depth: depth + 1))
        skipWhitespace()
        guard index < bytes.count else { throw fail("unexpected end") }
        if bytes[index] == UInt8(ascii: ",") {
          index += 1
          continue
        }
        guard bytes[index] == UInt8(ascii: "]") else { throw fail("expected ',' or ']'") }
        index += 1
        return .array(items)
      }
    }

    mutating func parseHex4() throws(ParseError) -> UInt32 {
      guard index + 4 <= bytes.count else { throw fail("short \\u escape") }
      var value: UInt32 = 0
      for byte in bytes[index..<index + 4] {
        value <<= 4
        switch byte {
        case 48...57: value |= UInt32(byte - 48)
        case 65...70: value |= UInt32(byte - 55)
        case 97...102: value |= UInt32(byte - 87)
        default: throw fail("bad \\u escape")
        }
      }
      index += 4
      return value
    }

    mutating func parseString() throws(ParseError) -> String {
      index += 1
      var out: [UInt8] = []
      while index < bytes.count {
        let byte = bytes[index]
        if byte == UInt8(ascii: "\"") {
          index += 1
          return String(decoding: out, as: UTF8.self)
        }
        if byte == UInt8(ascii: "\\") {
          index += 1
          guard index < bytes.count else { break }
          let escape = bytes[index]
          index += 1
          switch escape {
          case UInt8(ascii: "n"): out.append(0x0A)
          case UInt8(ascii: "t"): out.append(0x09)
          case UInt8(ascii: "r"): out.append(0x0D)
          case UInt8(ascii: "b"): out.append(0x08)
          case UInt8(ascii: "f"): out.append(0x0C)
          case UInt8(ascii: "u"):
            var scalar = try parseHex4()
            if (0xD800..<0xDC00).contains(scalar), index + 6 <= bytes.count, bytes[index] == 92,
              bytes[index + 1] == UInt8(ascii: "u")
            {
              index += 2
              let low = try parseHex4()
              scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low &- 0xDC00)
            }
            let character = Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}"
            out.append(contentsOf: Array(String(character).utf8))
          default: out.append(escape)
          }
          continue
        }
        out.append(byte)
        index += 1
      }
      throw fail("unterminated string")
    }

    mutating func parseNumber() throws(ParseError) -> OdooValue {
      let start = index
      var isFloat = false
      while index < bytes.count {
        let byte = bytes[index]
        if (48...57).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") {
          index += 1
        } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
          isFloat = true
          index += 1
        } else {
          break
        }
      }
      guard index > start else { throw fail("unexpected character") }
      let text = String(decoding: bytes[start..<index], as: UTF8.self)
      if !isFloat, let integer = Int(text) { return .int(integer) }
      guard let number = Double(text) else { throw fail("bad number \(text)") }
      return .double(number)
    }
  }
}
