import FarmacyDomain
import Foundation
import GRDB

// MARK: - Outbox and audit trail (read side)

extension OrderStore {
  /// Outbox jobs, oldest first, optionally only in the given states or for one order.
  package func outboxJobs(states: Set<OutboxJob.State> = [], orderID: UUID? = nil, limit: Int = 1_000) throws
    -> [OutboxJob]
  {
    try read { db in
      var conditions: [String] = []
      var arguments = StatementArguments()
      if !states.isEmpty {
        conditions.append("j.state IN (\(Array(repeating: "?", count: states.count).joined(separator: ", ")))")
        for state in states.map(\.rawValue).sorted() { arguments += [state] }
      }
      if let orderID {
        conditions.append("j.order_uuid = ?")
        arguments += [orderID.uuidString.lowercased()]
      }
      let whereSQL = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
      return try Row.fetchAll(
        db,
        sql: """
          SELECT j.id, j.order_uuid, o.reference, j.kind, j.action, j.revision, j.priority, j.state, j.attempts,
            j.next_attempt_at_ms, j.last_error, j.created_at_ms, j.updated_at_ms
          FROM outbox_job j JOIN purchase_order o ON o.id = j.order_id
          \(whereSQL) ORDER BY j.id LIMIT \(max(1, limit))
          """, arguments: arguments
      ).map(Self.job(from:))
    }
  }

  /// Outbox jobs counted by state.
  package func outboxCounts() throws -> [OutboxJob.State: Int] {
    try read { db in
      var counts: [OutboxJob.State: Int] = [:]
      for row in try Row.fetchAll(db, sql: "SELECT state, count(*) FROM outbox_job GROUP BY state") {
        if let state = OutboxJob.State(rawValue: row[0]) { counts[state] = row[1] }
      }
      return counts
    }
  }

  /// The audit trail, newest first, optionally for one order.
  package func auditEntries(orderID: UUID? = nil, limit: Int = 200) throws -> [AuditEntry] {
    try read { db in
      let whereSQL = orderID == nil ? "" : "WHERE order_uuid = ?"
      let arguments: StatementArguments = orderID.map { [$0.uuidString.lowercased()] } ?? []
      return try Row.fetchAll(
        db,
        sql: """
          SELECT id, at_ms, actor, action, order_uuid, summary, details FROM audit_log \(whereSQL)
          ORDER BY id DESC LIMIT \(max(1, limit))
          """, arguments: arguments
      ).map { row in
        let uuidText: String? = row[4]
        return AuditEntry(
          id: row[0], at: Self.date(ms: row[1]), actor: row[2], action: row[3],
          orderUUID: uuidText.flatMap(UUID.init(uuidString:)), summary: row[5], details: row[6])
      }
    }
  }

  static func date(ms: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(ms) / 1000) }
}
