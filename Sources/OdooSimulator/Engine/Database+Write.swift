import FarmacyDomain
import Foundation

/// The kinds of access Odoo's ACLs distinguish.
enum AccessOperation: String {
  case read, create, write, unlink

  /// The verb of Odoo's access error ("You are not allowed to modify …").
  var verb: String {
    switch self {
    case .read: "access"
    case .create: "create"
    case .write: "modify"
    case .unlink: "delete"
    }
  }
}

// MARK: - Access rights

extension Database {
  /// Raises Odoo's AccessError when the caller's role may not perform `operation` on `model`.
  func checkAccess(_ model: String, _ operation: AccessOperation, env: CallEnvironment) throws(OdooServerError) {
    guard !env.superuser, operation != .read, let definition = schema[model] else { return }
    guard !definition.writeRoles.contains(env.role) else { return }
    throw OdooServerError(
      .accessError,
      "You are not allowed to \(operation.verb) '\(definition.description)' (\(model)) records.\n\nThis operation is allowed for the following groups:\n\t- \(definition.writeGroupLabel)\n\nContact your administrator to request access if necessary."
    )
  }

  /// Raises MissingError unless every id exists.
  func checkExist(_ model: String, _ ids: [Int], env: CallEnvironment) throws(OdooServerError) {
    let missing = ids.filter { !exists(model, $0) }
    guard missing.isEmpty else { throw OdooServerError.missingRecords(model: model, ids: missing, uid: env.uid) }
  }
}

// MARK: - create

extension Database {
  /// `create` for a list of value dicts; returns the new ids in order.
  mutating func create(_ model: String, _ valsList: [[String: OdooValue]], env: CallEnvironment) throws(OdooServerError)
    -> [Int]
  {
    try checkAccess(model, .create, env: env)
    var ids: [Int] = []
    for vals in valsList { ids.append(try createOne(model, vals, env: env)) }
    return ids
  }

  /// Creates one record: defaults, the model's own preparation, required checks, x2many
  /// commands, then the stored computed fields.
  mutating func createOne(_ model: String, _ vals: [String: OdooValue], env: CallEnvironment) throws(OdooServerError)
    -> Int
  {
    guard let definition = schema[model] else { throw OdooServerError(.userError, "Object \(model) doesn't exist") }
    var row = defaultValues(model, env: env)
    var relatedWrites: [String: OdooValue] = [:]
    var commands: [(FieldDefinition, OdooValue)] = []
    for key in vals.keys.sorted() {
      guard let value = vals[key] else { continue }
      if key == "id" { continue }
      let fieldDefinition = try field(model, key)
      if fieldDefinition.related != nil {
        relatedWrites[key] = value
      } else if fieldDefinition.type == .one2many {
        commands.append((fieldDefinition, value))
      } else if fieldDefinition.computed || key == "display_name" || Self.magicFields.contains(key) {
        continue
      } else if fieldDefinition.type == .many2many {
        commands.append((fieldDefinition, value))
      } else {
        row[key] = try convertIncoming(value, for: fieldDefinition, model: model)
      }
    }
    try prepareCreate(model, &row, given: vals, relatedWrites: &relatedWrites, env: env)
    if definition.logsAccess {
      row["create_uid"] = .int(env.uid)
      row["create_date"] = .dateTime(env.now)
      row["write_uid"] = .int(env.uid)
      row["write_date"] = .dateTime(env.now)
    }
    try checkConstraints(model, row)
    let id = nextID(model)
    row["id"] = .int(id)
    put(model, id, row)
    try writeRelated(model, id, relatedWrites, env: env)
    for (fieldDefinition, value) in commands {
      try applyX2Many(model, id, fieldDefinition, value, env: env)
    }
    recompute(model, id, now: env.now, uid: env.uid)
    return id
  }

  static let magicFields: Set<String> = ["create_uid", "create_date", "write_uid", "write_date"]

  /// Required fields and the purchase line constraints, as PostgreSQL and Odoo enforce them.
  func checkConstraints(_ model: String, _ row: StoredRecord) throws(OdooServerError) {
    guard let definition = schema[model] else { return }
    if model == "purchase.order.line" {
      let isDisplay = row["display_type"].map { $0 != .null } ?? false
      let uomField = version.lineUoMField
      if isDisplay {
        if row["product_id"].map({ $0 != .null }) ?? false || (row["price_unit"]?.doubleValue ?? 0) != 0
          || (row["product_qty"]?.doubleValue ?? 0) != 0 || row[uomField].map({ $0 != .null }) ?? false
        {
          throw OdooServerError(
            .validationError,
            "The operation cannot be completed: Forbidden values on non-accountable purchase order line")
        }
      } else if (row["product_id"] ?? .null) == .null || (row[uomField] ?? .null) == .null
        || (row["date_planned"] ?? .null) == .null
      {
        throw OdooServerError(
          .validationError,
          "The operation cannot be completed: Missing required fields on accountable purchase order line.")
      }
    }
    for name in definition.fieldOrder {
      guard let fieldDefinition = definition.fields[name], fieldDefinition.required, fieldDefinition.store,
        !fieldDefinition.type.isToMany, name != "id"
      else { continue }
      if (row[name] ?? .null) == .null {
        throw OdooServerError(
          .validationError,
          "The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n- Delete: another model requires the record being deleted. If possible, archive it instead.\n\nModel: \(definition.description) (\(model))\nField: \(fieldDefinition.label) (\(name))"
        )
      }
    }
  }
}

// MARK: - write

extension Database {
  /// `write`: the same values on every record of `ids`. Returns nothing; the RPC layer answers
  /// `True`.
  mutating func write(_ model: String, ids: [Int], _ vals: [String: OdooValue], env: CallEnvironment)
    throws(OdooServerError)
  {
    try checkAccess(model, .write, env: env)
    try checkExist(model, ids, env: env)
    for id in ids { try writeOne(model, id, vals, env: env) }
  }

  mutating func writeOne(_ model: String, _ id: Int, _ vals: [String: OdooValue], env: CallEnvironment)
    throws(OdooServerError)
  {
    guard var row = record(model, id) else {
      throw OdooServerError.missingRecords(model: model, ids: [id], uid: env.uid)
    }
    var relatedWrites: [String: OdooValue] = [:]
    var commands: [(FieldDefinition, OdooValue)] = []
    for key in vals.keys.sorted() {
      guard let value = vals[key] else { continue }
      let fieldDefinition = try field(model, key)
      if key == "id" || key == "display_name" || Self.magicFields.contains(key) { continue }
      if fieldDefinition.related != nil {
        relatedWrites[key] = value
      } else if fieldDefinition.type.isToMany {
        commands.append((fieldDefinition, value))
      } else if fieldDefinition.computed {
        continue
      } else {
        row[key] = try convertIncoming(value, for: fieldDefinition, model: model)
      }
    }
    try prepareWrite(model, id, &row, given: vals, env: env)
    if schema[model]?.logsAccess == true {
      row["write_uid"] = .int(env.uid)
      row["write_date"] = .dateTime(env.now)
    }
    try checkConstraints(model, row)
    put(model, id, row)
    try writeRelated(model, id, relatedWrites, env: env)
    for (fieldDefinition, value) in commands {
      try applyX2Many(model, id, fieldDefinition, value, env: env)
    }
    try afterWrite(model, id, given: vals, env: env)
    recompute(model, id, now: env.now, uid: env.uid)
  }

  /// Writes related fields through to the record at the end of their path (`_inherits`).
  private mutating func writeRelated(_ model: String, _ id: Int, _ values: [String: OdooValue], env: CallEnvironment)
    throws(OdooServerError)
  {
    guard !values.isEmpty else { return }
    var byTarget: [String: (model: String, id: Int, vals: [String: OdooValue])] = [:]
    for (name, value) in values {
      guard let path = schema[model]?.fields[name]?.related, path.count >= 2 else { continue }
      var currentModel = model
      var currentID = id
      for step in path.dropLast() {
        guard let next = self.value(currentModel, currentID, step).intValue,
          let relation = schema[currentModel]?.fields[step]?.relation
        else { throw OdooServerError(.valueError, "Cannot write \(model).\(name): \(step) is empty") }
        currentModel = relation
        currentID = next
      }
      let key = "\(currentModel)#\(currentID)"
      var entry = byTarget[key] ?? (currentModel, currentID, [:])
      entry.vals[path[path.count - 1]] = value
      byTarget[key] = entry
    }
    for entry in byTarget.values.sorted(by: { $0.id < $1.id }) {
      try writeOne(entry.model, entry.id, entry.vals, env: env)
    }
  }
}

// MARK: - unlink

extension Database {
  /// `unlink`: deletes the records (and what cascades from them), after the model's guards.
  mutating func unlink(_ model: String, ids: [Int], env: CallEnvironment) throws(OdooServerError) {
    try checkAccess(model, .unlink, env: env)
    try checkExist(model, ids, env: env)
    try guardUnlink(model, ids, env: env)
    try deleteCascading(model, Set(ids), env: env)
  }

  /// Deletes records without the model guards, following `ondelete='cascade'` many2ones, as the
  /// database's foreign keys would.
  mutating func deleteCascading(_ model: String, _ ids: Set<Int>, env: CallEnvironment) throws(OdooServerError) {
    guard !ids.isEmpty else { return }
    var touchedOrders: Set<Int> = []
    if model == "purchase.order.line" {
      for id in ids { if let order = record(model, id)?["order_id"]?.intValue { touchedOrders.insert(order) } }
    }
    for id in ids { put(model, id, nil) }
    dropXMLIDs(model: model, ids: ids)
    for (otherName, other) in schema.models {
      for fieldDefinition in other.fields.values
      where fieldDefinition.cascade && fieldDefinition.relation == model && fieldDefinition.related == nil {
        var children: Set<Int> = []
        if schema.indexedInverses.contains("\(otherName).\(fieldDefinition.name)") {
          for id in ids { children.formUnion(referrers(otherName, field: fieldDefinition.name, target: id) ?? []) }
        } else {
          for (childID, row) in tables[otherName] ?? [:]
          where (row[fieldDefinition.name]?.intValue).map(ids.contains) == true {
            children.insert(childID)
          }
        }
        try deleteCascading(otherName, children, env: env)
      }
    }
    for order in touchedOrders where exists("purchase.order", order) {
      recompute("purchase.order", order, now: env.now, uid: env.uid)
    }
  }
}

// MARK: - x2many commands

extension Database {
  /// Applies x2many commands (odoo-api.md §3.3) to field `definition` of record `id`:
  /// `[0,0,vals]` create, `[1,id,vals]` update, `[2,id,0]` delete, `[3,id,0]` unlink,
  /// `[4,id,0]` link, `[5,0,0]` clear, `[6,0,ids]` replace. A plain list of ids means replace.
  mutating func applyX2Many(
    _ model: String, _ id: Int, _ definition: FieldDefinition, _ value: OdooValue, env: CallEnvironment
  ) throws(OdooServerError) {
    guard let relation = definition.relation else { return }
    let commands: [OdooValue]
    switch value {
    case .null, .bool(false): commands = [[5]]
    case .array(let items):
      if !items.isEmpty, items.allSatisfy({ if case .int = $0 { true } else { false } }) {
        commands = [.array([6, 0, .array(items)])]
      } else {
        commands = items
      }
    default:
      throw OdooServerError(.valueError, "Wrong value for \(model).\(definition.name): \(value.pythonRepr)")
    }
    for command in commands {
      guard case .array(let parts) = command, let code = parts.first?.intValue, (0...6).contains(code) else {
        throw OdooServerError(.valueError, "Invalid command \(command.pythonRepr) for \(model).\(definition.name)")
      }
      let target = parts.count > 1 ? parts[1].intValue ?? 0 : 0
      let payload = parts.count > 2 ? parts[2] : .null
      switch code {
      case 0:
        guard case .object(var vals) = payload else {
          throw OdooServerError(.valueError, "Invalid command \(command.pythonRepr): values must be a dict")
        }
        if definition.type == .one2many, let inverse = definition.inverseName {
          vals[inverse] = .int(id)
          _ = try createOne(relation, vals, env: env)
        } else {
          let newID = try createOne(relation, vals, env: env)
          try setMany2Many(model, id, definition, adding: [newID], env: env)
        }
      case 1:
        guard case .object(let vals) = payload else {
          throw OdooServerError(.valueError, "Invalid command \(command.pythonRepr): values must be a dict")
        }
        try write(relation, ids: [target], vals, env: env)
      case 2:
        if definition.type == .many2many { try setMany2Many(model, id, definition, removing: [target], env: env) }
        try unlink(relation, ids: [target], env: env)
      case 3:
        try detach(model, id, definition, [target], env: env)
      case 4:
        if definition.type == .one2many, let inverse = definition.inverseName {
          try write(relation, ids: [target], [inverse: .int(id)], env: env)
        } else {
          try checkExist(relation, [target], env: env)
          try setMany2Many(model, id, definition, adding: [target], env: env)
        }
      case 5:
        try detach(model, id, definition, relatedIDs(model, id, definition.name), env: env)
      default:
        let wanted = payload.arrayValue?.compactMap(\.intValue) ?? []
        try checkExist(relation, wanted, env: env)
        let current = relatedIDs(model, id, definition.name)
        try detach(model, id, definition, current.filter { !wanted.contains($0) }, env: env)
        if definition.type == .one2many, let inverse = definition.inverseName {
          let toLink = wanted.filter { !current.contains($0) }
          if !toLink.isEmpty { try write(relation, ids: toLink, [inverse: .int(id)], env: env) }
        } else {
          try setMany2Many(model, id, definition, replacingWith: wanted, env: env)
        }
      }
    }
  }

  /// Removes targets from an x2many: a one2many whose inverse is required (purchase lines)
  /// deletes them; other one2manys clear the inverse; many2manys drop the link.
  private mutating func detach(
    _ model: String, _ id: Int, _ definition: FieldDefinition, _ targets: [Int], env: CallEnvironment
  ) throws(OdooServerError) {
    guard !targets.isEmpty, let relation = definition.relation else { return }
    if definition.type == .one2many, let inverse = definition.inverseName {
      if schema[relation]?.fields[inverse]?.required == true {
        try unlink(relation, ids: targets, env: env)
      } else {
        try write(relation, ids: targets, [inverse: false], env: env)
      }
    } else {
      try setMany2Many(model, id, definition, removing: targets, env: env)
    }
  }

  private mutating func setMany2Many(
    _ model: String, _ id: Int, _ definition: FieldDefinition, adding: [Int] = [], removing: [Int] = [],
    replacingWith replacement: [Int]? = nil, env: CallEnvironment
  ) throws(OdooServerError) {
    guard var row = record(model, id) else { return }
    var current = replacement ?? (row[definition.name]?.arrayValue?.compactMap(\.intValue) ?? [])
    for target in adding where !current.contains(target) { current.append(target) }
    current.removeAll(where: removing.contains)
    row[definition.name] = .array(current.map(OdooValue.int))
    put(model, id, row)
  }
}
