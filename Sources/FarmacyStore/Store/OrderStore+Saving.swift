import FarmacyDomain
import Foundation
import GRDB

/// The result of a local save: the order as stored, and the outbox job that will push it.
package struct SavedOrder: Hashable, Sendable {
  package var order: PurchaseOrder
  package var info: StoredOrderInfo
  package var jobID: Int64
}

// MARK: - Local edits: order + lines + outbox job + audit row, in one transaction

extension OrderStore {
  /// Saves a new or locally edited order and queues it for upload.
  ///
  /// The order, its lines, an outbox job, the search index and an audit row are written in one
  /// transaction: after a crash the database holds all of them or none. The order's revision is
  /// bumped and its sync status becomes `pending` (a `conflict` stays a conflict). When an order
  /// that was in step with Odoo is edited for the first time, its previous state is kept as the
  /// base snapshot for a later three-way merge.
  ///
  /// When `base` is given and the stored order has changed since it was read (a pull merged a
  /// change from Odoo, a push recorded Odoo's ids, another session saved), the edit is merged
  /// three ways onto what is stored now: what only the person changed is applied, what only the
  /// other side changed is kept. When both changed the same field to different values nothing is
  /// written and ``ConcurrentEditError`` names those fields, so no change is lost silently.
  ///
  /// - Parameters:
  ///   - order: The order as the person left it. A new order gets a local reference (`L00001`).
  ///   - base: The order as it was read when the edit began; `nil` saves `order` as it is.
  ///   - actor: Who made the change, for the audit trail.
  ///   - now: The time of the change.
  /// - Returns: The stored order, its bookkeeping and the id of the queued job.
  /// - Throws: ``OrderValidationError`` naming each broken rule (nothing is written),
  ///   ``ConcurrentEditError``, or ``StoreError``.
  @discardableResult
  package func saveOrder(_ order: PurchaseOrder, editedFrom base: PurchaseOrder? = nil, actor: String, now: Date)
    throws -> SavedOrder
  {
    try write { db in
      let nowMs = OrderRow.milliseconds(now)
      var order = order
      if let previous = try Self.fetchStoredOrder(db, uuid: order.id) {
        var mergedMeanwhile = false
        if let base, base != previous.order {
          let merge = ThreeWayMerge.merge(base: base, local: order, remote: previous.order)
          guard merge.conflicts.isEmpty else {
            throw ConcurrentEditError(reference: previous.order.reference, fields: merge.conflicts.map(\.field))
          }
          order = merge.merged
          mergedMeanwhile = true
        }
        let issues = order.validateEdit(from: previous.order)
        guard issues.isEmpty else { throw OrderValidationError(issues: issues) }
        order.odooID = order.odooID ?? previous.order.odooID
        if order.reference.isEmpty { order.reference = previous.order.reference }
        let changes = OrderChange.diff(from: previous.order, to: order)
        guard !changes.isEmpty else {
          throw OrderValidationError(issues: [
            ValidationIssue(field: "order", rule: .invalidValue, message: "nothing changed")
          ])
        }
        try Self.snapshotBaseIfInSync(db, previous, nowMs: nowMs)
        let revision = previous.info.revision + 1
        let status: SyncStatus = previous.info.syncStatus == .conflict ? .conflict : .pending
        try db.execute(
          sql: OrderRow.updateOrderSQL,
          arguments: OrderRow.updateArguments(
            order, rowID: previous.rowID, revision: revision, syncStatus: status, nowMs: nowMs))
        try Self.replaceLines(db, of: previous.rowID, with: order.lines)
        try Self.index(db, order, rowID: previous.rowID, localReference: previous.info.localReference)
        let kind: OutboxJob.Kind = order.odooID == nil ? .create : .update
        let jobID = try Self.enqueue(db, orderRowID: previous.rowID, order: order, kind: kind, revision: revision, nowMs: nowMs)
        var details: [String: JSONValue] = [
          "changes": .array(changes.map(\.json)), "revision": .int(Int64(revision)), "job": .int(jobID),
        ]
        if mergedMeanwhile { details["merged_with_changes_made_meanwhile"] = .bool(true) }
        try Self.appendAudit(
          db, at: nowMs, actor: actor, action: "order.updated", orderRowID: previous.rowID, order: order,
          summary: "\(order.reference): " + changes.map(\.field).joined(separator: ", "),
          details: details)
        return try savedOrder(db, id: order.id, jobID: jobID)
      }

      var issues = order.validate()
      if order.state != .draft && order.state != .sent {
        issues.append(
          ValidationIssue(
            field: "state", rule: .invalidValue, message: "a new order starts as an RFQ (draft), not \(order.state.label)"))
      }
      guard issues.isEmpty else { throw OrderValidationError(issues: issues) }
      let localReference = try Self.nextLocalReference(db)
      if order.reference.isEmpty { order.reference = localReference }
      try db.execute(
        sql: OrderRow.insertOrderSQL,
        arguments: OrderRow.insertArguments(
          order, localReference: localReference, revision: 1, syncStatus: .pending, remoteWriteDate: nil, nowMs: nowMs))
      let rowID = db.lastInsertedRowID
      for line in order.lines {
        try db.execute(sql: OrderRow.insertLineSQL, arguments: OrderRow.lineArguments(line, orderRowID: rowID))
      }
      try Self.index(db, order, rowID: rowID, localReference: localReference)
      let jobID = try Self.enqueue(
        db, orderRowID: rowID, order: order, kind: order.odooID == nil ? .create : .update, revision: 1, nowMs: nowMs)
      try Self.appendAudit(
        db, at: nowMs, actor: actor, action: "order.created", orderRowID: rowID, order: order,
        summary: "\(order.reference) created for \(order.vendorName) with \(order.lines.count) line(s)",
        details: [
          "vendor": .string(order.vendorName), "lines": .int(Int64(order.lines.count)),
          "total": .string(order.totals.total.decimalString), "job": .int(jobID),
        ])
      return try savedOrder(db, id: order.id, jobID: jobID)
    }
  }

  /// Takes a workflow step (confirm, cancel…) on an order and queues it for Odoo.
  ///
  /// Like ``saveOrder(_:actor:now:)``, the new state, the outbox job and the audit row are one
  /// transaction.
  ///
  /// - Throws: ``WorkflowError`` when the step does not apply (nothing is written),
  ///   ``StoreError`` `.notFound` when there is no such order.
  @discardableResult
  package func perform(
    _ action: OrderAction, orderID: UUID, policy: WorkflowPolicy = .standard, actor: String, now: Date
  ) throws -> SavedOrder {
    try write { db in
      guard let previous = try Self.fetchStoredOrder(db, uuid: orderID) else {
        throw StoreError(code: .notFound, path: path, detail: "no order with id \(orderID)")
      }
      let order = try previous.order.applying(action, policy: policy, now: now)
      let nowMs = OrderRow.milliseconds(now)
      try Self.snapshotBaseIfInSync(db, previous, nowMs: nowMs)
      let revision = previous.info.revision + 1
      let status: SyncStatus = previous.info.syncStatus == .conflict ? .conflict : .pending
      try db.execute(
        sql: OrderRow.updateOrderSQL,
        arguments: OrderRow.updateArguments(order, rowID: previous.rowID, revision: revision, syncStatus: status, nowMs: nowMs))
      let jobID = try Self.enqueue(
        db, orderRowID: previous.rowID, order: order, kind: .action, action: action, revision: revision, nowMs: nowMs)
      try Self.appendAudit(
        db, at: nowMs, actor: actor, action: "order.\(action.rawValue)", orderRowID: previous.rowID, order: order,
        summary: "\(order.reference): \(previous.order.state.label) → \(order.state.label)",
        details: [
          "from": .string(previous.order.state.slug), "to": .string(order.state.slug), "job": .int(jobID),
        ])
      return try savedOrder(db, id: order.id, jobID: jobID)
    }
  }

  // MARK: - Pieces of the save transaction

  struct FetchedOrder {
    var rowID: Int64
    var order: PurchaseOrder
    var info: StoredOrderInfo
  }

  /// The order as it now stands in the store (times to the millisecond, as kept), with the job
  /// just queued: what a save returns, so a later edit starts from exactly what is stored.
  func savedOrder(_ db: Database, id: UUID, jobID: Int64) throws -> SavedOrder {
    guard let stored = try Self.fetchStoredOrder(db, uuid: id) else {
      throw StoreError(code: .notFound, path: path, detail: "order \(id) vanished while it was saved")
    }
    return SavedOrder(order: stored.order, info: stored.info, jobID: jobID)
  }

  static func fetchStoredOrder(_ db: Database, uuid: UUID) throws -> FetchedOrder? {
    try fetchStoredOrder(db, whereSQL: "uuid = ?", arguments: [uuid.uuidString.lowercased()])
  }

  static func fetchStoredOrder(_ db: Database, whereSQL: String, arguments: StatementArguments) throws -> FetchedOrder? {
    let statement = try db.cachedStatement(
      sql: "SELECT \(OrderRow.orderColumns) FROM purchase_order WHERE \(whereSQL) LIMIT 1")
    guard let row = try Row.fetchOne(statement, arguments: arguments) else { return nil }
    var (rowID, order, info) = try OrderRow.order(from: row)
    order.lines = try Row.fetchAll(
      db.cachedStatement(sql: "SELECT \(OrderRow.lineColumns) FROM order_line WHERE order_id = ? ORDER BY sequence, id"),
      arguments: [rowID]
    ).map(OrderRow.line(from:))
    return FetchedOrder(rowID: rowID, order: order, info: info)
  }

  /// Keeps the last state agreed with Odoo before the first local change after a sync.
  private static func snapshotBaseIfInSync(_ db: Database, _ previous: FetchedOrder, nowMs: Int64) throws {
    guard previous.info.syncStatus == .synced, previous.order.odooID != nil else { return }
    try db.cachedStatement(
      sql: """
        INSERT INTO base_snapshot (order_id, revision, remote_write_date, payload, taken_at_ms) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT(order_id) DO NOTHING
        """
    ).execute(
      arguments: [
        previous.rowID, previous.info.revision, previous.info.remoteWriteDate, try SnapshotCoding.encode(previous.order),
        nowMs,
      ])
  }

  /// Makes the stored lines of an order exactly `lines`: updates kept ones, inserts new ones,
  /// deletes the rest.
  static func replaceLines(_ db: Database, of orderRowID: Int64, with lines: [OrderLine]) throws {
    try db.cachedStatement(
      sql: "DELETE FROM order_line WHERE order_id = ? AND uuid NOT IN (SELECT value FROM json_each(?))"
    ).execute(arguments: [orderRowID, jsonArray(lines.map(\.id))])
    let upsert = try db.cachedStatement(
      sql: OrderRow.insertLineSQL + """
         ON CONFLICT(order_id, uuid) DO UPDATE SET odoo_id = excluded.odoo_id, sequence = excluded.sequence,
          product_id = excluded.product_id, product_code = excluded.product_code, description = excluded.description,
          quantity_milli = excluded.quantity_milli, unit = excluded.unit, unit_price_minor = excluded.unit_price_minor,
          discount_bp = excluded.discount_bp, tax_rate_bp = excluded.tax_rate_bp, date_planned = excluded.date_planned,
          is_controlled = excluded.is_controlled, subtotal_minor = excluded.subtotal_minor
        """)
    for line in lines {
      try upsert.execute(arguments: OrderRow.lineArguments(line, orderRowID: orderRowID))
    }
  }

  /// Rewrites the order's row in the search index.
  static func index(_ db: Database, _ order: PurchaseOrder, rowID: Int64, localReference: String?) throws {
    try db.cachedStatement(sql: "DELETE FROM order_search WHERE rowid = ?").execute(arguments: [rowID])
    try db.cachedStatement(sql: "INSERT INTO order_search (rowid, text) VALUES (?, ?)").execute(arguments: [
      rowID, SearchText.of(order, localReference: localReference),
    ])
  }

  static func enqueue(
    _ db: Database, orderRowID: Int64, order: PurchaseOrder, kind: OutboxJob.Kind, action: OrderAction? = nil,
    revision: Int, nowMs: Int64
  ) throws -> Int64 {
    try db.cachedStatement(
      sql: """
        INSERT INTO outbox_job (order_id, order_uuid, kind, action, revision, priority, state, next_attempt_at_ms,
          created_at_ms, updated_at_ms)
        VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)
        """
    ).execute(arguments: [
      orderRowID, order.id.uuidString.lowercased(), kind.rawValue, action?.rawValue, revision,
      order.priority == .urgent ? 1 : 0, nowMs, nowMs, nowMs,
    ])
    return db.lastInsertedRowID
  }

  static func appendAudit(
    _ db: Database, at nowMs: Int64, actor: String, action: String, orderRowID: Int64?, order: PurchaseOrder?,
    summary: String, details: [String: JSONValue]
  ) throws {
    try db.cachedStatement(
      sql: """
        INSERT INTO audit_log (at_ms, actor, action, order_id, order_uuid, summary, details)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """
    ).execute(arguments: [
      nowMs, actor, action, orderRowID, order?.id.uuidString.lowercased(), summary,
      JSONValue.object(details).serialized,
    ])
  }

  /// The next local reference, `L00001`, `L00002`…, never reused.
  static func nextLocalReference(_ db: Database) throws -> String {
    let next =
      try Int64.fetchOne(
        db,
        sql: """
          INSERT INTO local_sequence (name, next_value) VALUES ('order', 2)
          ON CONFLICT(name) DO UPDATE SET next_value = next_value + 1
          RETURNING next_value - 1
          """) ?? 1
    return String(format: "L%05lld", next)
  }
}

/// An edit could not be saved because the order changed in the same fields while it was being
/// edited. Nothing was written.
package struct ConcurrentEditError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The order's reference as stored now.
  package var reference: String
  /// The fields changed on both sides, named as in merge conflicts (`notes`, `lines[TAB-00042].quantity`).
  package var fields: [String]

  package init(reference: String, fields: [String]) {
    self.reference = reference
    self.fields = fields
  }

  package var description: String {
    let names = fields.prefix(4).joined(separator: ", ") + (fields.count > 4 ? " and \(fields.count - 4) more" : "")
    return "\(reference) changed while you were editing it (\(names)); your edit was not saved. "
      + "Look at the order again and repeat the edit."
  }
}
