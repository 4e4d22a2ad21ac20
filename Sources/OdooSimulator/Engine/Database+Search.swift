import FarmacyDomain
import Foundation

// MARK: - search

extension Database {
  /// `search`: the ids matching `domain`, ordered by `order` (the model's `_order` by default),
  /// then `offset` and `limit`.
  ///
  /// Archived records (`active = False`) are left out unless the domain mentions `active` or
  /// the context sets `active_test` to false, as in Odoo.
  func search(
    _ model: String, domain: Domain, order: String?, offset: Int = 0, limit: Int? = nil, env: CallEnvironment
  ) throws(OdooServerError) -> [Int] {
    guard let definition = schema[model] else { throw OdooServerError(.userError, "Object \(model) doesn't exist") }
    try validate(domain, model: model)
    var effective = domain
    if definition.hasActiveField, env.activeTest, !domain.mentions("active") {
      effective = .and([.leaf(path: ["active"], op: .equal, value: .bool(true)), domain])
    }
    let all = tables[model]?.keys ?? [:].keys
    let matching: [Int]
    if effective == .all {
      matching = Array(all)
    } else if let (candidates, rest) = indexedCandidates(model, effective) {
      matching = rest == .all ? candidates : candidates.filter { matches(model, $0, rest) }
    } else {
      matching = all.filter { matches(model, $0, effective) }
    }
    let keep = limit.flatMap { $0 > 0 ? $0 + max(0, offset) : nil }
    var sorted = try sort(model, Array(matching), order: order ?? definition.defaultOrder, keep: keep)
    if offset > 0 { sorted = Array(sorted.dropFirst(offset)) }
    if let limit, limit > 0, sorted.count > limit { sorted = Array(sorted.prefix(limit)) }
    return sorted
  }

  /// The records matching one term of `domain`'s top-level AND, found without evaluating it on
  /// every record, as PostgreSQL would use an index — `id in [...]`, a many2one `in`/`=`
  /// through the inverse index, or a long `in` list on a plain field checked against a set —
  /// and the rest of the domain, which the caller evaluates on them. `nil` when no term allows
  /// it.
  func indexedCandidates(_ model: String, _ domain: Domain) -> (candidates: [Int], rest: Domain)? {
    switch domain {
    case .and(let terms):
      for (index, term) in terms.enumerated() {
        guard let (found, _) = indexedCandidates(model, term) else { continue }
        var others = terms
        others.remove(at: index)
        return (found, others.isEmpty ? .all : others.count == 1 ? others[0] : .and(others))
      }
      return nil
    case .leaf:
      return indexedLeaf(model, domain).map { ($0, .all) }
    default:
      return nil
    }
  }

  private func indexedLeaf(_ model: String, _ domain: Domain) -> [Int]? {
    switch domain {
    case .leaf(let path, let op, let value) where path.count == 1 && (op == .in || op == .equal):
      let items: [OdooValue]
      if case .array(let list) = value { items = list } else { items = [value] }
      guard !items.contains(where: \.isFalsy) else { return nil }
      let field = path[0]
      if field == "id" {
        let rows = tables[model] ?? [:]
        return Set(items.compactMap(\.intValue)).filter { rows[$0] != nil }.sorted()
      }
      if model == "ir.model.data" && field == "res_id" {
        var found = Set<Int>()
        for item in items {
          guard let resID = item.intValue else { return nil }
          found.formUnion(xmlids(resID: resID))
        }
        return Array(found)
      }
      guard let definition = schema[model]?.fields[field], definition.store, definition.related == nil else { return nil }
      if definition.type == .many2one, let first = items.first?.intValue, referrers(model, field: field, target: first) != nil {
        var found = Set<Int>()
        for item in items {
          guard let id = item.intValue else { return nil }
          found.formUnion(referrers(model, field: field, target: id) ?? [])
        }
        return Array(found)
      }
      guard op == .in, items.count > 8, definition.type == .char || definition.type == .integer else { return nil }
      let wanted = Set(items)
      return (tables[model] ?? [:]).compactMap { id, row in
        guard let stored = row[field] else { return nil }
        return wanted.contains(stored) ? id : nil
      }
    default:
      return nil
    }
  }

  /// Checks that every path of `domain` names real fields, raising Odoo's ValueError otherwise.
  func validate(_ domain: Domain, model: String) throws(OdooServerError) {
    switch domain {
    case .all, .none: return
    case .and(let terms), .or(let terms):
      for term in terms { try validate(term, model: model) }
    case .not(let term): try validate(term, model: model)
    case .leaf(let path, let op, let value):
      var current = model
      for (index, step) in path.enumerated() {
        if step == "id" && index == path.count - 1 { break }
        guard let definition = schema[current]?.fields[step] else {
          throw OdooServerError(.valueError, "Invalid field \(current).\(step) in leaf \(leafText(path, op, value))")
        }
        if index < path.count - 1 {
          guard let relation = definition.relation else {
            throw OdooServerError(.valueError, "Invalid field \(current).\(step) in leaf \(leafText(path, op, value))")
          }
          current = relation
        } else if op == .any || op == .notAny {
          guard let relation = definition.relation else {
            throw OdooServerError(.valueError, "Operator '\(op.rawValue)' is only supported on relational fields")
          }
          try validate(try Domain.parse(value), model: relation)
        }
      }
    }
  }

  private func leafText(_ path: [String], _ op: Domain.Operator, _ value: OdooValue) -> String {
    "('\(path.joined(separator: "."))', '\(op.rawValue)', \(value.pythonRepr))"
  }

  /// Whether record `id` of `model` satisfies `domain`.
  func matches(_ model: String, _ id: Int, _ domain: Domain) -> Bool {
    switch domain {
    case .all: return true
    case .none: return false
    case .and(let terms): return terms.allSatisfy { matches(model, id, $0) }
    case .or(let terms): return terms.contains { matches(model, id, $0) }
    case .not(let term): return !matches(model, id, term)
    case .leaf(let path, let op, let value): return matchesLeaf(model, id, path[...], op, value)
    }
  }

  private func matchesLeaf(
    _ model: String, _ id: Int, _ path: ArraySlice<String>, _ op: Domain.Operator, _ rhs: OdooValue
  ) -> Bool {
    guard let name = path.first else { return false }
    if name == "id" {
      return compareScalar(.int(id), op, rhs, type: .integer, model: model)
    }
    guard let definition = schema[model]?.fields[name] else { return false }
    if path.count > 1 {
      guard let relation = definition.relation else { return false }
      let targets = relatedIDs(model, id, name)
      // A negative operator through a path holds when no target matches its positive form,
      // which is how Odoo rewrites `partner_id.name != 'X'` into a sub-select.
      return targets.contains { matchesLeaf(relation, $0, path.dropFirst(), op, rhs) }
    }
    if definition.type.isRelational {
      return matchesRelational(model, id, definition, op, rhs)
    }
    return compareScalar(value(model, id, name), op, rhs, type: definition.type, model: model)
  }

  private func matchesRelational(
    _ model: String, _ id: Int, _ definition: FieldDefinition, _ op: Domain.Operator, _ rhs: OdooValue
  ) -> Bool {
    guard let relation = definition.relation else { return false }
    let targets = relatedIDs(model, id, definition.name)
    switch op {
    case .any, .notAny:
      let subdomain = (try? Domain.parse(rhs)) ?? .none
      let found = targets.contains { matches(relation, $0, subdomain) }
      return op == .any ? found : !found
    case .childOf, .parentOf:
      let roots = Set(rhsIDs(rhs, relation: relation))
      let family = hierarchy(relation, from: roots, descendants: op == .childOf)
      return targets.contains(where: family.contains)
    default:
      break
    }
    // Names: a string compared to a relational field matches the targets' display names, as
    // Odoo turns it into a name_search on the comodel.
    let usesNames: Bool
    switch rhs {
    case .string: usesNames = true
    case .array(let items): usesNames = items.contains { $0.stringValue != nil }
    default: usesNames = false
    }
    if usesNames {
      let names = targets.map { OdooValue.string(displayName(relation, $0)) }
      if op.isNegative {
        guard let positive = op.positive else { return false }
        return !names.contains { compareScalar($0, positive, rhs, type: .char, model: relation) }
      }
      return names.contains { compareScalar($0, op, rhs, type: .char, model: relation) }
    }
    switch op {
    case .equal, .equalIfSet:
      if op == .equalIfSet && rhs.isFalsy { return true }
      if rhs.isFalsy { return targets.isEmpty }
      return rhs.intValue.map(targets.contains) ?? false
    case .notEqual:
      if rhs.isFalsy { return !targets.isEmpty }
      return !(rhs.intValue.map(targets.contains) ?? false)
    case .in, .notIn:
      let wanted = rhsList(rhs)
      let wantsEmpty = wanted.contains { $0.isFalsy }
      let wantedIDs = Set(wanted.compactMap { $0.isFalsy ? nil : $0.intValue })
      let found = targets.contains(where: wantedIDs.contains) || (wantsEmpty && targets.isEmpty)
      return op == .in ? found : !found
    default:
      // Ordering operators on ids, as SQL would compare the column.
      guard definition.type == .many2one else { return false }
      return compareScalar(targets.first.map(OdooValue.int) ?? .null, op, rhs, type: .integer, model: model)
    }
  }

  /// The ids named by the right-hand side of `child_of`/`parent_of`: ids, or names.
  private func rhsIDs(_ rhs: OdooValue, relation: String) -> [Int] {
    rhsList(rhs).flatMap { item -> [Int] in
      if let id = item.intValue, item.stringValue == nil { return [id] }
      if let name = item.stringValue {
        return (tables[relation] ?? [:]).keys.filter { displayName(relation, $0) == name }
      }
      return []
    }
  }

  /// The roots and all their descendants (or ancestors), through the model's parent field.
  func hierarchy(_ model: String, from roots: Set<Int>, descendants: Bool) -> Set<Int> {
    guard let parent = schema[model]?.parentField else { return roots }
    var result = roots
    var frontier = Array(roots)
    while let current = frontier.popLast() {
      let next: [Int]
      if descendants {
        next = Array(referrers(model, field: parent, target: current) ?? [])
      } else {
        next = relatedIDs(model, current, parent)
      }
      for id in next where !result.contains(id) {
        result.insert(id)
        frontier.append(id)
      }
    }
    return result
  }

  private func rhsList(_ rhs: OdooValue) -> [OdooValue] {
    if case .array(let items) = rhs { return items }
    return [rhs]
  }

  /// Compares a stored scalar with a domain value, with SQL's handling of NULL and Odoo's of
  /// `False`.
  func compareScalar(_ stored: OdooValue, _ op: Domain.Operator, _ rhs: OdooValue, type: FieldType, model: String)
    -> Bool
  {
    let isEmpty: Bool
    switch stored {
    case .null: isEmpty = true
    case .string(let text): isEmpty = text.isEmpty && type.isTextual
    case .bool(false): isEmpty = type == .boolean
    default: isEmpty = false
    }
    switch op {
    case .equalIfSet:
      return rhs.isFalsy ? true : compareScalar(stored, .equal, rhs, type: type, model: model)
    case .equal:
      if rhs.isFalsy { return isEmpty || (type.isNumeric && stored.doubleValue == 0) }
      guard !isEmpty || type == .boolean else { return false }
      return Self.order(stored, normalise(rhs, type: type)) == .orderedSame
    case .notEqual:
      return !compareScalar(stored, .equal, rhs, type: type, model: model)
    case .greater, .greaterOrEqual, .less, .lessOrEqual:
      guard stored != .null, !rhs.isFalsy || type.isNumeric else { return false }
      let result = Self.order(stored, normalise(rhs, type: type))
      switch op {
      case .greater: return result == .orderedDescending
      case .greaterOrEqual: return result != .orderedAscending
      case .less: return result == .orderedAscending
      default: return result != .orderedDescending
      }
    case .like, .iLike, .equalLike, .equalILike:
      guard let text = Self.text(of: stored), let pattern = Self.text(of: rhs) else { return false }
      let wrapped = (op == .like || op == .iLike) ? "%" + pattern + "%" : pattern
      return LikePattern(wrapped, caseInsensitive: op == .iLike || op == .equalILike).matches(text)
    case .notLike, .notILike:
      guard let positive = op.positive else { return false }
      return isEmpty || !compareScalar(stored, positive, rhs, type: type, model: model)
    case .in:
      return rhsList(rhs).contains { compareScalar(stored, .equal, $0, type: type, model: model) }
    case .notIn:
      return !compareScalar(stored, .in, rhs, type: type, model: model)
    case .childOf, .parentOf:
      // On a model without hierarchy these mean `in`; for `id` they follow the parent field.
      guard let id = stored.intValue else { return false }
      let roots = Set(rhsList(rhs).compactMap(\.intValue))
      return hierarchy(model, from: roots, descendants: op == .childOf).contains(id)
    case .any, .notAny:
      return false
    }
  }

  /// Brings a domain value to the stored form of `type` (dates parsed, numbers as numbers).
  private func normalise(_ rhs: OdooValue, type: FieldType) -> OdooValue {
    switch (type, rhs) {
    case (.datetime, .string(let text)): return OdooDateTime.parse(text).map(OdooValue.dateTime) ?? rhs
    case (.date, .string(let text)): return .string(String(text.prefix(10)))
    case (.boolean, _): return .bool(rhs.isTruthy)
    default: return rhs
    }
  }

  static func text(of value: OdooValue) -> String? {
    switch value {
    case .string(let text): text
    case .int(let number): String(number)
    case .double(let number): PythonFloat.repr(number)
    case .dateTime(let date): OdooDateTime.format(date)
    default: nil
    }
  }

  /// Orders two values of one field: numbers numerically, text by code points, dates by time,
  /// `False` before `True`. `.null` sorts after everything (PostgreSQL's ascending order).
  static func order(_ lhs: OdooValue, _ rhs: OdooValue) -> ComparisonResult {
    switch (lhs, rhs) {
    case (.null, .null): return .orderedSame
    case (.null, _): return .orderedDescending
    case (_, .null): return .orderedAscending
    case (.dateTime(let a), .dateTime(let b)):
      return a == b ? .orderedSame : (a < b ? .orderedAscending : .orderedDescending)
    case (.string(let a), .string(let b)):
      return a == b ? .orderedSame : (a < b ? .orderedAscending : .orderedDescending)
    case (.bool(let a), .bool(let b)): return a == b ? .orderedSame : (!a ? .orderedAscending : .orderedDescending)
    default:
      if let a = lhs.doubleValue, let b = rhs.doubleValue {
        return a == b ? .orderedSame : (a < b ? .orderedAscending : .orderedDescending)
      }
      let a = text(of: lhs) ?? lhs.pythonRepr
      let b = text(of: rhs) ?? rhs.pythonRepr
      return a == b ? .orderedSame : (a < b ? .orderedAscending : .orderedDescending)
    }
  }
}

extension Domain.Operator {
  /// The operator a negative one negates (`not like` → `like`).
  var positive: Domain.Operator? {
    switch self {
    case .notEqual: .equal
    case .notLike: .like
    case .notILike: .iLike
    case .notIn: .in
    case .notAny: .any
    default: nil
    }
  }
}

extension Domain {
  /// Whether any leaf's first field is `name` (the `active_test` rule looks for `active`).
  func mentions(_ name: String) -> Bool {
    switch self {
    case .all, .none: false
    case .and(let terms), .or(let terms): terms.contains { $0.mentions(name) }
    case .not(let term): term.mentions(name)
    case .leaf(let path, _, _): path.first == name
    }
  }
}

// MARK: - order strings

extension Database {
  /// One term of an `order` string: `write_date desc`, `name asc nulls first`.
  struct OrderTerm {
    var field: String
    var descending: Bool
    var nullsFirst: Bool
  }

  /// Parses `"write_date asc, id asc"`, raising Odoo's ValueError for anything else.
  func parseOrder(_ text: String, model: String) throws(OdooServerError) -> [OrderTerm] {
    var terms: [OrderTerm] = []
    for part in text.split(separator: ",") {
      let words = part.split(separator: " ").map { $0.lowercased() }
      guard let first = words.first else { continue }
      let fieldName = part.split(separator: " ").first.map(String.init) ?? first
      var descending = false
      var nullsFirst: Bool?
      var rest = words.dropFirst()
      if let direction = rest.first, direction == "asc" || direction == "desc" {
        descending = direction == "desc"
        rest = rest.dropFirst()
      }
      if rest.count == 2, rest.first == "nulls", let which = rest.last, which == "first" || which == "last" {
        nullsFirst = which == "first"
        rest = []
      }
      guard rest.isEmpty, fieldName == "id" || schema[model]?.fields[fieldName] != nil,
        fieldName == "id" || schema[model]?.fields[fieldName]?.type.isToMany == false
      else {
        throw OdooServerError(
          .valueError,
          "Invalid \"order\" specified (\(text)). A valid \"order\" specification is a comma-separated list of valid field names (optionally followed by asc/desc for the direction)"
        )
      }
      terms.append(OrderTerm(field: fieldName, descending: descending, nullsFirst: nullsFirst ?? descending))
    }
    return terms
  }

  /// Sorts ids by an `order` string; ties end in id order so pages are stable.
  ///
  /// With `keep`, only the first `keep` ids are wanted (offset plus limit): they are selected
  /// in one pass instead of sorting everything, which is what makes a page of 80 out of
  /// thousands cheap.
  func sort(_ model: String, _ ids: [Int], order: String, keep: Int? = nil) throws(OdooServerError) -> [Int] {
    let terms = try parseOrder(order, model: model)
    let definitions = terms.map { schema[model]?.fields[$0.field] }
    // A many2one sorts by its comodel's own `_order`, as Odoo joins and orders by it.
    // Only the targets these records point at are ranked, not the whole comodel.
    let table = tables[model] ?? [:]
    var ranks: [String: [Int: Int]] = [:]
    for definition in definitions {
      guard let definition, definition.type == .many2one, let relation = definition.relation, ranks[relation] == nil,
        let comodelOrder = schema[relation]?.defaultOrder
      else { continue }
      let targets = Set(ids.compactMap { table[$0]?[definition.name]?.intValue })
      let ordered = (try? sortByDisplayName(relation, comodelOrder, ids: targets.filter { exists(relation, $0) })) ?? []
      ranks[relation] = Dictionary(uniqueKeysWithValues: ordered.enumerated().map { ($1, $0) })
    }
    // Plain stored columns are read straight from the table, the common case on the hot path.
    let plain = definitions.map { definition in
      definition.map { $0.store && $0.related == nil && !$0.type.isRelational && $0.type != .boolean } ?? false
    }
    let keyed: [(id: Int, keys: [OdooValue])] = ids.map { id in
      let row = table[id]
      var keys: [OdooValue] = []
      keys.reserveCapacity(terms.count)
      for index in terms.indices {
        keys.append(
          plain[index]
            ? (row?[terms[index].field] ?? .null)
            : sortKey(model, id, terms[index].field, definitions[index], ranks: ranks))
      }
      return (id, keys)
    }
    let before: ((id: Int, keys: [OdooValue]), (id: Int, keys: [OdooValue])) -> Bool = { lhs, rhs in
      for (index, term) in terms.enumerated() {
        let a = lhs.keys[index]
        let b = rhs.keys[index]
        if a == b { continue }
        if a == .null || b == .null { return (a == .null) == term.nullsFirst }
        let result = Self.order(a, b)
        if result == .orderedSame { continue }
        return term.descending ? result == .orderedDescending : result == .orderedAscending
      }
      return lhs.id < rhs.id
    }
    guard let keep, keep < keyed.count / 4 else { return keyed.sorted(by: before).map(\.id) }
    guard keep > 0 else { return [] }
    var best: [(id: Int, keys: [OdooValue])] = []
    best.reserveCapacity(keep + 1)
    for entry in keyed {
      if best.count == keep, let last = best.last, !before(entry, last) { continue }
      var low = 0
      var high = best.count
      while low < high {
        let middle = (low + high) / 2
        if before(best[middle], entry) { low = middle + 1 } else { high = middle }
      }
      best.insert(entry, at: low)
      if best.count > keep { best.removeLast() }
    }
    return best.map(\.id)
  }

  /// `ids` of the comodel in its `_order`, with many2one terms compared by display name (one
  /// level deep is enough for every `_order` the simulator has).
  private func sortByDisplayName(_ model: String, _ order: String, ids: Set<Int>) throws(OdooServerError) -> [Int] {
    let terms = try parseOrder(order, model: model)
    let definitions = terms.map { schema[model]?.fields[$0.field] }
    let keyed: [(id: Int, keys: [OdooValue])] = ids.map { id in
      (id, zip(terms, definitions).map { sortKey(model, id, $0.field, $1, ranks: [:]) })
    }
    return keyed.sorted { lhs, rhs in
      for (index, term) in terms.enumerated() {
        let a = lhs.keys[index]
        let b = rhs.keys[index]
        if a == b { continue }
        if a == .null || b == .null { return (a == .null) == term.nullsFirst }
        let result = Self.order(a, b)
        if result == .orderedSame { continue }
        return term.descending ? result == .orderedDescending : result == .orderedAscending
      }
      return lhs.id < rhs.id
    }.map(\.id)
  }

  private func sortKey(
    _ model: String, _ id: Int, _ field: String, _ definition: FieldDefinition?, ranks: [String: [Int: Int]]
  ) -> OdooValue {
    if field == "id" { return .int(id) }
    guard let definition else { return .null }
    if definition.store, definition.related == nil, !definition.type.isRelational, definition.type != .boolean {
      return record(model, id)?[field] ?? .null
    }
    let raw = value(model, id, field)
    if definition.type == .many2one, let target = raw.intValue, let relation = definition.relation {
      if let rank = ranks[relation]?[target] { return .int(rank) }
      return .string(displayName(relation, target))
    }
    if definition.type == .boolean { return .bool(raw.isTruthy) }
    return raw
  }
}

/// SQL `LIKE` patterns: `%` matches any run, `_` one character, `\` escapes.
struct LikePattern {
  private enum Token: Equatable {
    case any
    case one
    case literal(Character)
  }

  private let tokens: [Token]
  private let caseInsensitive: Bool

  init(_ pattern: String, caseInsensitive: Bool) {
    self.caseInsensitive = caseInsensitive
    var tokens: [Token] = []
    var escaped = false
    for character in caseInsensitive ? pattern.lowercased() : pattern {
      if escaped {
        tokens.append(.literal(character))
        escaped = false
      } else if character == "\\" {
        escaped = true
      } else if character == "%" {
        if tokens.last != .any { tokens.append(.any) }
      } else if character == "_" {
        tokens.append(.one)
      } else {
        tokens.append(.literal(character))
      }
    }
    self.tokens = tokens
  }

  func matches(_ text: String) -> Bool {
    let characters = Array(caseInsensitive ? text.lowercased() : text)
    // Classic wildcard matching with backtracking on the last `%`.
    var t = 0
    var p = 0
    var star: Int?
    var mark = 0
    while t < characters.count {
      if p < tokens.count {
        switch tokens[p] {
        case .any:
          star = p
          mark = t
          p += 1
          continue
        case .one:
          t += 1
          p += 1
          continue
        case .literal(let expected) where expected == characters[t]:
          t += 1
          p += 1
          continue
        default:
          break
        }
      }
      guard let star else { return false }
      p = star + 1
      mark += 1
      t = mark
    }
    while p < tokens.count, tokens[p] == .any { p += 1 }
    return p == tokens.count
  }
}
