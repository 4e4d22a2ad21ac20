import FarmacyDomain
import Foundation

// MARK: - Reading values inside the server

extension Database {
  /// The definition of `field` on `model`, or the ValueError Odoo raises for an unknown field.
  func field(_ model: String, _ name: String) throws(OdooServerError) -> FieldDefinition {
    guard let definition = schema[model]?.fields[name] else { throw OdooServerError.invalidField(name, model: model) }
    return definition
  }

  /// A field's value in internal form, following related paths and reading one2many fields
  /// from the index. Missing values are `.null`.
  func value(_ model: String, _ id: Int, _ name: String) -> OdooValue {
    if name == "id" { return .int(id) }
    guard let definition = schema[model]?.fields[name] else { return .null }
    if let path = definition.related {
      var currentModel = model
      var currentID = id
      for (index, step) in path.enumerated() {
        if index == path.count - 1 { return value(currentModel, currentID, step) }
        guard let next = value(currentModel, currentID, step).intValue,
          let relation = schema[currentModel]?.fields[step]?.relation
        else { return .null }
        currentModel = relation
        currentID = next
      }
      return .null
    }
    switch definition.type {
    case .one2many:
      guard let relation = definition.relation, let inverse = definition.inverseName else { return .array([]) }
      let children = referrers(relation, field: inverse, target: id) ?? []
      return .array(sortedIDs(relation, Array(children)).map(OdooValue.int))
    default:
      if name == "display_name" { return .string(displayName(model, id)) }
      return record(model, id)?[name] ?? .null
    }
  }

  /// Ids sorted the way reading a one2many lists them: by `sequence` where the comodel has
  /// one, then by id.
  func sortedIDs(_ model: String, _ ids: [Int]) -> [Int] {
    guard schema[model]?.fields["sequence"] != nil else { return ids.sorted() }
    return ids.sorted { lhs, rhs in
      let left = record(model, lhs)?["sequence"]?.intValue ?? 0
      let right = record(model, rhs)?["sequence"]?.intValue ?? 0
      return left != right ? left < right : lhs < rhs
    }
  }

  /// The ids a relational field holds (one for a set many2one, none when empty).
  func relatedIDs(_ model: String, _ id: Int, _ name: String) -> [Int] {
    switch value(model, id, name) {
    case .int(let target): [target]
    case .array(let items): items.compactMap(\.intValue)
    default: []
    }
  }

  /// `display_name` as each model computes it.
  package func displayName(_ model: String, _ id: Int) -> String {
    guard let row = record(model, id) else { return "" }
    func text(_ name: String) -> String { row[name]?.stringValue ?? "" }
    switch model {
    case "purchase.order":
      let reference = text("partner_ref")
      return reference.isEmpty ? text("name") : "\(text("name")) (\(reference))"
    case "purchase.order.line":
      let order = row["order_id"]?.intValue.map { displayName("purchase.order", $0) } ?? ""
      let orderName = row["order_id"]?.intValue.flatMap { record("purchase.order", $0)?["name"]?.stringValue } ?? order
      let firstLine = text("name").split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
      let productName = row["product_id"]?.intValue.map { displayName("product.product", $0) } ?? ""
      return "\(orderName) - \(firstLine.isEmpty ? productName : firstLine)"
    case "product.product", "product.template":
      let code = text("default_code")
      let name = value(model, id, "name").stringValue ?? ""
      return code.isEmpty ? name : "[\(code)] \(name)"
    case "res.partner":
      return text("complete_name").isEmpty ? text("name") : text("complete_name")
    case "res.users":
      return value(model, id, "name").stringValue ?? ""
    case "product.supplierinfo":
      return row["partner_id"]?.intValue.map { displayName("res.partner", $0) } ?? ""
    case "ir.model.data":
      return text("complete_name")
    default:
      return text("name")
    }
  }

  /// The currency digits of a record's `currency_id` (2 when unknown).
  func currencyDigits(_ currencyID: Int?) -> Int {
    guard let currencyID, let digits = record("res.currency", currencyID)?["decimal_places"]?.intValue else { return 2 }
    return digits
  }
}

// MARK: - Values coming in (write, create, load)

extension Database {
  /// Converts a client value for `definition` into the internal form, as the field's
  /// `convert_to_cache` would, raising the ValueError Odoo raises for a value that does not fit.
  func convertIncoming(_ value: OdooValue, for definition: FieldDefinition, model: String) throws(OdooServerError)
    -> OdooValue
  {
    switch definition.type {
    case .char, .text, .html:
      switch value {
      case .null, .bool(false): return .null
      case .string: return value
      case .int(let number): return .string(String(number))
      case .double(let number): return .string(PythonFloat.repr(number))
      default: return .string(value.pythonRepr)
      }
    case .selection:
      switch value {
      case .null, .bool(false): return .null
      case .string(let key) where definition.selection.contains(where: { $0.0 == key }): return value
      default:
        throw OdooServerError(.valueError, "Wrong value for \(model).\(definition.name): \(value.pythonRepr)")
      }
    case .integer:
      switch value {
      case .null, .bool(false): return .int(0)
      case .string(let text):
        guard let number = Int(text.trimmingCharacters(in: .whitespaces)) else {
          throw OdooServerError(.valueError, "invalid literal for int() with base 10: '\(text)'")
        }
        return .int(number)
      default:
        guard let number = value.doubleValue else {
          throw OdooServerError(
            .typeError, "int() argument must be a string or a number, not '\(value.pythonTypeName)'")
        }
        return .int(Int(number))
      }
    case .float, .monetary:
      switch value {
      case .null, .bool(false): return .double(0)
      case .string(let text):
        guard let number = Double(text.trimmingCharacters(in: .whitespaces)) else {
          throw OdooServerError(.valueError, "could not convert string to float: '\(text)'")
        }
        return .double(number)
      default:
        guard let number = value.doubleValue else {
          throw OdooServerError(
            .typeError, "float() argument must be a string or a number, not '\(value.pythonTypeName)'")
        }
        return .double(number)
      }
    case .boolean:
      return .bool(value.isTruthy)
    case .date:
      switch value {
      case .null, .bool(false): return .null
      case .string(let text):
        let day = String(text.prefix(10))
        guard OdooDateTime.parse(day) != nil, day.count == 10 else {
          throw OdooServerError(.valueError, "time data '\(text)' does not match format '%Y-%m-%d'")
        }
        return .string(day)
      case .dateTime(let date): return .string(OdooDateTime.formatDay(date))
      default:
        throw OdooServerError(
          .typeError,
          "\(value.pythonRepr) (field \(model).\(definition.name)) must be string or date, not \(value.pythonTypeName)."
        )
      }
    case .datetime:
      switch value {
      case .null, .bool(false): return .null
      case .dateTime: return value
      case .string(let text):
        guard let date = Self.parseOdooDatetime(text) else {
          throw OdooServerError(.valueError, "time data '\(text)' does not match format '%Y-%m-%d %H:%M:%S'")
        }
        return .dateTime(date)
      default:
        throw OdooServerError(
          .typeError,
          "\(value.pythonRepr) (field \(model).\(definition.name)) must be string or datetime, not \(value.pythonTypeName)."
        )
      }
    case .many2one:
      var target: Int?
      switch value {
      case .null, .bool(false): return .null
      case .int(let id): target = id
      case .array(let pair) where !pair.isEmpty: target = pair[0].intValue
      default: break
      }
      guard let target, let relation = definition.relation else {
        throw OdooServerError(.valueError, "Wrong value for \(model).\(definition.name): \(value.pythonRepr)")
      }
      guard exists(relation, target) else {
        throw OdooServerError(
          .validationError,
          "The operation cannot be completed: another model requires the record being deleted. If possible, archive it instead.\n\nModel: \(schema[relation]?.description ?? relation) (\(relation)), Constraint: \(model.replacingOccurrences(of: ".", with: "_"))_\(definition.name)_fkey"
        )
      }
      return .int(target)
    case .one2many, .many2many:
      preconditionFailure("x2many values go through x2many commands")
    }
  }

  /// Odoo's `Datetime.to_datetime`: `YYYY-MM-DD HH:MM:SS` or `YYYY-MM-DD`; anything with `T`,
  /// `Z` or fractions is refused, as `strptime` refuses it.
  static func parseOdooDatetime(_ text: String) -> Date? {
    let bytes = Array(text.utf8)
    guard bytes.count == 10 || (bytes.count == 19 && bytes[10] == UInt8(ascii: " ")) else { return nil }
    return OdooDateTime.parse(text)
  }
}

// MARK: - Values going out (read)

extension Database {
  /// The value of `name` as `read` returns it: empty values as `false`, many2one as
  /// `[id, "name"]` (or the bare id when `classicRead` is off), x2many as id lists.
  func readValue(_ model: String, _ id: Int, _ definition: FieldDefinition, classicRead: Bool) -> OdooValue {
    let raw = value(model, id, definition.name)
    switch definition.type {
    case .char, .text, .html, .selection, .date, .datetime:
      return raw == .null ? .bool(false) : raw
    case .integer:
      return raw.intValue.map(OdooValue.int) ?? .int(0)
    case .float:
      return .double(raw.doubleValue ?? 0)
    case .monetary:
      return .double(raw.doubleValue ?? 0)
    case .boolean:
      return .bool(raw.isTruthy)
    case .many2one:
      guard let target = raw.intValue, let relation = definition.relation, exists(relation, target) else {
        return .bool(false)
      }
      return classicRead ? .array([.int(target), .string(displayName(relation, target))]) : .int(target)
    case .one2many, .many2many:
      return raw.arrayValue.map(OdooValue.array) ?? .array([])
    }
  }
}

extension OdooValue {
  /// Python's type name, for TypeError messages.
  var pythonTypeName: String {
    switch self {
    case .null: "NoneType"
    case .bool: "bool"
    case .int: "int"
    case .double: "float"
    case .string: "str"
    case .array: "list"
    case .object: "dict"
    case .dateTime: "datetime"
    }
  }
}
