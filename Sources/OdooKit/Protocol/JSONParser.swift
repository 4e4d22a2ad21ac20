/// Parses JSON text straight into ``OdooValue``s, one pass over the bytes.
///
/// Every reply from Odoo goes through here, so it avoids `JSONSerialization`'s detour through
/// Foundation objects (`NSNumber`, `NSDictionary`) that then have to be converted again. It
/// follows RFC 8259: any value at the top, whitespace around it, nothing after it. Integers
/// that fit an `Int` become `.int`; anything with a fraction or an exponent, or too large,
/// becomes `.double`. A lone UTF-16 surrogate in a `\u` escape becomes U+FFFD rather than
/// failing the whole reply; invalid UTF-8 is repaired the same way.
struct JSONParser {
  /// Nesting deeper than this is refused rather than risking the stack.
  static let maxDepth = 512

  private let bytes: UnsafeRawBufferPointer
  private var index = 0
  private var depth = 0

  private init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

  /// The value in `bytes`, or `nil` when they are not exactly one JSON value.
  static func parse(_ bytes: UnsafeRawBufferPointer) -> OdooValue? {
    var parser = JSONParser(bytes: bytes)
    guard let value = parser.value() else { return nil }
    parser.skipWhitespace()
    // Not a ternary: `OdooValue` is itself expressible by `nil`, which would turn trailing
    // garbage into `.null` instead of a refusal.
    guard parser.index == bytes.count else { return nil }
    return value
  }

  private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

  private mutating func skipWhitespace() {
    while index < bytes.count {
      switch bytes[index] {
      case 0x20, 0x09, 0x0A, 0x0D: index += 1
      default: return
      }
    }
  }

  private mutating func value() -> OdooValue? {
    skipWhitespace()
    guard let byte = current else { return nil }
    switch byte {
    case UInt8(ascii: "{"): return object()
    case UInt8(ascii: "["): return array()
    case UInt8(ascii: "\""): return string().map(OdooValue.string)
    case UInt8(ascii: "t"): return literal("true", .bool(true))
    case UInt8(ascii: "f"): return literal("false", .bool(false))
    case UInt8(ascii: "n"): return literal("null", .null)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return number()
    default: return nil
    }
  }

  private mutating func literal(_ text: StaticString, _ value: OdooValue) -> OdooValue? {
    let count = text.utf8CodeUnitCount
    guard bytes.count - index >= count else { return nil }
    for offset in 0..<count where bytes[index + offset] != text.utf8Start[offset] { return nil }
    index += count
    return value
  }

  private mutating func object() -> OdooValue? {
    guard depth < Self.maxDepth else { return nil }
    depth += 1
    defer { depth -= 1 }
    index += 1  // {
    var members: [String: OdooValue] = [:]
    skipWhitespace()
    if current == UInt8(ascii: "}") {
      index += 1
      return .object(members)
    }
    while true {
      skipWhitespace()
      guard current == UInt8(ascii: "\""), let key = string() else { return nil }
      skipWhitespace()
      guard current == UInt8(ascii: ":") else { return nil }
      index += 1
      guard let member = value() else { return nil }
      members[key] = member
      skipWhitespace()
      switch current {
      case UInt8(ascii: ","): index += 1
      case UInt8(ascii: "}"):
        index += 1
        return .object(members)
      default: return nil
      }
    }
  }

  private mutating func array() -> OdooValue? {
    guard depth < Self.maxDepth else { return nil }
    depth += 1
    defer { depth -= 1 }
    index += 1  // [
    var elements: [OdooValue] = []
    skipWhitespace()
    if current == UInt8(ascii: "]") {
      index += 1
      return .array(elements)
    }
    while true {
      guard let element = value() else { return nil }
      elements.append(element)
      skipWhitespace()
      switch current {
      case UInt8(ascii: ","): index += 1
      case UInt8(ascii: "]"):
        index += 1
        return .array(elements)
      default: return nil
      }
    }
  }

  /// A string, with `index` on its opening quote.
  private mutating func string() -> String? {
    index += 1  // "
    let start = index
    // The common case: no escapes, so the bytes between the quotes are the string.
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        index += 1
        return text
      }
      if byte == UInt8(ascii: "\\") { break }
      if byte < 0x20 { return nil }
      index += 1
    }
    guard index < bytes.count else { return nil }
    var utf8 = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
    while index < bytes.count {
      let byte = bytes[index]
      switch byte {
      case UInt8(ascii: "\""):
        index += 1
        return String(decoding: utf8, as: UTF8.self)
      case UInt8(ascii: "\\"):
        index += 1
        guard let escaped = current else { return nil }
        index += 1
        switch escaped {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escaped)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"):
          guard let scalar = unicodeEscape() else { return nil }
          utf8.append(contentsOf: String(Character(scalar)).utf8)
        default: return nil
        }
      case 0..<0x20:
        return nil
      default:
        utf8.append(byte)
        index += 1
      }
    }
    return nil
  }

  /// The scalar of a `\u` escape (and of the low surrogate that may follow it), with `index`
  /// just after the `u`.
  private mutating func unicodeEscape() -> Unicode.Scalar? {
    guard let high = hex4() else { return nil }
    switch high {
    case 0xD800..<0xDC00:
      // A high surrogate: a low one should follow as another escape.
      if bytes.count - index >= 6, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
        let saved = index
        index += 2
        if let low = hex4(), (0xDC00..<0xE000).contains(low) {
          return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
        }
        index = saved
      }
      return "\u{FFFD}"
    case 0xDC00..<0xE000:
      return "\u{FFFD}"
    default:
      return Unicode.Scalar(high)
    }
  }

  private mutating func hex4() -> UInt32? {
    guard bytes.count - index >= 4 else { return nil }
    var value: UInt32 = 0
    for _ in 0..<4 {
      let byte = bytes[index]
      let digit: UInt8
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
      default: return nil
      }
      value = value << 4 | UInt32(digit)
      index += 1
    }
    return value
  }

  private mutating func number() -> OdooValue? {
    let start = index
    var negative = false
    if current == UInt8(ascii: "-") {
      negative = true
      index += 1
    }
    // Integer part: one zero, or a non-zero digit and more digits.
    guard let first = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return nil }
    var magnitude: UInt64 = 0
    var overflow = false
    if first == UInt8(ascii: "0") {
      index += 1
    } else {
      while let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
        let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
        let (sum, o2) = times10.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
        overflow = overflow || o1 || o2
        magnitude = sum
        index += 1
      }
    }
    var isInteger = true
    if current == UInt8(ascii: ".") {
      isInteger = false
      index += 1
      guard skipDigits() else { return nil }
    }
    if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
      isInteger = false
      index += 1
      if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
      guard skipDigits() else { return nil }
    }
    if isInteger && !overflow {
      if negative, magnitude <= UInt64(Int.max) + 1 {
        return .int(magnitude == UInt64(Int.max) + 1 ? Int.min : -Int(magnitude))
      }
      if !negative, magnitude <= UInt64(Int.max) { return .int(Int(magnitude)) }
    }
    let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    guard let double = Double(text), double.isFinite else { return nil }
    return .double(double)
  }

  /// Skips one or more digits; `false` when there is none.
  private mutating func skipDigits() -> Bool {
    let start = index
    while let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { index += 1 }
    return index > start
  }
}
