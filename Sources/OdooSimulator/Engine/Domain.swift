/// A parsed search domain: Odoo's prefix-notation list turned into a tree.
///
/// A domain arrives as a list such as
/// `[["state", "=", "purchase"], "|", ["partner_ref", "=", "X"], ["origin", "=", "X"]]`:
/// `&` and `|` take the two terms that follow, `!` takes one, and terms left over at the top
/// level are AND-ed (odoo-api.md §4). Parsing checks the shape and the operator; whether the
/// fields exist is checked when the tree is evaluated against a model.
package indirect enum Domain: Sendable, Equatable {
  case all
  case none
  case and([Domain])
  case or([Domain])
  case not(Domain)
  case leaf(path: [String], op: Operator, value: OdooValue)

  /// Every operator of Odoo 17–19's domain language.
  package enum Operator: String, Sendable, CaseIterable {
    case equal = "="
    case notEqual = "!="
    case greater = ">"
    case greaterOrEqual = ">="
    case less = "<"
    case lessOrEqual = "<="
    case equalIfSet = "=?"
    case equalLike = "=like"
    case equalILike = "=ilike"
    case like
    case notLike = "not like"
    case iLike = "ilike"
    case notILike = "not ilike"
    case `in`
    case notIn = "not in"
    case childOf = "child_of"
    case parentOf = "parent_of"
    case any
    case notAny = "not any"

    /// Operators that hold for rows whose value is missing (Odoo adds `OR field IS NULL`).
    var isNegative: Bool { self == .notEqual || self == .notLike || self == .notILike || self == .notIn }
  }

  /// Parses a domain value; `None`/`False` mean "everything", as they do for `search_read`.
  package static func parse(_ value: OdooValue) throws(OdooServerError) -> Domain {
    switch value {
    case .null, .bool(false): return .all
    case .array(let items):
      var index = 0
      var terms: [Domain] = []
      while index < items.count { terms.append(try parseTerm(items, &index)) }
      switch terms.count {
      case 0: return .all
      case 1: return terms[0]
      default: return .and(terms)
      }
    default:
      throw OdooServerError(.valueError, "Invalid domain: \(value.pythonRepr)")
    }
  }

  private static func parseTerm(_ items: [OdooValue], _ index: inout Int) throws(OdooServerError) -> Domain {
    guard index < items.count else {
      throw OdooServerError(.valueError, "Domain \(OdooValue.array(items).pythonRepr) is syntactically not correct.")
    }
    let item = items[index]
    index += 1
    switch item {
    case .string("&"):
      let left = try parseTerm(items, &index)
      return .and([left, try parseTerm(items, &index)])
    case .string("|"):
      let left = try parseTerm(items, &index)
      return .or([left, try parseTerm(items, &index)])
    case .string("!"):
      return .not(try parseTerm(items, &index))
    case .array(let leaf):
      return try parseLeaf(leaf)
    default:
      throw OdooServerError(.valueError, "Invalid leaf \(item.pythonRepr)")
    }
  }

  private static func parseLeaf(_ leaf: [OdooValue]) throws(OdooServerError) -> Domain {
    guard leaf.count == 3 else {
      throw OdooServerError(.valueError, "Invalid leaf \(OdooValue.array(leaf).pythonRepr)")
    }
    // The constant leaves (1, '=', 1) and (0, '=', 1) that Odoo uses for TRUE and FALSE.
    if case .int(let left) = leaf[0], leaf[1] == .string("="), case .int(1) = leaf[2] {
      return left == 1 ? .all : .none
    }
    guard case .string(let path) = leaf[0], !path.isEmpty else {
      throw OdooServerError(.valueError, "Invalid leaf \(OdooValue.array(leaf).pythonRepr)")
    }
    guard case .string(let opText) = leaf[1], let op = Operator(rawValue: opText.lowercased()) else {
      throw OdooServerError(.valueError, "Invalid leaf \(OdooValue.array(leaf).pythonRepr)")
    }
    if op == .any || op == .notAny {
      // The value of `any` is itself a domain; check it now so errors point at the request.
      _ = try parse(leaf[2])
    }
    return .leaf(path: path.split(separator: ".").map(String.init), op: op, value: leaf[2])
  }
}
