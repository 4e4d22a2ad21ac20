import Foundation

extension Database {
  /// `load(fields, data)`: the import path, idempotent through external ids (odoo-api.md §3.2).
  ///
  /// Columns are `id` (external id), `.id` (database id), plain fields (many2one by name),
  /// `field/id` and `field/.id` (many2one by external or database id) and one2many sub-columns
  /// such as `order_line/product_id/id`. A row whose top-level columns are all empty continues
  /// the previous record's one2many lines. Re-loading an external id updates its record; a
  /// line with its own `order_line/id` is updated too, while a line without one is added.
  /// Any error undoes the whole load and comes back as a message with `ids: false`.
  mutating func load(_ model: String, fields: [String], data: [[OdooValue]], env: CallEnvironment)
    throws(OdooServerError) -> OdooValue
  {
    try checkAccess(model, .create, env: env)
    let columns = fields.map { $0.split(separator: "/", omittingEmptySubsequences: false).map(String.init) }
    var rowIndex = 0
    let outcome = savepoint { (database: inout Database) throws(OdooServerError) -> [Int] in
      var ids: [Int] = []
      let groups = database.groupRows(data, columns: columns, model: model)
      for group in groups {
        rowIndex = group.first ?? 0
        ids.append(try database.loadRecord(model, columns: columns, rows: group.map { data[$0] }, env: env))
      }
      return ids
    }
    switch outcome {
    case .success(let ids):
      return ["ids": .array(ids.map(OdooValue.int)), "messages": [], "nextrow": 0]
    case .failure(let error):
      let message: OdooValue = [
        "type": "error", "message": .string(error.message), "record": .int(rowIndex),
        "rows": ["from": .int(rowIndex), "to": .int(rowIndex)],
      ]
      return ["ids": false, "messages": [message], "nextrow": 0]
    }
  }

  /// Splits row indexes into records: a new record starts at each row with a non-empty
  /// column outside the one2many sub-columns.
  private func groupRows(_ data: [[OdooValue]], columns: [[String]], model: String) -> [[Int]] {
    let topLevel = columns.enumerated().filter { _, path in
      guard let head = path.first else { return false }
      return schema[model]?.fields[head]?.type != .one2many
    }.map(\.offset)
    var groups: [[Int]] = []
    for (index, row) in data.enumerated() {
      let startsRecord = topLevel.contains { $0 < row.count && !Self.isBlank(row[$0]) }
      if startsRecord || groups.isEmpty { groups.append([index]) } else { groups[groups.count - 1].append(index) }
    }
    return groups
  }

  private static func isBlank(_ value: OdooValue) -> Bool {
    switch value {
    case .null, .bool(false): true
    case .string(let text): text.isEmpty
    default: false
    }
  }

  private mutating func loadRecord(_ model: String, columns: [[String]], rows: [[OdooValue]], env: CallEnvironment)
    throws(OdooServerError) -> Int
  {
    guard let first = rows.first else { throw OdooServerError(.valueError, "empty record") }
    var vals: [String: OdooValue] = [:]
    var xmlid: String?
    var databaseID: Int?
    var subColumns: [String: [(column: Int, path: [String])]] = [:]
    for (column, path) in columns.enumerated() {
      let cell = column < first.count ? first[column] : .null
      guard let head = path.first else { continue }
      if head == "id" && path.count == 1 {
        if !Self.isBlank(cell) { xmlid = Self.text(of: cell) }
        continue
      }
      if head == ".id" && path.count == 1 {
        if !Self.isBlank(cell) { databaseID = cell.intValue ?? Self.text(of: cell).flatMap { Int($0) } }
        continue
      }
      let definition = try field(model, head)
      if definition.type == .one2many {
        subColumns[head, default: []].append((column, Array(path.dropFirst())))
        continue
      }
      guard path.count <= 2 else {
        throw OdooServerError(.valueError, "Unknown sub-field '\(path.joined(separator: "/"))'")
      }
      vals[head] = try importValue(
        cell, definition: definition, model: model, reference: path.count == 2 ? path[1] : nil)
    }
    var target: Int?
    if let xmlid, let found = resolveXMLID(xmlid) {
      guard found.model == model else { throw OdooServerError(.valueError, "External id \(xmlid) is a \(found.model)") }
      target = found.id
    } else if let databaseID {
      guard exists(model, databaseID) else {
        throw OdooServerError(
          .valueError, "No matching record found for database id '\(databaseID)' in field 'Database ID'")
      }
      target = databaseID
    }
    let id: Int
    if let target {
      try write(model, ids: [target], vals, env: env)
      id = target
    } else {
      id = try createOne(model, vals, env: env)
      if let xmlid { bindXMLID(xmlid, model: model, id: id, now: env.now, uid: env.uid) }
    }
    for (fieldName, subs) in subColumns.sorted(by: { $0.key < $1.key }) {
      guard let definition = schema[model]?.fields[fieldName], let relation = definition.relation,
        let inverse = definition.inverseName
      else { continue }
      for row in rows {
        var lineVals: [String: OdooValue] = [:]
        var lineXMLID: String?
        var lineDatabaseID: Int?
        var any = false
        for (column, path) in subs {
          let cell = column < row.count ? row[column] : .null
          guard let head = path.first, !Self.isBlank(cell) else { continue }
          any = true
          if head == "id" && path.count == 1 {
            lineXMLID = Self.text(of: cell)
            continue
          }
          if head == ".id" && path.count == 1 {
            lineDatabaseID = cell.intValue ?? Self.text(of: cell).flatMap { Int($0) }
            continue
          }
          let lineField = try field(relation, head)
          lineVals[head] = try importValue(
            cell, definition: lineField, model: relation, reference: path.count == 2 ? path[1] : nil)
        }
        guard any else { continue }
        lineVals[inverse] = .int(id)
        if let lineXMLID, let found = resolveXMLID(lineXMLID), found.model == relation {
          try write(relation, ids: [found.id], lineVals, env: env)
        } else if let lineDatabaseID {
          try write(relation, ids: [lineDatabaseID], lineVals, env: env)
        } else {
          let lineID = try createOne(relation, lineVals, env: env)
          if let lineXMLID { bindXMLID(lineXMLID, model: relation, id: lineID, now: env.now, uid: env.uid) }
        }
      }
    }
    return id
  }

  /// Converts one imported cell (usually text) for a field, resolving relations by name,
  /// external id (`/id`) or database id (`/.id`).
  private func importValue(_ cell: OdooValue, definition: FieldDefinition, model: String, reference: String?)
    throws(OdooServerError) -> OdooValue
  {
    if Self.isBlank(cell) { return .bool(false) }
    let text = Self.text(of: cell) ?? ""
    switch definition.type {
    case .boolean:
      if case .bool = cell { return cell }
      return .bool(!["0", "false", "no", "off"].contains(text.lowercased()))
    case .selection:
      if let match = definition.selection.first(where: { $0.0 == text || $0.1.lowercased() == text.lowercased() }) {
        return .string(match.0)
      }
      throw OdooServerError(.valueError, "Value '\(text)' not found in selection field '\(definition.label)'")
    case .integer, .float, .monetary, .char, .text, .html, .date, .datetime:
      return cell
    case .many2one, .many2many:
      guard let relation = definition.relation else { return .bool(false) }
      let parts =
        definition.type == .many2many
        ? text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } : [text]
      var ids: [Int] = []
      for part in parts {
        switch reference {
        case "id":
          guard let found = resolveXMLID(part), found.model == relation else {
            throw OdooServerError(
              .valueError, "No matching record found for external id '\(part)' in field '\(definition.label)'")
          }
          ids.append(found.id)
        case ".id":
          guard let id = Int(part), exists(relation, id) else {
            throw OdooServerError(
              .valueError, "No matching record found for database id '\(part)' in field '\(definition.label)'")
          }
          ids.append(id)
        default:
          let names = (tables[relation] ?? [:]).keys.sorted().filter {
            displayName(relation, $0) == part || record(relation, $0)?["name"]?.stringValue == part
          }
          guard let id = names.first else {
            throw OdooServerError(
              .valueError, "No matching record found for name '\(part)' in field '\(definition.label)'")
          }
          ids.append(id)
        }
      }
      if definition.type == .many2one { return ids.first.map(OdooValue.int) ?? .bool(false) }
      return .array([.array([6, 0, .array(ids.map(OdooValue.int))])])
    case .one2many:
      return .bool(false)
    }
  }
}
