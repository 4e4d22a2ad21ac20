import Foundation

extension Database {
  /// `read`: one dictionary per record that exists, in the order of `ids`, with `id` always
  /// present. Missing ids are left out silently (odoo-api.md §3.2).
  ///
  /// - Parameters:
  ///   - fields: Field names; `nil` or empty means every field.
  ///   - classicRead: `load='_classic_read'`: many2one as `[id, "name"]`; otherwise the bare id.
  func read(_ model: String, ids: [Int], fields: [String]?, classicRead: Bool) throws(OdooServerError) -> [OdooValue] {
    guard let definition = schema[model] else { throw OdooServerError(.userError, "Object \(model) doesn't exist") }
    let names = (fields?.isEmpty ?? true) ? definition.fieldOrder : fields ?? []
    var definitions: [FieldDefinition] = []
    for name in names where name != "id" {
      definitions.append(try field(model, name))
    }
    var rows: [OdooValue] = []
    rows.reserveCapacity(ids.count)
    for id in ids where exists(model, id) {
      var row: [String: OdooValue] = ["id": .int(id)]
      for fieldDefinition in definitions {
        row[fieldDefinition.name] = readValue(model, id, fieldDefinition, classicRead: classicRead)
      }
      rows.append(.object(row))
    }
    return rows
  }

  /// `fields_get`: each field's description, limited to `attributes` when given.
  func fieldsGet(_ model: String, allFields: [String]?, attributes: [String]?) throws(OdooServerError) -> OdooValue {
    guard let definition = schema[model] else { throw OdooServerError(.userError, "Object \(model) doesn't exist") }
    var result: [String: OdooValue] = [:]
    for name in definition.fieldOrder {
      if let allFields, !allFields.isEmpty, !allFields.contains(name) { continue }
      guard let field = definition.fields[name] else { continue }
      var description: [String: OdooValue] = [
        "type": .string(field.type.rawValue),
        "string": .string(field.label),
        "required": .bool(field.required),
        "readonly": .bool(field.readonly),
        "store": .bool(field.store || field.type == .one2many),
        "searchable": true,
        "sortable": .bool(field.store && !field.type.isToMany),
        "name": .string(field.name),
        "manual": false,
        "company_dependent": .bool(field.name == "standard_price" || field.name.hasPrefix("property_")),
        "depends": .array([]),
        "exportable": true,
        "groupable": .bool(field.store),
      ]
      if let relation = field.relation {
        description["relation"] = .string(relation)
        description["context"] = .object([:])
        description["domain"] = .array([])
      }
      if let inverse = field.inverseName { description["relation_field"] = .string(inverse) }
      if field.type == .selection {
        description["selection"] = .array(field.selection.map { .array([.string($0.0), .string($0.1)]) })
      }
      if field.type == .monetary { description["currency_field"] = "currency_id" }
      if field.related != nil { description["related"] = .string(field.related?.joined(separator: ".") ?? "") }
      if let attributes, !attributes.isEmpty {
        description = description.filter { attributes.contains($0.key) }
      }
      result[name] = .object(description)
    }
    return .object(result)
  }

  /// `name_search`: `[[id, display_name], …]` of records whose searchable names match.
  func nameSearch(
    _ model: String, name: String, domain: Domain, op: Domain.Operator, limit: Int?, env: CallEnvironment
  ) throws(OdooServerError) -> OdooValue {
    guard let definition = schema[model] else { throw OdooServerError(.userError, "Object \(model) doesn't exist") }
    var full = domain
    if !name.isEmpty || op != .iLike {
      let nameTerms = definition.recNamesSearch.map { Domain.leaf(path: [$0], op: op, value: .string(name)) }
      let nameDomain: Domain = nameTerms.count == 1 ? nameTerms[0] : (op.isNegative ? .and(nameTerms) : .or(nameTerms))
      full = .and([domain, nameDomain])
    }
    let ids = try search(model, domain: full, order: nil, limit: limit, env: env)
    return .array(ids.map { .array([.int($0), .string(displayName(model, $0))]) })
  }

  /// `default_get`: the values a new record would start with, for the fields asked.
  func defaultGet(_ model: String, fields: [String], env: CallEnvironment) throws(OdooServerError) -> OdooValue {
    let defaults = defaultValues(model, env: env)
    var result: [String: OdooValue] = [:]
    for name in fields {
      let definition = try field(model, name)
      guard let value = defaults[name] else { continue }
      result[name] = readValueFromStored(value, definition: definition)
    }
    return .object(result)
  }

  private func readValueFromStored(_ value: OdooValue, definition: FieldDefinition) -> OdooValue {
    switch definition.type {
    case .many2one: value.intValue.map(OdooValue.int) ?? .bool(false)
    default: value == .null ? .bool(false) : value
    }
  }
}
