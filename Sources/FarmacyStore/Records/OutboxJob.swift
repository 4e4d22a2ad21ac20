import FarmacyDomain
import Foundation

/// A unit of work for the sync engine: push an order (or one workflow step) to Odoo.
package struct OutboxJob: Identifiable, Hashable, Sendable {
  package enum Kind: String, Sendable, Codable, CaseIterable {
    /// The order is not in Odoo yet.
    case create
    /// Send the fields and lines that changed since the base snapshot.
    case update
    /// Call a workflow button.
    case action
  }

  package enum State: String, Sendable, Codable, CaseIterable {
    case pending
    case inFlight = "in_flight"
    /// Failed with a retryable error; waits until ``OutboxJob/nextAttemptAt``.
    case deferred
    case done
    /// The retry budget ran out; kept for a person to retry or discard.
    case dead
  }

  package var id: Int64
  package var orderUUID: UUID
  package var orderReference: String
  package var kind: Kind
  package var action: OrderAction?
  package var revision: Int
  package var priority: Int
  package var state: State
  package var attempts: Int
  package var nextAttemptAt: Date
  package var lastError: String?
  package var createdAt: Date
  package var updatedAt: Date
}

/// One row of the audit trail.
package struct AuditEntry: Identifiable, Hashable, Sendable {
  package var id: Int64
  package var at: Date
  package var actor: String
  /// What happened, dotted: `order.created`, `order.confirm`, `demo.seeded`.
  package var action: String
  package var orderUUID: UUID?
  package var summary: String
  /// JSON object with the specifics (changed fields with old and new values, job ids…).
  package var details: String
}
