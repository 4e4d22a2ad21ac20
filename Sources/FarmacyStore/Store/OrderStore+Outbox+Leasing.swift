import FarmacyDomain
import Foundation
import GRDB

/// Work the sync engine has leased: every ready job of one order, oldest first, with the order
/// as it is now and the base it was last agreed on with Odoo.
package struct LeasedWork: Sendable, Hashable {
  package var orderID: UUID
  /// The engine that leased the jobs; only it may finish them, while it still holds them.
  package var owner: String
  package var jobs: [OutboxJob]
  package var order: StoredOrder
  package var base: PurchaseOrder?
  /// The base's Odoo `write_date`, to tell whether Odoo moved since.
  package var baseRemoteWriteDate: String?
  /// Some job was left in flight by an engine that stopped (crash, kill): its outcome is unknown.
  package var wasInterrupted: Bool

  /// The workflow steps queued, in the order they were taken.
  package var actions: [OrderAction] { jobs.compactMap { $0.kind == .action ? $0.action : nil } }
  /// The highest attempt count among the jobs (each lease counts as an attempt).
  package var attempts: Int { jobs.map(\.attempts).max() ?? 0 }
  /// True when a create may already have reached Odoo: retried, or interrupted.
  package var createIsUncertain: Bool { order.order.odooID == nil && (attempts > 1 || wasInterrupted) }
}

// MARK: - Leasing, completing and failing outbox work

extension OrderStore {
  /// Leases the ready work of up to `limit` orders to `owner` until `now + leaseFor`.
  ///
  /// An order is ready when its oldest unfinished job is due, none of its jobs is leased by a
  /// live owner, it has no dead job (later jobs wait for a person, so edits stay in order) and no
  /// open conflict. Jobs left in flight by an owner whose lease expired are taken over and the
  /// work is marked interrupted. Every job of a leased order is leased together, so pending
  /// edits to one order are pushed as one. Higher priority first, then oldest.
  package func leaseWork(owner: String, now: Date, leaseFor: Duration, limit: Int) throws -> [LeasedWork] {
    let nowMs = OrderRow.milliseconds(now)
    let untilMs = nowMs + Self.milliseconds(leaseFor)
    return try write { db in
      let orderRowIDs = try Int64.fetchAll(
        db,
        sql: """
          SELECT j.order_id FROM outbox_job j
          WHERE j.state IN ('pending', 'deferred', 'in_flight')
          GROUP BY j.order_id
          HAVING sum(j.state = 'in_flight' AND j.lease_expires_at_ms > :now) = 0
            AND min(CASE WHEN j.state = 'in_flight' THEN 0 ELSE j.next_attempt_at_ms END) <= :now
            AND max(CASE WHEN j.state = 'deferred' THEN j.next_attempt_at_ms ELSE 0 END) <= :now
            AND j.order_id NOT IN (SELECT order_id FROM outbox_job WHERE state = 'dead')
            AND j.order_id NOT IN (SELECT id FROM purchase_order WHERE sync_status = 'conflict')
          ORDER BY max(j.priority) DESC, min(j.id)
          LIMIT :limit
          """, arguments: ["now": nowMs, "limit": max(1, limit)])
      var work: [LeasedWork] = []
      for rowID in orderRowIDs {
        let interrupted =
          try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT 1 FROM outbox_job WHERE order_id = ? AND state = 'in_flight' LIMIT 1"),
            arguments: [rowID])
          ?? false
        try db.cachedStatement(
          sql: """
            UPDATE outbox_job SET state = 'in_flight', lease_owner = ?, lease_expires_at_ms = ?, attempts = attempts + 1,
              updated_at_ms = ?
            WHERE order_id = ? AND state IN ('pending', 'deferred', 'in_flight')
            """
        ).execute(arguments: [owner, untilMs, nowMs, rowID])
        guard let fetched = try Self.fetchStoredOrder(db, whereSQL: "id = ?", arguments: [rowID]) else { continue }
        let jobs = try Self.jobs(db, whereSQL: "j.order_id = ? AND j.state = 'in_flight' AND j.lease_owner = ?", [rowID, owner])
        let baseRow = try Row.fetchOne(
          db.cachedStatement(sql: "SELECT payload, remote_write_date FROM base_snapshot WHERE order_id = ?"),
          arguments: [rowID])
        let base = try baseRow.map { try SnapshotCoding.decode($0[0]) }
        work.append(
          LeasedWork(
            orderID: fetched.order.id, owner: owner, jobs: jobs, order: StoredOrder(order: fetched.order, info: fetched.info),
            base: base, baseRemoteWriteDate: baseRow?[1] ?? fetched.info.remoteWriteDate, wasInterrupted: interrupted))
      }
      return work
    }
  }

  /// Makes every in-flight job not leased by `owner` available again at once, and returns how
  /// many. Only the holder of the engine lease leases jobs, so when `owner` has just taken the
  /// engine lease, such jobs belong to an engine that stopped (killed, crashed) without
  /// finishing them. Their attempts stay counted and the next lease marks them interrupted.
  @discardableResult
  package func reclaimInFlightJobs(exceptOwner owner: String) throws -> Int {
    try write { db in
      try db.execute(
        sql: """
          UPDATE outbox_job SET lease_expires_at_ms = 0
          WHERE state = 'in_flight' AND (lease_owner IS NULL OR lease_owner != ?)
          """, arguments: [owner])
      return db.changesCount
    }
  }

  /// Extends the lease of `owner`'s in-flight jobs to `until`; returns how many were extended.
  /// Zero means the lease was lost (it expired and another engine took the work).
  @discardableResult
  package func renewLeases(owner: String, jobIDs: [Int64], until: Date) throws -> Int {
    guard !jobIDs.isEmpty else { return 0 }
    return try write { db in
      try db.cachedStatement(
        sql: """
          UPDATE outbox_job SET lease_expires_at_ms = ? WHERE lease_owner = ? AND state = 'in_flight'
            AND id IN (SELECT value FROM json_each(?))
          """
      ).execute(arguments: [OrderRow.milliseconds(until), owner, Self.jsonArray(jobIDs)])
      return db.changesCount
    }
  }

  /// Records that `work` reached Odoo: `pushed` is the order as Odoo now has it (its id, name,
  /// line ids and server-side fields) and `remoteWriteDate` Odoo's `write_date` for it.
  ///
  /// The jobs are done. When nobody edited the order while it was pushed, the order becomes
  /// Odoo's copy and is in step (`synced`, base dropped). When it was edited meanwhile, the new
  /// edits stay pending, and the version that was sent, with the ids Odoo gave it, becomes their
  /// base: what Odoo holds beyond it (a change made there while the push ran, a step Odoo took
  /// differently) is then a change on Odoo's side for the next pull to merge in, not something
  /// the next push would undo. Many orders are recorded in one transaction.
  package func completeWork(
    _ items: [(work: LeasedWork, pushed: PurchaseOrder, remoteWriteDate: String?)], actor: String, now: Date
  ) throws {
    let nowMs = OrderRow.milliseconds(now)
    try write { db in
      for item in items {
        try Self.completeWork(db, item.work, pushed: item.pushed, remoteWriteDate: item.remoteWriteDate, actor: actor, nowMs: nowMs)
      }
    }
  }

  private static func completeWork(
    _ db: Database, _ work: LeasedWork, pushed: PurchaseOrder, remoteWriteDate: String?, actor: String, nowMs: Int64
  ) throws {
    let held = try heldJobIDs(db, work)
    guard !held.isEmpty else { return }
    try Self.finishJobs(db, held, state: "done", error: nil, nowMs: nowMs)
    guard let current = try Self.fetchStoredOrder(db, uuid: work.orderID) else { return }
    if current.info.revision == work.order.info.revision {
      var settled = pushed
      settled.id = current.order.id
      try db.cachedStatement(sql: OrderRow.updateOrderSQL).execute(
        arguments: OrderRow.updateArguments(
          settled, rowID: current.rowID, revision: current.info.revision, syncStatus: .synced, nowMs: nowMs))
      try Self.replaceLines(db, of: current.rowID, with: settled.lines)
      try Self.index(db, settled, rowID: current.rowID, localReference: current.info.localReference)
      try db.cachedStatement(sql: "DELETE FROM base_snapshot WHERE order_id = ?").execute(arguments: [current.rowID])
    } else {
      // Edited while in flight: keep the edits and learn Odoo's ids; the version sent, in
      // Odoo's identity, is their base.
      let pushedLines = Dictionary(pushed.lines.map { ($0.id, $0.odooID) }, uniquingKeysWith: { first, _ in first })
      func learningOdoosIDs(_ version: PurchaseOrder) -> PurchaseOrder {
        var version = version
        version.odooID = pushed.odooID
        for index in version.lines.indices where version.lines[index].odooID == nil {
          version.lines[index].odooID = pushedLines[version.lines[index].id] ?? nil
        }
        return version
      }
      var order = learningOdoosIDs(current.order)
      if current.order.reference == current.info.localReference { order.reference = pushed.reference }
      var sent = learningOdoosIDs(work.order.order)
      sent.reference = pushed.reference
      sent.dateApprove = pushed.dateApprove
      sent.hasActiveVendorBill = pushed.hasActiveVendorBill
      sent.hasDoneReceipt = pushed.hasDoneReceipt
      try db.cachedStatement(sql: OrderRow.updateOrderSQL).execute(
        arguments: OrderRow.updateArguments(
          order, rowID: current.rowID, revision: current.info.revision, syncStatus: current.info.syncStatus,
          nowMs: nowMs))
      try Self.replaceLines(db, of: current.rowID, with: order.lines)
      try Self.index(db, order, rowID: current.rowID, localReference: current.info.localReference)
      try Self.putBase(db, orderRowID: current.rowID, order: sent, revision: work.order.info.revision,
        remoteWriteDate: remoteWriteDate, nowMs: nowMs)
    }
    try db.cachedStatement(sql: "UPDATE purchase_order SET remote_write_date = ? WHERE id = ?").execute(
      arguments: [remoteWriteDate, current.rowID])
    try Self.appendAudit(
      db, at: nowMs, actor: actor, action: "sync.pushed", orderRowID: current.rowID, order: pushed,
      summary: "\(pushed.reference) pushed to Odoo (id \(pushed.odooID.map(String.init) ?? "?"))",
      details: [
        "jobs": .array(work.jobs.map { .int($0.id) }), "odoo_id": pushed.odooID.map { .int(Int64($0)) } ?? .null,
        "revision": .int(Int64(work.order.info.revision)), "write_date": remoteWriteDate.map(JSONValue.string) ?? .null,
      ])
  }

  /// Gives `work` back for a later attempt at `nextAttemptAt`, with the error that stopped it.
  package func deferWork(_ work: LeasedWork, error: String, nextAttemptAt: Date, now: Date) throws {
    let nowMs = OrderRow.milliseconds(now)
    try write { db in
      let ids = work.jobs.map(\.id)
      guard !ids.isEmpty else { return }
      try db.cachedStatement(
        sql: """
          UPDATE outbox_job SET state = 'deferred', lease_owner = NULL, lease_expires_at_ms = NULL, last_error = ?,
            next_attempt_at_ms = ?, updated_at_ms = ?
          WHERE id IN (SELECT value FROM json_each(?)) AND state = 'in_flight' AND lease_owner = ?
          """
      ).execute(arguments: [error, OrderRow.milliseconds(nextAttemptAt), nowMs, Self.jsonArray(ids), work.owner])
    }
  }

  /// Hands `work` back untouched (its attempt not counted), for example when the engine stops
  /// or the circuit breaker is open before anything was sent.
  package func releaseWork(_ work: LeasedWork, now: Date) throws {
    let nowMs = OrderRow.milliseconds(now)
    try write { db in
      let ids = work.jobs.map(\.id)
      guard !ids.isEmpty else { return }
      try db.cachedStatement(
        sql: """
          UPDATE outbox_job SET state = CASE WHEN last_error IS NULL THEN 'pending' ELSE 'deferred' END,
            lease_owner = NULL, lease_expires_at_ms = NULL, attempts = max(0, attempts - 1), updated_at_ms = ?
          WHERE id IN (SELECT value FROM json_each(?)) AND state = 'in_flight' AND lease_owner = ?
          """
      ).execute(arguments: [nowMs, Self.jsonArray(ids), work.owner])
    }
  }

  /// Moves `work` to the dead-letter state: kept, visible and retryable, never dropped. The
  /// order is marked failed with the reason.
  package func deadLetter(_ work: LeasedWork, error: String, actor: String, now: Date) throws {
    let nowMs = OrderRow.milliseconds(now)
    try write { db in
      let held = try Self.heldJobIDs(db, work)
      guard !held.isEmpty else { return }
      try Self.finishJobs(db, held, state: "dead", error: error, nowMs: nowMs)
      guard let current = try Self.fetchStoredOrder(db, uuid: work.orderID) else { return }
      try db.execute(
        sql: "UPDATE purchase_order SET sync_status = 'failed', updated_at_ms = ? WHERE id = ?",
        arguments: [nowMs, current.rowID])
      try Self.appendAudit(
        db, at: nowMs, actor: actor, action: "sync.dead_lettered", orderRowID: current.rowID, order: current.order,
        summary: "\(current.order.reference) could not be pushed: \(error)",
        details: ["jobs": .array(work.jobs.map { .int($0.id) }), "error": .string(error)])
    }
  }

  /// Puts dead or waiting jobs back in the queue, due now, with a fresh retry budget. With no
  /// ids, every dead job is retried. Returns the jobs retried.
  @discardableResult
  package func retryJobs(ids: [Int64]? = nil, actor: String, now: Date) throws -> [OutboxJob] {
    let nowMs = OrderRow.milliseconds(now)
    return try write { db in
      var arguments = StatementArguments()
      var filter = "j.state IN ('dead', 'deferred')"
      if let ids {
        guard !ids.isEmpty else { return [] }
        filter += " AND j.id IN (\(Array(repeating: "?", count: ids.count).joined(separator: ", ")))"
        arguments = StatementArguments(ids.map { $0 as any DatabaseValueConvertible })
      } else {
        filter = "j.state = 'dead'"
      }
      let jobs = try Self.jobs(db, whereSQL: filter, arguments)
      for job in jobs {
        try db.execute(
          sql: """
            UPDATE outbox_job SET state = 'pending', attempts = 0, next_attempt_at_ms = ?, finished_at_ms = NULL,
              updated_at_ms = ? WHERE id = ?
            """, arguments: [nowMs, nowMs, job.id])
        try db.execute(
          sql: """
            UPDATE purchase_order SET sync_status = 'pending' WHERE uuid = ? AND sync_status = 'failed'
            """, arguments: [job.orderUUID.uuidString.lowercased()])
        try Self.appendAudit(
          db, at: nowMs, actor: actor, action: "sync.job_retried", orderRowID: nil, order: nil,
          summary: "job \(job.id) (\(job.orderReference), \(job.kind.rawValue)) queued again",
          details: ["job": .int(job.id), "was": .string(job.state.rawValue), "attempts": .int(Int64(job.attempts))])
      }
      return jobs
    }
  }

  /// Gives up on a job a person chose to discard: it is finished without being sent, and so are
  /// the order's other unsent jobs, since a push sends the order as it stands and any of them
  /// would carry the discarded change along. When Odoo has the order, it goes back to the
  /// version last agreed with Odoo (its base), so neither a later pull nor a later edit sends
  /// the change after all; the changes stay in the audit trail. An order Odoo never received is
  /// kept here, marked failed. Returns the job, or `nil` when there is no such unfinished job.
  ///
  /// - Throws: ``StoreError`` `.locked` while a push of the order is running: its change is on
  ///   its way and cannot be held back.
  @discardableResult
  package func discardJob(id: Int64, actor: String, now: Date) throws -> OutboxJob? {
    let nowMs = OrderRow.milliseconds(now)
    return try write { db in
      guard
        let job = try Self.jobs(
          db, whereSQL: "j.id = ? AND j.state IN ('pending', 'deferred', 'dead', 'in_flight')", [id]
        ).first
      else { return nil }
      let orderUUID = job.orderUUID.uuidString.lowercased()
      let inFlight =
        try Bool.fetchOne(
          db, sql: "SELECT 1 FROM outbox_job WHERE order_uuid = ? AND state = 'in_flight'", arguments: [orderUUID])
        ?? false
      guard !inFlight else {
        throw StoreError(
          code: .locked, path: path,
          detail: "\(job.orderReference) is being pushed to Odoo right now; its change cannot be held back")
      }
      let unsent = try Int64.fetchAll(
        db, sql: "SELECT id FROM outbox_job WHERE order_uuid = ? AND state IN ('pending', 'deferred', 'dead')",
        arguments: [orderUUID])
      try Self.finishJobs(db, unsent, state: "done", error: "discarded by \(actor)", nowMs: nowMs)
      var revertedTo: PurchaseOrder?
      if let current = try Self.fetchStoredOrder(db, uuid: job.orderUUID),
        current.info.syncStatus == .pending || current.info.syncStatus == .failed
      {
        let payload = try String.fetchOne(
          db, sql: "SELECT payload FROM base_snapshot WHERE order_id = ?", arguments: [current.rowID])
        if current.order.odooID != nil, let base = try payload.map(SnapshotCoding.decode) {
          try Self.overwrite(db, current, with: base, status: .synced, revision: current.info.revision + 1, nowMs: nowMs)
          try db.execute(sql: "DELETE FROM base_snapshot WHERE order_id = ?", arguments: [current.rowID])
          revertedTo = base
        } else {
          try db.execute(
            sql: "UPDATE purchase_order SET sync_status = 'failed' WHERE id = ?", arguments: [current.rowID])
        }
      }
      try Self.appendAudit(
        db, at: nowMs, actor: actor, action: "sync.job_discarded", orderRowID: nil, order: nil,
        summary: "job \(job.id) (\(job.orderReference), \(job.kind.rawValue)) discarded"
          + (unsent.count > 1 ? " with the order's \(unsent.count - 1) other unsent job(s)" : "")
          + "; the change was not sent" + (revertedTo == nil ? "" : " and the order is back to Odoo's version"),
        details: ["job": .int(job.id), "jobs": .array(unsent.map(JSONValue.int)), "order": .string(orderUUID)])
      return job
    }
  }

  /// The oldest unfinished job's creation time per state, for status screens.
  package func oldestJobs() throws -> [OutboxJob.State: Date] {
    try read { db in
      var oldest: [OutboxJob.State: Date] = [:]
      for row in try Row.fetchAll(
        db, sql: "SELECT state, min(created_at_ms) FROM outbox_job WHERE state != 'done' GROUP BY state")
      {
        if let state = OutboxJob.State(rawValue: row[0]) { oldest[state] = Self.date(ms: row[1]) }
      }
      return oldest
    }
  }

  // MARK: - Pieces

  /// The jobs of `work` its engine still holds: in flight under its lease. An engine that lost
  /// them (its lease ran out and another engine took them, or a person acted on them) finds
  /// none, and leaves them to whoever has them now.
  static func heldJobIDs(_ db: Database, _ work: LeasedWork) throws -> [Int64] {
    try Int64.fetchAll(
      db.cachedStatement(
        sql: """
          SELECT id FROM outbox_job WHERE id IN (SELECT value FROM json_each(?)) AND state = 'in_flight'
            AND lease_owner = ?
          """), arguments: [jsonArray(work.jobs.map(\.id)), work.owner])
  }

  static func finishJobs(_ db: Database, _ ids: [Int64], state: String, error: String?, nowMs: Int64) throws {
    guard !ids.isEmpty else { return }
    try db.cachedStatement(
      sql: """
        UPDATE outbox_job SET state = ?, lease_owner = NULL, lease_expires_at_ms = NULL,
          last_error = coalesce(?, last_error), finished_at_ms = ?, updated_at_ms = ?
        WHERE id IN (SELECT value FROM json_each(?))
        """
    ).execute(arguments: [state, error, nowMs, nowMs, jsonArray(ids)])
  }

  /// Ids as a JSON array, for `IN (SELECT value FROM json_each(?))`: one statement, prepared
  /// once, for any number of ids.
  static func jsonArray(_ ids: [Int64]) -> String {
    "[" + ids.map(String.init).joined(separator: ",") + "]"
  }

  /// Line uuids as a JSON array of strings, for `json_each` (lowercase uuids need no escaping).
  static func jsonArray(_ ids: [UUID]) -> String {
    "[" + ids.map { "\"" + $0.uuidString.lowercased() + "\"" }.joined(separator: ",") + "]"
  }

  static func putBase(
    _ db: Database, orderRowID: Int64, order: PurchaseOrder, revision: Int, remoteWriteDate: String?, nowMs: Int64
  ) throws {
    try db.cachedStatement(
      sql: """
        INSERT INTO base_snapshot (order_id, revision, remote_write_date, payload, taken_at_ms) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT(order_id) DO UPDATE SET revision = excluded.revision, remote_write_date = excluded.remote_write_date,
          payload = excluded.payload, taken_at_ms = excluded.taken_at_ms
        """
    ).execute(arguments: [orderRowID, revision, remoteWriteDate, try SnapshotCoding.encode(order), nowMs])
  }

  static func jobs(_ db: Database, whereSQL: String, _ arguments: StatementArguments) throws -> [OutboxJob] {
    try Row.fetchAll(
      db.cachedStatement(
        sql: """
          SELECT j.id, j.order_uuid, o.reference, j.kind, j.action, j.revision, j.priority, j.state, j.attempts,
            j.next_attempt_at_ms, j.last_error, j.created_at_ms, j.updated_at_ms
          FROM outbox_job j JOIN purchase_order o ON o.id = j.order_id
          WHERE \(whereSQL) ORDER BY j.id
          """), arguments: arguments
    ).map(Self.job(from:))
  }

  static func job(from row: Row) -> OutboxJob {
    let uuidText: String = row[1]
    let kindText: String = row[3]
    let actionText: String? = row[4]
    let stateText: String = row[7]
    return OutboxJob(
      id: row[0], orderUUID: UUID(uuidString: uuidText) ?? UUID(), orderReference: row[2],
      kind: OutboxJob.Kind(rawValue: kindText) ?? .update, action: actionText.flatMap(OrderAction.init(rawValue:)),
      revision: row[5], priority: row[6], state: OutboxJob.State(rawValue: stateText) ?? .pending,
      attempts: row[8], nextAttemptAt: date(ms: row[9]), lastError: row[10],
      createdAt: date(ms: row[11]), updatedAt: date(ms: row[12]))
  }

  static func milliseconds(_ duration: Duration) -> Int64 {
    duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
  }
}
