import FarmacyDomain
import Foundation

/// A record's stored values by field name, in the simulator's internal form (see
/// ``Database``).
package typealias StoredRecord = [String: OdooValue]

/// Who is calling and when: Odoo's `env` (user, context) plus the transaction's start time.
package struct CallEnvironment: Sendable {
  package var uid: Int
  package var role: UserRole
  /// The transaction time (`cr.now()`): every `write_date` of the call gets this value.
  package var now: Date
  package var context: [String: OdooValue] = [:]
  /// `sudo()`: skips access checks, for the server's own bookkeeping.
  package var superuser = false

  package init(uid: Int, role: UserRole, now: Date, context: [String: OdooValue] = [:], superuser: Bool = false) {
    self.uid = uid
    self.role = role
    self.now = now
    self.context = context
    self.superuser = superuser
  }

  /// `active_test` from the context (true unless the caller said false).
  var activeTest: Bool { context["active_test"].map { $0.isTruthy } ?? true }

  func sudo() -> CallEnvironment {
    var copy = self
    copy.superuser = true
    return copy
  }
}

/// The simulated database: every table, the ORM's rules and the purchase flow, as one value.
///
/// `Database` is a plain struct with no locks and no clock; ``OdooEngine`` owns one, serialises
/// calls to it and passes each call's time in. That keeps every rule testable by value.
///
/// Values are stored in an internal form close to what PostgreSQL would hold: text as
/// `.string` (or `.null`), numbers as `.int`/`.double`, datetimes as `.dateTime` with their
/// microseconds, many2one as the target id, many2many as an array of ids. One2many fields are
/// not stored at all; they are read from an index over the comodel's many2one.
///
/// Each call runs as a transaction: ``transaction(_:)`` journals the previous value of every
/// record it touches and puts them all back if the call throws, as a PostgreSQL rollback does.
/// Id sequences are not rolled back, as PostgreSQL sequences are not.
package struct Database: Sendable {
  package let schema: Schema
  package var version: OdooVersion { schema.version }
  private(set) var tables: [String: [Int: StoredRecord]] = [:]
  private(set) var nextIDs: [String: Int] = [:]
  /// `"comodel.field"` → target id → ids of the records pointing at it.
  private var inverseIndex: [String: [Int: Set<Int>]] = [:]
  /// External ids: `"module.name"` → `ir.model.data` id.
  private var xmlidIndex: [String: Int] = [:]
  /// External ids by the record they name: `res_id` → `ir.model.data` ids (PostgreSQL's
  /// index on `ir_model_data (model, res_id)`).
  private var xmlidsByResID: [Int: Set<Int>] = [:]
  /// The undo journal of the running transaction, oldest first.
  private var journal: [(model: String, id: Int, previous: StoredRecord?)]?
  /// The next number of the `purchase.order` sequence (`P00001`).
  package var nextOrderNumber = 1

  package init(version: OdooVersion) {
    schema = Schema(version: version)
    for name in schema.models.keys {
      tables[name] = [:]
      nextIDs[name] = 1
    }
  }

  // MARK: - Raw access

  package func record(_ model: String, _ id: Int) -> StoredRecord? { tables[model]?[id] }

  package func ids(_ model: String) -> [Int] { (tables[model]?.keys).map { Array($0).sorted() } ?? [] }

  package func count(_ model: String) -> Int { tables[model]?.count ?? 0 }

  func exists(_ model: String, _ id: Int) -> Bool { tables[model]?[id] != nil }

  /// Ids of the external ids whose `res_id` is `resID`, whatever their model.
  func xmlids(resID: Int) -> Set<Int> { xmlidsByResID[resID] ?? [] }

  /// Ids of `model` records whose many2one `field` points at `target`, when that field is
  /// indexed.
  func referrers(_ model: String, field: String, target: Int) -> Set<Int>? {
    inverseIndex["\(model).\(field)"].map { $0[target] ?? [] }
  }

  /// Takes the next id of `model`'s sequence.
  mutating func nextID(_ model: String) -> Int {
    let id = nextIDs[model, default: 1]
    nextIDs[model] = id + 1
    return id
  }

  /// Makes sure the sequence of `model` continues after `id` (for seeding with fixed ids).
  mutating func reserveID(_ model: String, _ id: Int) {
    if nextIDs[model, default: 1] <= id { nextIDs[model] = id + 1 }
  }

  /// Stores (or, with `nil`, deletes) a record, keeping the indexes and the journal right.
  ///
  /// Every change to a table goes through here; that is what makes rollback complete.
  mutating func put(_ model: String, _ id: Int, _ record: StoredRecord?) {
    let previous = tables[model]?[id]
    if journal != nil { journal?.append((model, id, previous)) }
    reindex(model, id, from: previous, to: record)
    tables[model, default: [:]][id] = record
  }

  private mutating func reindex(_ model: String, _ id: Int, from previous: StoredRecord?, to next: StoredRecord?) {
    for key in schema.indexedInverses where key.hasPrefix(model + ".") {
      let field = String(key.dropFirst(model.count + 1))
      let old = previous?[field]?.intValue
      let new = next?[field]?.intValue
      guard old != new else { continue }
      if let old { inverseIndex[key, default: [:]][old]?.remove(id) }
      if let new { inverseIndex[key, default: [:]][new, default: []].insert(id) }
    }
    if model == "ir.model.data" {
      if let previous, let key = Self.xmlidKey(previous) { xmlidIndex[key] = nil }
      if let next, let key = Self.xmlidKey(next) { xmlidIndex[key] = id }
      let oldResID = previous?["res_id"]?.intValue
      let newResID = next?["res_id"]?.intValue
      if oldResID != newResID || previous == nil || next == nil {
        if let oldResID { xmlidsByResID[oldResID]?.remove(id) }
        if let newResID { xmlidsByResID[newResID, default: []].insert(id) }
      }
    }
  }

  private static func xmlidKey(_ record: StoredRecord) -> String? {
    guard let module = record["module"]?.stringValue, let name = record["name"]?.stringValue else { return nil }
    return module + "." + name
  }

  /// Runs `body` as one transaction: if it throws, every record it changed is put back.
  mutating func transaction<T>(_ body: (inout Database) throws(OdooServerError) -> T) throws(OdooServerError) -> T {
    precondition(journal == nil, "transactions do not nest")
    journal = []
    do {
      let result = try body(&self)
      journal = nil
      return result
    } catch {
      rollback()
      throw error
    }
  }

  /// Runs `body` in a savepoint: if it throws, only its own changes are undone and the error
  /// is returned, so that the caller's transaction goes on (`load` reports errors as messages).
  mutating func savepoint<T>(_ body: (inout Database) throws(OdooServerError) -> T) -> Result<T, OdooServerError> {
    let mark = journal?.count ?? 0
    do {
      return .success(try body(&self))
    } catch {
      rollback(to: mark)
      return .failure(error)
    }
  }

  private mutating func rollback() {
    rollback(to: 0)
    journal = nil
  }

  private mutating func rollback(to mark: Int) {
    guard let entries = journal, entries.count > mark else { return }
    journal = Array(entries.prefix(mark))
    for entry in entries[mark...].reversed() {
      let current = tables[entry.model]?[entry.id]
      reindex(entry.model, entry.id, from: current, to: entry.previous)
      tables[entry.model, default: [:]][entry.id] = entry.previous
    }
  }

  // MARK: - External ids

  /// The `(model, res_id)` an external id points at; `module.name`, or `name` in `__import__`.
  package func resolveXMLID(_ xmlid: String) -> (model: String, id: Int)? {
    let key = xmlid.contains(".") ? xmlid : "__import__." + xmlid
    guard let dataID = xmlidIndex[key], let row = record("ir.model.data", dataID),
      let model = row["model"]?.stringValue, let resID = row["res_id"]?.intValue,
      exists(model, resID)
    else { return nil }
    return (model, resID)
  }

  /// Creates or repoints the external id `xmlid` (module defaulting to `__import__`).
  mutating func bindXMLID(_ xmlid: String, model: String, id: Int, now: Date, uid: Int) {
    let parts = xmlid.split(separator: ".", maxSplits: 1).map(String.init)
    let (module, name) = parts.count == 2 ? (parts[0], parts[1]) : ("__import__", xmlid)
    let key = module + "." + name
    if let dataID = xmlidIndex[key], var row = record("ir.model.data", dataID) {
      row["model"] = .string(model)
      row["res_id"] = .int(id)
      row["write_date"] = .dateTime(now)
      row["write_uid"] = .int(uid)
      put("ir.model.data", dataID, row)
      return
    }
    let dataID = nextID("ir.model.data")
    put(
      "ir.model.data", dataID,
      [
        "id": .int(dataID), "module": .string(module), "name": .string(name), "model": .string(model),
        "res_id": .int(id), "noupdate": .bool(false), "complete_name": .string(key),
        "create_date": .dateTime(now), "write_date": .dateTime(now), "create_uid": .int(uid), "write_uid": .int(uid),
      ])
  }

  /// Deletes the external ids of records that are being deleted, as `unlink` does.
  mutating func dropXMLIDs(model: String, ids: Set<Int>) {
    guard !ids.isEmpty else { return }
    for (dataID, row) in tables["ir.model.data"] ?? [:]
    where row["model"]?.stringValue == model && (row["res_id"]?.intValue).map(ids.contains) == true {
      put("ir.model.data", dataID, nil)
    }
  }

  /// Every external id pointing at `model`/`id`.
  package func xmlids(model: String, id: Int) -> [String] {
    (tables["ir.model.data"] ?? [:]).values
      .filter { $0["model"]?.stringValue == model && $0["res_id"]?.intValue == id }
      .compactMap { Self.xmlidKey($0) }.sorted()
  }
}
