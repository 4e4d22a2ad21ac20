import FarmacyDomain
import Foundation
import GRDB

/// An order as read from Odoo, ready to be stored.
package struct PulledOrder: Sendable, Hashable {
  /// Odoo's copy. Its `id` is only a placeholder unless `knownUUID` is set; the store keeps the
  /// local order's identity (and its lines') when it has the order.
  package var order: PurchaseOrder
  /// Odoo's `write_date`, as text.
  package var writeDate: String
  /// The local id carried by Odoo's external id, when the order was born here.
  package var knownUUID: UUID?

  package init(order: PurchaseOrder, writeDate: String, knownUUID: UUID? = nil) {
    self.order = order
    self.writeDate = writeDate
    self.knownUUID = knownUUID
  }
}

/// What the merge of an order edited on both sides decided.
package struct MergeDecision: Sendable {
  /// The order to keep locally: both sides' changes, local values where a conflict is open.
  package var merged: PurchaseOrder
  /// Conflicts a person must settle.
  package var open: [MergeConflict]
  /// Sentences for the audit trail: what was taken from Odoo and what a rule settled, and why.
  package var notes: [String]

  package init(merged: PurchaseOrder, open: [MergeConflict], notes: [String]) {
    self.merged = merged
    self.open = open
    self.notes = notes
  }
}

/// Counts of what a pull did to the local orders.
package struct PullOutcome: Sendable, Hashable {
  package var inserted = 0
  package var updated = 0
  package var unchanged = 0
  package var merged = 0
  /// Orders that now wait for a person.
  package var conflicted: [UUID] = []
  /// Orders left alone because a push of theirs was in flight.
  package var busy = 0

  package init() {}

  package static func += (lhs: inout PullOutcome, rhs: PullOutcome) {
    lhs.inserted += rhs.inserted
    lhs.updated += rhs.updated
    lhs.unchanged += rhs.unchanged
    lhs.merged += rhs.merged
    lhs.conflicted += rhs.conflicted
    lhs.busy += rhs.busy
  }
}

/// A conflict as stored, with its order.
package struct StoredConflict: Sendable, Hashable, Identifiable {
  package var id: Int64
  package var orderID: UUID
  package var reference: String
  package var conflict: MergeConflict
  package var isOpen: Bool
  package var resolution: MergeSide?
  package var resolvedBy: String?
  package var detectedAt: Date
}

// MARK: - Applying pulled orders and keeping conflicts

extension OrderStore {
  /// Stores one page of orders pulled from Odoo, in one transaction.
  ///
  /// An order not known here is inserted as in step. An order in step here is replaced by
  /// Odoo's copy when its `write_date` moved. An order with local changes not yet in Odoo is
  /// merged with `merge` against its base: one-sided changes are kept, the rest becomes open
  /// conflicts stored with Odoo's copy, and the order waits for a person (`conflict`). Orders
  /// with a push in flight are left for the next pull.
  package func applyPulled(
    _ pulled: [PulledOrder], actor: String, now: Date,
    merge: (_ base: PurchaseOrder, _ local: PurchaseOrder, _ remote: PurchaseOrder, _ localEditedAt: Date) -> MergeDecision
  ) throws -> PullOutcome {
    let nowMs = OrderRow.milliseconds(now)
    return try write { db in
      var outcome = PullOutcome()
      let insertOrder = try db.cachedStatement(sql: OrderRow.insertOrderSQL)
      let insertLine = try db.cachedStatement(sql: OrderRow.insertLineSQL)
      let knownOdooID = try db.cachedStatement(sql: "SELECT 1 FROM purchase_order WHERE odoo_id = ?")
      let awaiting = try Self.ordersAwaitingOdooID(db)
      for item in pulled {
        guard let odooID = item.order.odooID else { continue }
        // Most of a first pull is new: one index probe instead of loading an order.
        let isKnown = try Bool.fetchOne(knownOdooID, arguments: [odooID]) ?? false
        let local =
          try (isKnown ? Self.fetchStoredOrder(db, whereSQL: "odoo_id = ?", arguments: [odooID]) : nil)
          ?? (awaiting > 0 ? item.knownUUID.flatMap { try? Self.fetchStoredOrder(db, uuid: $0) } : nil)
        guard let local else {
          var order = item.order
          if let known = item.knownUUID { order.id = known }
          try insertOrder.execute(
            arguments: OrderRow.insertArguments(
              order, localReference: nil, revision: 1, syncStatus: .synced, remoteWriteDate: item.writeDate,
              nowMs: nowMs))
          let rowID = db.lastInsertedRowID
          for line in order.lines {
            try insertLine.execute(arguments: OrderRow.lineArguments(line, orderRowID: rowID))
          }
          try db.cachedStatement(sql: "INSERT INTO order_search (rowid, text) VALUES (?, ?)").execute(arguments: [
            rowID, SearchText.of(order, localReference: nil),
          ])
          outcome.inserted += 1
          continue
        }
        let remote = Self.adoptIdentity(of: item.order, from: local.order)
        let baseRow = try Row.fetchOne(
          db.cachedStatement(sql: "SELECT payload FROM base_snapshot WHERE order_id = ?"), arguments: [local.rowID])
        let storedBase = try baseRow.map { try SnapshotCoding.decode($0[0]) }
        // Odoo's write_date has whole seconds: the same date can hide a later change made in
        // the same second, so the content decides. Lines are compared by Odoo id: a line only
        // Odoo has gets a new uuid at every read, which is no change.
        // Without a base, `remote` is already the pulled order in the local order's identity.
        let reference = storedBase ?? local.order
        let comparable = storedBase.map { Self.adoptIdentity(of: item.order, from: $0) } ?? remote
        if local.order.odooID != nil && OrderChange.diff(from: reference, to: comparable).isEmpty {
          if local.info.remoteWriteDate != item.writeDate {
            try db.execute(
              sql: "UPDATE purchase_order SET remote_write_date = ? WHERE id = ?", arguments: [item.writeDate, local.rowID])
            try db.execute(
              sql: "UPDATE base_snapshot SET remote_write_date = ? WHERE order_id = ?", arguments: [item.writeDate, local.rowID])
          }
          outcome.unchanged += 1
          continue
        }
        let activeJobs =
          try Int.fetchOne(
            db.cachedStatement(
              sql: "SELECT count(*) FROM outbox_job WHERE order_id = ? AND state IN ('pending', 'deferred', 'in_flight', 'dead')"),
            arguments: [local.rowID]) ?? 0
        let inFlight =
          try Bool.fetchOne(
            db.cachedStatement(
              sql: "SELECT 1 FROM outbox_job WHERE order_id = ? AND state = 'in_flight' AND lease_expires_at_ms > ?"),
            arguments: [local.rowID, nowMs]) ?? false
        if inFlight || (local.order.odooID == nil && activeJobs > 0) {
          outcome.busy += 1
          continue
        }
        if activeJobs == 0 && local.info.syncStatus == .synced {
          try Self.overwrite(db, local, with: remote, status: .synced, revision: local.info.revision, nowMs: nowMs)
          try db.cachedStatement(sql: "UPDATE purchase_order SET remote_write_date = ? WHERE id = ?").execute(
            arguments: [item.writeDate, local.rowID])
          outcome.updated += 1
          continue
        }
        // Changed on both sides: three-way merge against the base.
        let base = storedBase ?? remote
        let editedAt = Self.date(
          ms: try Int64.fetchOne(db, sql: "SELECT updated_at_ms FROM purchase_order WHERE id = ?", arguments: [local.rowID])
            ?? nowMs)
        var decision = merge(base, local.order, remote, editedAt)
        if local.info.syncStatus == .conflict {
          decision.open = try Self.carryForward(
            db, orderRowID: local.rowID, open: decision.open, merged: decision.merged, remote: remote)
        }
        let revision = local.info.revision + 1
        let status: SyncStatus = decision.open.isEmpty ? (decision.merged == remote ? .synced : .pending) : .conflict
        try Self.overwrite(db, local, with: decision.merged, status: status, revision: revision, nowMs: nowMs)
        try db.cachedStatement(sql: "UPDATE purchase_order SET remote_write_date = ? WHERE id = ?").execute(
          arguments: [item.writeDate, local.rowID])
        try Self.putBase(db, orderRowID: local.rowID, order: remote, revision: revision, remoteWriteDate: item.writeDate, nowMs: nowMs)
        try db.execute(sql: "DELETE FROM conflict WHERE order_id = ? AND state = 'open'", arguments: [local.rowID])
        if decision.open.isEmpty {
          try db.execute(sql: "DELETE FROM remote_snapshot WHERE order_id = ?", arguments: [local.rowID])
          if status == .synced {
            try db.execute(sql: "DELETE FROM base_snapshot WHERE order_id = ?", arguments: [local.rowID])
          } else if activeJobs == 0 {
            _ = try Self.enqueue(
              db, orderRowID: local.rowID, order: decision.merged, kind: .update, revision: revision, nowMs: nowMs)
          }
          outcome.merged += 1
        } else {
          try db.execute(
            sql: """
              INSERT INTO remote_snapshot (order_id, remote_write_date, payload, taken_at_ms) VALUES (?, ?, ?, ?)
              ON CONFLICT(order_id) DO UPDATE SET remote_write_date = excluded.remote_write_date,
                payload = excluded.payload, taken_at_ms = excluded.taken_at_ms
              """, arguments: [local.rowID, item.writeDate, try SnapshotCoding.encode(remote), nowMs])
          for conflict in decision.open {
            try db.execute(
              sql: """
                INSERT INTO conflict (order_id, field, base_value, local_value, remote_value, state, detected_at_ms,
                  line_uuid, is_controlled)
                VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?)
                """,
              arguments: [
                local.rowID, conflict.field, conflict.base, conflict.local, conflict.remote, nowMs,
                conflict.lineID?.uuidString.lowercased(), conflict.isControlled,
              ])
          }
          outcome.conflicted.append(local.order.id)
        }
        try Self.appendAudit(
          db, at: nowMs, actor: actor, action: decision.open.isEmpty ? "sync.merged" : "sync.conflict_detected",
          orderRowID: local.rowID, order: decision.merged,
          summary: decision.open.isEmpty
            ? "\(local.order.reference): changes from both sides merged"
            : "\(local.order.reference): \(decision.open.count) conflict(s) wait for a manager: "
              + decision.open.map(\.field).joined(separator: ", "),
          details: [
            "notes": .array(decision.notes.map(JSONValue.string)),
            "conflicts": .array(decision.open.map(Self.json(of:))),
            "base": .string(try SnapshotCoding.encode(base)), "local": .string(try SnapshotCoding.encode(local.order)),
            "remote": .string(try SnapshotCoding.encode(remote)), "remote_write_date": .string(item.writeDate),
          ])
      }
      return outcome
    }
  }

  /// Orders born here that have no Odoo id yet (not pushed, or pushed without an answer).
  package func ordersAwaitingOdooID() throws -> Int {
    try read { db in try Self.ordersAwaitingOdooID(db) }
  }

  static func ordersAwaitingOdooID(_ db: Database) throws -> Int {
    try Int.fetchOne(db, sql: "SELECT count(*) FROM purchase_order WHERE odoo_id IS NULL") ?? 0
  }

  /// The Odoo ids of every order stored here that Odoo has named.
  package func storedOdooOrderIDs() throws -> Set<Int> {
    try read { db in Set(try Int.fetchAll(db, sql: "SELECT odoo_id FROM purchase_order WHERE odoo_id IS NOT NULL")) }
  }

  /// Handles orders deleted in Odoo: one in step here is removed (its history stays in the
  /// audit trail); one with local changes is kept and marked failed, for a person to decide.
  /// Returns how many were removed and how many kept.
  @discardableResult
  package func applyRemoteDeletions(odooIDs: [Int], actor: String, now: Date) throws -> (removed: Int, kept: Int) {
    let nowMs = OrderRow.milliseconds(now)
    return try write { db in
      var removed = 0
      var kept = 0
      for odooID in odooIDs {
        guard let local = try Self.fetchStoredOrder(db, whereSQL: "odoo_id = ?", arguments: [odooID]) else { continue }
        let active =
          try Int.fetchOne(
            db, sql: "SELECT count(*) FROM outbox_job WHERE order_id = ? AND state IN ('pending', 'deferred', 'in_flight', 'dead')",
            arguments: [local.rowID]) ?? 0
        if active == 0 && local.info.syncStatus == .synced {
          for table in ["outbox_job", "reservation", "saga"] {
            try db.execute(sql: "DELETE FROM \(table) WHERE order_id = ?", arguments: [local.rowID])
          }
          try db.execute(sql: "DELETE FROM order_search WHERE rowid = ?", arguments: [local.rowID])
          try db.execute(sql: "DELETE FROM purchase_order WHERE id = ?", arguments: [local.rowID])
          removed += 1
          try Self.appendAudit(
            db, at: nowMs, actor: actor, action: "sync.deleted_remotely", orderRowID: nil, order: local.order,
            summary: "\(local.order.reference) was deleted in Odoo and removed here",
            details: ["odoo_id": .int(Int64(odooID)), "order": .string(try SnapshotCoding.encode(local.order))])
        } else {
          try db.execute(sql: "UPDATE purchase_order SET sync_status = 'failed' WHERE id = ?", arguments: [local.rowID])
          kept += 1
          try Self.appendAudit(
            db, at: nowMs, actor: actor, action: "sync.deleted_remotely", orderRowID: local.rowID, order: local.order,
            summary: "\(local.order.reference) was deleted in Odoo but has local changes; kept here as failed",
            details: ["odoo_id": .int(Int64(odooID))])
        }
      }
      return (removed, kept)
    }
  }

  /// Conflicts, open ones only unless `includeResolved`, optionally for one order; oldest first.
  package func conflicts(orderID: UUID? = nil, includeResolved: Bool = false, limit: Int = 1_000) throws -> [StoredConflict] {
    try read { db in
      var conditions: [String] = []
      var arguments = StatementArguments()
      if !includeResolved { conditions.append("c.state = 'open'") }
      if let orderID {
        conditions.append("o.uuid = ?")
        arguments += [orderID.uuidString.lowercased()]
      }
      let whereSQL = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
      return try Row.fetchAll(
        db,
        sql: """
          SELECT c.id, o.uuid, o.reference, c.field, c.base_value, c.local_value, c.remote_value, c.line_uuid,
            c.is_controlled, c.state, c.resolution, c.resolved_by, c.detected_at_ms
          FROM conflict c JOIN purchase_order o ON o.id = c.order_id \(whereSQL) ORDER BY c.id LIMIT \(max(1, limit))
          """, arguments: arguments
      ).map { row in
        let uuidText: String = row[1]
        let lineText: String? = row[7]
        let stateText: String = row[9]
        let resolutionText: String? = row[10]
        return StoredConflict(
          id: row[0], orderID: UUID(uuidString: uuidText) ?? UUID(), reference: row[2],
          conflict: MergeConflict(
            field: row[3], lineID: lineText.flatMap(UUID.init(uuidString:)), base: row[4], local: row[5], remote: row[6],
            isControlled: row[8]),
          isOpen: stateText == "open", resolution: resolutionText.flatMap(MergeSide.init(rawValue:)), resolvedBy: row[11],
          detectedAt: Self.date(ms: row[12]))
      }
    }
  }

  /// Odoo's copy of an order in conflict, as it was when the conflict was found.
  package func remoteSnapshot(orderID: UUID) throws -> PurchaseOrder? {
    try read { db in
      try String.fetchOne(
        db,
        sql: "SELECT s.payload FROM remote_snapshot s JOIN purchase_order o ON o.id = s.order_id WHERE o.uuid = ?",
        arguments: [orderID.uuidString.lowercased()]
      ).map(SnapshotCoding.decode)
    }
  }

  /// The conflicts still open after Odoo changed an order that was already in conflict.
  ///
  /// The merge's base is then Odoo's copy from when the conflict was found, so a field Odoo did
  /// not touch again looks changed on this side only and would silently keep the local value:
  /// the question asked before is still open. Each earlier conflict the new merge did not find
  /// again stays open, unless both sides now hold the same value.
  private static func carryForward(
    _ db: Database, orderRowID: Int64, open: [MergeConflict], merged: PurchaseOrder, remote: PurchaseOrder
  ) throws -> [MergeConflict] {
    var result = open
    let rows = try Row.fetchAll(
      db.cachedStatement(
        sql: """
          SELECT field, base_value, local_value, remote_value, line_uuid, is_controlled FROM conflict
          WHERE order_id = ? AND state = 'open' ORDER BY id
          """), arguments: [orderRowID])
    for row in rows {
      let earlier = MergeConflict(
        field: row[0], lineID: (row[4] as String?).flatMap(UUID.init(uuidString:)), base: row[1], local: row[2],
        remote: row[3], isControlled: row[5])
      if result.contains(where: { $0.field == earlier.field && $0.lineID == earlier.lineID }) { continue }
      // Taking Odoo's side changes nothing: both sides agree now.
      if ThreeWayMerge.apply(earlier, from: remote, to: merged) == merged { continue }
      result.append(earlier)
    }
    return result
  }

  /// Settles an order's open conflicts: `resolved` is the order with each conflict's chosen side
  /// applied, `choices` the side picked per conflict field. The order is saved as a local edit
  /// and queued, so the chosen values are pushed; every choice goes to the audit trail with
  /// base, local and remote values. `keptBoth` names the lines added on both sides whose two
  /// copies were both kept. `settledRevision` is the order's revision when the copies `resolved`
  /// comes from were read: if a pull or an edit moved it since, nothing is written and
  /// ``ConcurrentEditError`` names the open conflicts, to be looked at again.
  @discardableResult
  package func resolveConflicts(
    orderID: UUID, resolved: PurchaseOrder, choices: [String: MergeSide], keptBoth: [String] = [],
    settledRevision: Int? = nil, actor: String, now: Date
  ) throws -> SavedOrder {
    let nowMs = OrderRow.milliseconds(now)
    return try write { db in
      guard let current = try Self.fetchStoredOrder(db, uuid: orderID) else {
        throw StoreError(code: .notFound, path: path, detail: "no order with id \(orderID)")
      }
      let open = try Row.fetchAll(
        db,
        sql: """
          SELECT id, field, base_value, local_value, remote_value FROM conflict WHERE order_id = ? AND state = 'open'
          ORDER BY id
          """, arguments: [current.rowID])
      // Settled from copies read at `settledRevision`: a pull or an edit since then would be
      // overwritten by a result built from the older copies.
      if let settledRevision, current.info.revision != settledRevision {
        throw ConcurrentEditError(reference: current.order.reference, fields: open.map { $0[1] as String })
      }
      guard !open.isEmpty else {
        throw StoreError(code: .notFound, path: path, detail: "\(current.order.reference) has no open conflict")
      }
      var order = resolved
      order.id = current.order.id
      let revision = current.info.revision + 1
      var decided: [JSONValue] = []
      let twinFields = Set(keptBoth.map { "lines[\($0)]." })
      for row in open {
        let field: String = row[1]
        let side = choices[field] ?? .local
        let keptTwice = twinFields.contains { field.hasPrefix($0) }
        try db.execute(
          sql: "UPDATE conflict SET state = 'resolved', resolution = ?, resolved_by = ?, resolved_at_ms = ? WHERE id = ?",
          arguments: [side.rawValue, actor, nowMs, row[0] as Int64])
        decided.append(
          .object([
            "field": .string(field), "base": (row[2] as String?).map(JSONValue.string) ?? .null,
            "local": (row[3] as String?).map(JSONValue.string) ?? .null,
            "remote": (row[4] as String?).map(JSONValue.string) ?? .null,
            "chosen": .string(keptTwice ? "both" : side.rawValue),
          ]))
      }
      try db.execute(
        sql: OrderRow.updateOrderSQL,
        arguments: OrderRow.updateArguments(order, rowID: current.rowID, revision: revision, syncStatus: .pending, nowMs: nowMs))
      try Self.replaceLines(db, of: current.rowID, with: order.lines)
      try Self.index(db, order, rowID: current.rowID, localReference: current.info.localReference)
      try db.execute(sql: "DELETE FROM remote_snapshot WHERE order_id = ?", arguments: [current.rowID])
      let jobID = try Self.enqueue(db, orderRowID: current.rowID, order: order, kind: .update, revision: revision, nowMs: nowMs)
      try Self.appendAudit(
        db, at: nowMs, actor: actor, action: "sync.conflict_resolved", orderRowID: current.rowID, order: order,
        summary: "\(order.reference): \(open.count) conflict(s) settled by \(actor)"
          + (keptBoth.isEmpty ? "" : "; both copies kept of line(s) \(keptBoth.joined(separator: ", "))"),
        details: [
          "choices": .array(decided), "kept_both": .array(keptBoth.map(JSONValue.string)), "job": .int(jobID),
          "revision": .int(Int64(revision)),
        ])
      return try savedOrder(db, id: order.id, jobID: jobID)
    }
  }

  // MARK: - Pieces

  /// Odoo's copy with the local order's identity: the same uuid, and each line the uuid of the
  /// local line with the same Odoo id.
  static func adoptIdentity(of remote: PurchaseOrder, from local: PurchaseOrder) -> PurchaseOrder {
    var adopted = remote
    adopted.id = local.id
    let localLines = Dictionary(
      local.lines.compactMap { line in line.odooID.map { ($0, line.id) } }, uniquingKeysWith: { first, _ in first })
    for index in adopted.lines.indices {
      if let odooID = adopted.lines[index].odooID, let uuid = localLines[odooID] { adopted.lines[index].id = uuid }
    }
    if adopted.reference.isEmpty { adopted.reference = local.reference }
    return adopted
  }

  static func overwrite(_ db: Database, _ local: FetchedOrder, with order: PurchaseOrder, status: SyncStatus, revision: Int, nowMs: Int64)
    throws
  {
    var order = order
    order.id = local.order.id
    try db.execute(
      sql: OrderRow.updateOrderSQL,
      arguments: OrderRow.updateArguments(order, rowID: local.rowID, revision: revision, syncStatus: status, nowMs: nowMs))
    try replaceLines(db, of: local.rowID, with: order.lines)
    try index(db, order, rowID: local.rowID, localReference: local.info.localReference)
  }

  static func json(of conflict: MergeConflict) -> JSONValue {
    .object([
      "field": .string(conflict.field), "base": conflict.base.map(JSONValue.string) ?? .null,
      "local": conflict.local.map(JSONValue.string) ?? .null, "remote": conflict.remote.map(JSONValue.string) ?? .null,
      "controlled": .bool(conflict.isControlled),
    ])
  }
}
