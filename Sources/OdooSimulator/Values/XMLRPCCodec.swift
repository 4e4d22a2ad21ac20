import Foundation

/// XML-RPC as Odoo speaks it on `/xmlrpc/2/*`: calls in, responses and faults out.
///
/// The subset is the one Python's `xmlrpc.client` produces and Odoo's marshaller emits:
/// `int`/`i4`/`i8`, `boolean`, `double`, `string` (or bare text), `array`, `struct`, `nil`,
/// `dateTime.iso8601` and `base64`. Odoo's answers follow its `OdooMarshaller`: no `nil`
/// (a `None` result is a fault, as `allow_none=False` makes it), datetimes as plain strings, and
/// integers limited to 32 bits.
package enum XMLRPCCodec {
  /// Why a request body is not an XML-RPC call.
  package struct ParseError: Error, Sendable, CustomStringConvertible {
    package var reason: String
    package var description: String { "invalid XML-RPC: \(reason)" }
  }

  /// Why a result cannot be sent: Python's marshaller would raise these.
  package struct MarshalError: Error, Sendable {
    package var message: String
  }

  /// Parses a `<methodCall>` into its method name and parameters.
  package static func parseCall(_ bytes: [UInt8]) throws(ParseError) -> (method: String, params: [OdooValue]) {
    var reader = Reader(tokens: try tokenize(String(decoding: bytes, as: UTF8.self)))
    try reader.expectOpen("methodCall")
    try reader.expectOpen("methodName")
    let method = reader.text()
    try reader.expectClose("methodName")
    var params: [OdooValue] = []
    if reader.peekOpen("params") {
      try reader.expectOpen("params")
      while reader.peekOpen("param") {
        try reader.expectOpen("param")
        params.append(try reader.value())
        try reader.expectClose("param")
      }
      try reader.expectClose("params")
    } else if reader.peekEmpty("params") {
      reader.index += 1
    }
    try reader.expectClose("methodCall")
    return (method.trimmingCharacters(in: .whitespacesAndNewlines), params)
  }

  /// A `<methodResponse>` carrying `value`; throws when Odoo's marshaller could not send it.
  package static func response(_ value: OdooValue?) throws(MarshalError) -> String {
    guard let value else { throw MarshalError(message: "cannot marshal None unless allow_none is enabled") }
    var out = "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n"
    try write(value, into: &out)
    out += "\n</param>\n</params>\n</methodResponse>\n"
    return out
  }

  /// A `<fault>` response.
  package static func fault(code: OdooValue, message: String) -> String {
    var out = "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n"
    // A fault struct only holds an int or string and a string: it always marshals.
    try? write(["faultCode": code, "faultString": .string(message)], into: &out)
    out += "\n</fault>\n</methodResponse>\n"
    return out
  }

  private static func write(_ value: OdooValue, into out: inout String) throws(MarshalError) {
    switch value {
    case .null:
      throw MarshalError(message: "cannot marshal None unless allow_none is enabled")
    case .bool(let flag):
      out += "<value><boolean>\(flag ? 1 : 0)</boolean></value>"
    case .int(let number):
      guard number >= Int(Int32.min), number <= Int(Int32.max) else {
        throw MarshalError(message: "int exceeds XML-RPC limits")
      }
      out += "<value><int>\(number)</int></value>"
    case .double(let number):
      out += "<value><double>\(PythonFloat.repr(number))</double></value>"
    case .string(let text):
      out += "<value><string>\(escape(text))</string></value>"
    case .dateTime:
      try write(value.wireForm, into: &out)
    case .array(let items):
      out += "<value><array><data>\n"
      for item in items {
        try write(item, into: &out)
        out += "\n"
      }
      out += "</data></array></value>"
    case .object(let members):
      out += "<value><struct>\n"
      for key in members.keys.sorted() {
        out += "<member>\n<name>\(escape(key))</name>\n"
        try write(members[key] ?? .null, into: &out)
        out += "\n</member>\n"
      }
      out += "</struct></value>"
    }
  }

  /// Escapes markup and drops the control characters XML 1.0 forbids, as Odoo does.
  static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
      default:
        if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  // MARK: - Reading

  private enum Token: Equatable {
    case open(String)
    case close(String)
    case empty(String)
    case text(String)
  }

  private static func tokenize(_ text: String) throws(ParseError) -> [Token] {
    var tokens: [Token] = []
    let scalars = Array(text.unicodeScalars)
    var index = 0
    var pending = ""
    func flushText() {
      if !pending.isEmpty { tokens.append(.text(pending)) }
      pending = ""
    }
    while index < scalars.count {
      if scalars[index] == "<" {
        flushText()
        guard let end = scalars[index...].firstIndex(of: ">") else { throw ParseError(reason: "unterminated tag") }
        let inside = String(String.UnicodeScalarView(scalars[(index + 1)..<end]))
        index = end + 1
        if inside.hasPrefix("?") || inside.hasPrefix("!") { continue }
        if inside.hasPrefix("/") {
          tokens.append(.close(inside.dropFirst().trimmingCharacters(in: .whitespaces)))
        } else if inside.hasSuffix("/") {
          tokens.append(.empty(inside.dropLast().trimmingCharacters(in: .whitespaces)))
        } else {
          tokens.append(.open(String(inside.split(separator: " ").first ?? "")))
        }
      } else if scalars[index] == "&" {
        guard let end = scalars[index...].firstIndex(of: ";") else { throw ParseError(reason: "unterminated entity") }
        let name = String(String.UnicodeScalarView(scalars[(index + 1)..<end]))
        index = end + 1
        switch name {
        case "lt": pending += "<"
        case "gt": pending += ">"
        case "amp": pending += "&"
        case "quot": pending += "\""
        case "apos": pending += "'"
        default:
          let number =
            name.hasPrefix("#x")
            ? UInt32(name.dropFirst(2), radix: 16) : (name.hasPrefix("#") ? UInt32(name.dropFirst()) : nil)
          guard let number, let scalar = Unicode.Scalar(number) else {
            throw ParseError(reason: "unknown entity &\(name);")
          }
          pending.unicodeScalars.append(scalar)
        }
      } else {
        pending.unicodeScalars.append(scalars[index])
        index += 1
      }
    }
    flushText()
    return tokens
  }

  private struct Reader {
    let tokens: [Token]
    var index = 0

    mutating func skipWhitespace() {
      while index < tokens.count, case .text(let text) = tokens[index], text.allSatisfy(\.isWhitespace) { index += 1 }
    }

    func peekOpen(_ name: String) -> Bool {
      var probe = self
      probe.skipWhitespace()
      return probe.index < tokens.count && tokens[probe.index] == .open(name)
    }

    func peekEmpty(_ name: String) -> Bool {
      var probe = self
      probe.skipWhitespace()
      return probe.index < tokens.count && tokens[probe.index] == .empty(name)
    }

    mutating func expectOpen(_ name: String) throws(ParseError) {
      skipWhitespace()
      guard index < tokens.count, tokens[index] == .open(name) else { throw ParseError(reason: "expected <\(name)>") }
      index += 1
    }

    mutating func expectClose(_ name: String) throws(ParseError) {
      skipWhitespace()
      guard index < tokens.count, tokens[index] == .close(name) else { throw ParseError(reason: "expected </\(name)>") }
      index += 1
    }

    mutating func text() -> String {
      var out = ""
      while index < tokens.count, case .text(let text) = tokens[index] {
        out += text
        index += 1
      }
      return out
    }

    mutating func value() throws(ParseError) -> OdooValue {
      skipWhitespace()
      guard index < tokens.count else { throw ParseError(reason: "expected <value>") }
      if tokens[index] == .empty("value") {
        index += 1
        return .string("")
      }
      try expectOpen("value")
      // A bare <value>text</value> is a string.
      let leading = text()
      if index < tokens.count, tokens[index] == .close("value") {
        index += 1
        return .string(leading)
      }
      skipWhitespace()
      guard index < tokens.count else { throw ParseError(reason: "unterminated <value>") }
      let result: OdooValue
      switch tokens[index] {
      case .empty(let type):
        index += 1
        switch type {
        case "nil": result = .null
        case "string": result = .string("")
        case "array": result = .array([])
        case "struct": result = .object([:])
        default: throw ParseError(reason: "empty <\(type)/>")
        }
      case .open(let type):
        index += 1
        switch type {
        case "int", "i4", "i8", "i2", "i1":
          let raw = text().trimmingCharacters(in: .whitespacesAndNewlines)
          guard let number = Int(raw) else { throw ParseError(reason: "bad int \(raw)") }
          result = .int(number)
        case "boolean":
          let raw = text().trimmingCharacters(in: .whitespacesAndNewlines)
          guard raw == "0" || raw == "1" else { throw ParseError(reason: "bad boolean \(raw)") }
          result = .bool(raw == "1")
        case "double", "float":
          let raw = text().trimmingCharacters(in: .whitespacesAndNewlines)
          guard let number = Double(raw) else { throw ParseError(reason: "bad double \(raw)") }
          result = .double(number)
        case "string":
          result = .string(text())
        case "dateTime.iso8601":
          // Python sends 20260501T10:00:00; the server parses it with use_datetime=True, so
          // the method sees a datetime, which fields accept. Keep Odoo's text form.
          let raw = text().trimmingCharacters(in: .whitespacesAndNewlines)
          result = .string(Self.odooDateTime(fromISO: raw))
        case "base64":
          let raw = text().filter { !$0.isWhitespace }
          result = .string(Data(base64Encoded: raw).map { String(decoding: $0, as: UTF8.self) } ?? "")
        case "nil":
          result = .null
        case "array":
          try expectOpen("data")
          var items: [OdooValue] = []
          while true {
            skipWhitespace()
            if index < tokens.count, tokens[index] == .close("data") { break }
            items.append(try value())
          }
          try expectClose("data")
          result = .array(items)
        case "struct":
          var members: [String: OdooValue] = [:]
          while peekOpen("member") {
            try expectOpen("member")
            try expectOpen("name")
            let name = text()
            try expectClose("name")
            members[name] = try value()
            try expectClose("member")
          }
          result = .object(members)
        default:
          throw ParseError(reason: "unknown type <\(type)>")
        }
        try expectClose(type)
      default:
        throw ParseError(reason: "unexpected content in <value>")
      }
      try expectClose("value")
      return result
    }

    static func odooDateTime(fromISO raw: String) -> String {
      // 20260501T10:00:00 → 2026-05-01 10:00:00
      let digits = Array(raw)
      guard digits.count >= 17, digits[8] == "T" else { return raw }
      return "\(String(digits[0..<4]))-\(String(digits[4..<6]))-\(String(digits[6..<8])) \(String(digits[9..<17]))"
    }
  }
}
