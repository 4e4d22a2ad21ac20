import FarmacyDomain
import Foundation
import OdooKit

/// What the engine tells the outside world. The TUI and the CLI read these; the event bus's
/// handlers (audit, notifications, cache, metrics) react to them.
package enum SyncEvent: Sendable, Equatable {
  case jobQueued(jobID: Int64, order: String)
  case jobStarted(jobIDs: [Int64], order: String, attempt: Int)
  case jobSucceeded(jobIDs: [Int64], order: String, odooID: Int, duration: Duration)
  case jobDeferred(jobIDs: [Int64], order: String, error: String, nextAttempt: Date)
  case jobDeadLettered(jobIDs: [Int64], order: String, error: String)
  case breakerChanged(from: String, to: String, reason: String)
  case pullStarted(full: Bool)
  case pullProgress(model: String, done: Int, total: Int?)
  case pullFinished(inserted: Int, updated: Int, merged: Int, conflicts: Int, deleted: Int, duration: Duration)
  case conflictDetected(orderID: UUID, order: String, fields: [String])
  case conflictResolved(orderID: UUID, order: String, by: String)
  case catalogueChanged(vendors: Int, products: Int, entries: Int)
  case sagaChanged(orderID: UUID, order: String, step: String, state: String)
  case notification(level: String, title: String, body: String)
  case metrics(SyncMetricsSnapshot)
  case paused
  case resumed
  case stopped(reason: String)
  case failed(String)

  /// A short machine name, for routing and logs.
  package var kind: String {
    switch self {
    case .jobQueued: "job.queued"
    case .jobStarted: "job.started"
    case .jobSucceeded: "job.succeeded"
    case .jobDeferred: "job.deferred"
    case .jobDeadLettered: "job.dead"
    case .breakerChanged: "breaker.changed"
    case .pullStarted: "pull.started"
    case .pullProgress: "pull.progress"
    case .pullFinished: "pull.finished"
    case .conflictDetected: "conflict.detected"
    case .conflictResolved: "conflict.resolved"
    case .catalogueChanged: "catalogue.changed"
    case .sagaChanged: "saga.changed"
    case .notification: "notification"
    case .metrics: "metrics"
    case .paused: "engine.paused"
    case .resumed: "engine.resumed"
    case .stopped: "engine.stopped"
    case .failed: "engine.failed"
    }
  }
}

/// An event as the bus carries it: enriched with a correlation id, the user and when it was
/// processed.
package struct SyncEnvelope: Sendable, Equatable {
  package var event: SyncEvent
  package var correlationID: UUID
  package var user: String
  package var occurredAt: Date
  package var processedAt: Date?
}
