import Foundation

/// Saves and restores a simulator's database as JSON (`--state FILE`).
///
/// Datetimes are written as `{"$datetime": seconds}` so that their microseconds survive; every
/// other value is plain JSON. The users, keys and settings are not saved: they come from the
/// flags, as they would from Odoo's configuration.
package enum StateFile {
  /// Writes the engine's database to `path` (atomically).
  package static func save(_ engine: OdooEngine, to path: String) throws {
    let state = engine.withDatabase { $0.exportState() }
    try Data(JSONCodec.encode(state)).write(to: URL(fileURLWithPath: path), options: .atomic)
  }

  /// Replaces the engine's database with the one saved at `path`.
  package static func load(_ engine: OdooEngine, from path: String) throws {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let value = try JSONCodec.parse(Array(data))
    try engine.restore(value)
  }
}

extension Database {
  /// Every table, the id sequences and the order numbering, as JSON.
  func exportState() -> OdooValue {
    func tag(_ value: OdooValue) -> OdooValue {
      switch value {
      case .dateTime(let date): ["$datetime": .double(date.timeIntervalSince1970)]
      case .array(let items): .array(items.map(tag))
      default: value
      }
    }
    var tables: [String: OdooValue] = [:]
    for model in schema.models.keys.sorted() {
      tables[model] = .array(ids(model).compactMap { id in record(model, id).map { .object($0.mapValues(tag)) } })
    }
    return [
      "format": 1, "version": .string(version.rawValue), "next_order_number": .int(nextOrderNumber),
      "next_ids": .object(nextIDs.mapValues(OdooValue.int)), "tables": .object(tables),
    ]
  }

  /// A database holding the exported state.
  static func restoring(_ state: OdooValue) throws(OdooServerError) -> Database {
    guard let versionText = state["version"]?.stringValue, let version = OdooVersion(rawValue: versionText),
      case .object(let tables) = state["tables"] ?? .null
    else { throw OdooServerError(.valueError, "not a simulator state file") }
    func untag(_ value: OdooValue) -> OdooValue {
      switch value {
      case .object(let members) where members.count == 1 && members["$datetime"] != nil:
        .dateTime(Date(timeIntervalSince1970: members["$datetime"]?.doubleValue ?? 0))
      case .array(let items): .array(items.map(untag))
      default: value
      }
    }
    var database = Database(version: version)
    for (model, rows) in tables where database.schema[model] != nil {
      for row in rows.arrayValue ?? [] {
        guard case .object(let members) = row, let id = members["id"]?.intValue else { continue }
        database.put(model, id, members.mapValues(untag))
        database.reserveID(model, id)
      }
    }
    for (model, next) in state["next_ids"]?.objectValue ?? [:] {
      if let next = next.intValue { database.reserveID(model, next - 1) }
    }
    database.nextOrderNumber = state["next_order_number"]?.intValue ?? 1
    return database
  }
}
