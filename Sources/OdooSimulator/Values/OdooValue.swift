import FarmacyDomain
import Foundation

/// A value as Odoo's Python side sees it, and as every wire protocol carries it.
///
/// The simulator speaks three encodings (JSON, XML-RPC, and JSON-2's bare JSON), and all of them
/// are built from the same handful of Python types: `None`, `bool`, `int`, `float`, `str`, `list`
/// and `dict`. ``OdooValue`` is that common ground. Two details are Odoo's rather than JSON's:
///
/// - ``dateTime(_:)`` keeps a datetime with its microseconds, as PostgreSQL stores `write_date`.
///   Every encoder writes it as `YYYY-MM-DD HH:MM:SS` (UTC, whole seconds), which is what Odoo's
///   `fields.Datetime.to_string` does; the fraction never leaves the server.
/// - ``object(_:)`` is unordered; encoders sort its keys so that answers are reproducible.
package enum OdooValue: Sendable, Hashable {
  case null
  case bool(Bool)
  case int(Int)
  case double(Double)
  case string(String)
  case array([OdooValue])
  case object([String: OdooValue])
  case dateTime(Date)

  /// Python's truthiness: `None`, `False`, `0`, `""`, `[]` and `{}` are false.
  package var isTruthy: Bool {
    switch self {
    case .null: false
    case .bool(let value): value
    case .int(let value): value != 0
    case .double(let value): value != 0
    case .string(let value): !value.isEmpty
    case .array(let value): !value.isEmpty
    case .object(let value): !value.isEmpty
    case .dateTime: true
    }
  }

  /// `None` or `False`: what Odoo means by "no value" in a domain or a many2one.
  package var isFalsy: Bool {
    switch self {
    case .null, .bool(false): true
    default: false
    }
  }

  package var intValue: Int? {
    switch self {
    case .int(let value): value
    case .double(let value) where value == value.rounded(): Int(exactly: value)
    case .bool(let value): value ? 1 : 0
    default: nil
    }
  }

  package var doubleValue: Double? {
    switch self {
    case .int(let value): Double(value)
    case .double(let value): value
    case .bool(let value): value ? 1 : 0
    default: nil
    }
  }

  package var stringValue: String? {
    if case .string(let value) = self { return value }
    return nil
  }

  package var arrayValue: [OdooValue]? {
    if case .array(let value) = self { return value }
    return nil
  }

  package var objectValue: [String: OdooValue]? {
    if case .object(let value) = self { return value }
    return nil
  }

  package subscript(key: String) -> OdooValue? {
    objectValue?[key]
  }

  /// The value with every ``dateTime(_:)`` replaced by its wire text.
  package var wireForm: OdooValue {
    switch self {
    case .dateTime(let date): .string(OdooDateTime.format(date))
    case .array(let items): .array(items.map(\.wireForm))
    case .object(let members): .object(members.mapValues(\.wireForm))
    default: self
    }
  }

  /// A short Python-like rendering for error messages: `'draft'`, `[1, 2]`, `False`.
  package var pythonRepr: String {
    switch self {
    case .null: "None"
    case .bool(let value): value ? "True" : "False"
    case .int(let value): String(value)
    case .double(let value): PythonFloat.repr(value)
    case .string(let value): "'\(value)'"
    case .array(let items): "[" + items.map(\.pythonRepr).joined(separator: ", ") + "]"
    case .object(let members):
      "{" + members.keys.sorted().map { "'\($0)': \(members[$0]?.pythonRepr ?? "None")" }.joined(separator: ", ") + "}"
    case .dateTime(let date): "datetime('\(OdooDateTime.format(date))')"
    }
  }
}

extension OdooValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
  ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByFloatLiteral, ExpressibleByNilLiteral
{
  package init(stringLiteral value: String) { self = .string(value) }
  package init(integerLiteral value: Int) { self = .int(value) }
  package init(booleanLiteral value: Bool) { self = .bool(value) }
  package init(arrayLiteral elements: OdooValue...) { self = .array(elements) }
  package init(floatLiteral value: Double) { self = .double(value) }
  package init(nilLiteral: ()) { self = .null }
  package init(dictionaryLiteral elements: (String, OdooValue)...) {
    self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
  }
}

/// Python's `repr(float)`: the shortest text that reads back to the same double, always with a
/// decimal point (`12.0`, not `12`), so that a Python client sees a float where Odoo sends one.
package enum PythonFloat {
  package static func repr(_ value: Double) -> String {
    guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-Infinity" : "Infinity") }
    let text = "\(value)"
    // Swift writes 1e-05 as "1e-05", Python as "1e-05" as well; both round-trip. Only a whole
    // number needs Python's ".0".
    return text.utf8.contains(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: ".") }) ? text : text + ".0"
  }
}
