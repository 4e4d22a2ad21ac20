import FarmacyDomain
import Foundation
import GRDB

/// A saga as stored: which order, the step reached, and whether it ran forward or back.
package struct SagaRecord: Sendable, Hashable, Identifiable {
  package enum State: String, Sendable, Codable {
    case running, compensating, completed, compensated
  }

  package var id: Int64
  package var orderID: UUID
  package var kind: String
  package var step: String
  package var state: State
  package var failure: String?
  package var updatedAt: Date
}

/// A message for the people at the terminal (and by e-mail when configured).
package struct StoredNotification: Sendable, Hashable, Identifiable {
  package enum Level: String, Sendable, Codable { case info, warning, error }
  package var id: Int64
  package var at: Date
  package var level: Level
  package var title: String
  package var body: String
  package var orderID: UUID?
}

// MARK: - Engine lease, sagas, notifications, engine state

extension OrderStore {
  /// Takes or renews the engine lease `name` for `owner` until `now + ttl`. Succeeds when the
  /// lease is free, expired, or already `owner`'s; fails (returns the holder) when another
  /// live engine holds it.
  package func acquireEngineLease(name: String = "sync", owner: String, now: Date, ttl: Duration) throws -> (
    acquired: Bool, holder: String, expiresAt: Date
  ) {
    let nowMs = OrderRow.milliseconds(now)
    let untilMs = nowMs + Self.milliseconds(ttl)
    return try write { db in
      try db.execute(
        sql: """
          INSERT INTO engine_lease (name, owner, acquired_at_ms, expires_at_ms) VALUES (?, ?, ?, ?)
          ON CONFLICT(name) DO UPDATE SET owner = excluded.owner, expires_at_ms = excluded.expires_at_ms,
            acquired_at_ms = CASE WHEN engine_lease.owner = excluded.owner THEN engine_lease.acquired_at_ms
              ELSE excluded.acquired_at_ms END
          WHERE engine_lease.owner = excluded.owner OR engine_lease.expires_at_ms <= ?
          """, arguments: [name, owner, nowMs, untilMs, nowMs])
      let row = try Row.fetchOne(db, sql: "SELECT owner, expires_at_ms FROM engine_lease WHERE name = ?", arguments: [name])
      let holder: String = row?[0] ?? owner
      return (holder == owner, holder, Self.date(ms: row?[1] ?? untilMs))
    }
  }

  /// Gives the engine lease up, if `owner` holds it.
  package func releaseEngineLease(name: String = "sync", owner: String) throws {
    try write { db in
      try db.execute(sql: "DELETE FROM engine_lease WHERE name = ? AND owner = ?", arguments: [name, owner])
    }
  }

  /// Who holds the engine lease and until when, if anyone.
  package func engineLease(name: String = "sync") throws -> (owner: String, expiresAt: Date)? {
    try read { db in
      try Row.fetchOne(db, sql: "SELECT owner, expires_at_ms FROM engine_lease WHERE name = ?", arguments: [name]).map {
        ($0[0], Self.date(ms: $0[1]))
      }
    }
  }

  // MARK: Sagas

  /// Starts a saga for an order, or returns the one already running for it.
  package func startSaga(kind: String, orderID: UUID, step: String, now: Date) throws -> SagaRecord {
    let nowMs = OrderRow.milliseconds(now)
    return try write { db in
      guard let rowID = try Int64.fetchOne(db, sql: "SELECT id FROM purchase_order WHERE uuid = ?", arguments: [orderID.uuidString.lowercased()]) else {
        throw StoreError(code: .notFound, path: path, detail: "no order with id \(orderID)")
      }
      if let existing = try Self.sagas(db, whereSQL: "s.order_id = ? AND s.kind = ? AND s.state IN ('running', 'compensating')", [rowID, kind]).first {
        return existing
      }
      try db.execute(
        sql: "INSERT INTO saga (order_id, kind, step, state, created_at_ms, updated_at_ms) VALUES (?, ?, ?, 'running', ?, ?)",
        arguments: [rowID, kind, step, nowMs, nowMs])
      return SagaRecord(id: db.lastInsertedRowID, orderID: orderID, kind: kind, step: step, state: .running, failure: nil, updatedAt: now)
    }
  }

  /// Records a saga's progress.
  package func updateSaga(id: Int64, step: String, state: SagaRecord.State, failure: String? = nil, now: Date) throws {
    try write { db in
      try db.execute(
        sql: "UPDATE saga SET step = ?, state = ?, failure = coalesce(?, failure), updated_at_ms = ? WHERE id = ?",
        arguments: [step, state.rawValue, failure, OrderRow.milliseconds(now), id])
    }
  }

  /// Sagas not yet finished (running or compensating), oldest first: what a restart resumes.
  package func unfinishedSagas() throws -> [SagaRecord] {
    try read { db in try Self.sagas(db, whereSQL: "s.state IN ('running', 'compensating')", []) }
  }

  /// Every saga of an order, oldest first.
  package func sagas(orderID: UUID) throws -> [SagaRecord] {
    try read { db in try Self.sagas(db, whereSQL: "o.uuid = ?", [orderID.uuidString.lowercased()]) }
  }

  /// Marks an order failed with a reason (a compensated saga's last step).
  package func markOrderFailed(orderID: UUID, reason: String, actor: String, now: Date) throws {
    let nowMs = OrderRow.milliseconds(now)
    try write { db in
      guard let current = try Self.fetchStoredOrder(db, uuid: orderID) else { return }
      try db.execute(
        sql: "UPDATE purchase_order SET sync_status = 'failed', updated_at_ms = ? WHERE id = ?", arguments: [nowMs, current.rowID])
      try Self.appendAudit(
        db, at: nowMs, actor: actor, action: "order.failed", orderRowID: current.rowID, order: current.order,
        summary: "\(current.order.reference) failed: \(reason)", details: ["reason": .string(reason)])
    }
  }

  static func sagas(_ db: Database, whereSQL: String, _ arguments: StatementArguments) throws -> [SagaRecord] {
    try Row.fetchAll(
      db,
      sql: """
        SELECT s.id, o.uuid, s.kind, s.step, s.state, s.failure, s.updated_at_ms
        FROM saga s JOIN purchase_order o ON o.id = s.order_id WHERE \(whereSQL) ORDER BY s.id
        """, arguments: arguments
    ).map { row in
      let uuidText: String = row[1]
      let stateText: String = row[4]
      return SagaRecord(
        id: row[0], orderID: UUID(uuidString: uuidText) ?? UUID(), kind: row[2], step: row[3],
        state: SagaRecord.State(rawValue: stateText) ?? .running, failure: row[5], updatedAt: date(ms: row[6]))
    }
  }

  // MARK: Notifications

  @discardableResult
  package func addNotification(
    level: StoredNotification.Level, title: String, body: String, orderID: UUID?, now: Date
  ) throws -> Int64 {
    try write { db in
      try db.execute(
        sql: "INSERT INTO notification (at_ms, level, title, body, order_uuid) VALUES (?, ?, ?, ?, ?)",
        arguments: [OrderRow.milliseconds(now), level.rawValue, title, body, orderID?.uuidString.lowercased()])
      return db.lastInsertedRowID
    }
  }

  /// Notifications, newest first.
  package func notifications(limit: Int = 50) throws -> [StoredNotification] {
    try read { db in
      try Row.fetchAll(
        db, sql: "SELECT id, at_ms, level, title, body, order_uuid FROM notification ORDER BY id DESC LIMIT \(max(1, limit))"
      ).map { row in
        let levelText: String = row[2]
        let uuidText: String? = row[5]
        return StoredNotification(
          id: row[0], at: Self.date(ms: row[1]), level: StoredNotification.Level(rawValue: levelText) ?? .info,
          title: row[3], body: row[4], orderID: uuidText.flatMap(UUID.init(uuidString:)))
      }
    }
  }

  // MARK: Audit

  /// Appends an audit row for something that is not a save (a breaker transition, a pull).
  package func appendAuditEntry(
    actor: String, action: String, orderID: UUID? = nil, summary: String, details: [String: String] = [:], now: Date
  ) throws {
    try write { db in
      let fetched = try orderID.flatMap { try Self.fetchStoredOrder(db, uuid: $0) }
      try Self.appendAudit(
        db, at: OrderRow.milliseconds(now), actor: actor, action: action, orderRowID: fetched?.rowID,
        order: fetched?.order, summary: summary, details: details.mapValues(JSONValue.string))
    }
  }

  // MARK: Engine state

  /// Stores a piece of the engine's state (JSON text) for other processes to read.
  package func setEngineState(_ value: String, forKey key: String, now: Date) throws {
    try write { db in
      try db.execute(
        sql: """
          INSERT INTO engine_state (key, value, updated_at_ms) VALUES (?, ?, ?)
          ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at_ms = excluded.updated_at_ms
          """, arguments: [key, value, OrderRow.milliseconds(now)])
    }
  }

  /// Every stored piece of engine state, with when it was written.
  package func engineState() throws -> [String: (value: String, updatedAt: Date)] {
    try read { db in
      var state: [String: (value: String, updatedAt: Date)] = [:]
      for row in try Row.fetchAll(db, sql: "SELECT key, value, updated_at_ms FROM engine_state") {
        state[row[0]] = (row[1], Self.date(ms: row[2]))
      }
      return state
    }
  }
}
