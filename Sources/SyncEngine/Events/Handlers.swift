import FarmacyStore
import OdooKit
import Foundation
import Synchronization

/// Writes to the audit trail what the store's own transactions do not already record: breaker
/// transitions, pulls, engine pauses and stops, saga steps.
package struct AuditHandler: SyncEventHandler {
  let store: OrderStore

  package init(store: OrderStore) { self.store = store }

  package var name: String { "audit" }

  package func accepts(_ event: SyncEvent) -> Bool {
    switch event {
    case .breakerChanged, .pullFinished, .paused, .resumed, .stopped, .sagaChanged: true
    default: false
    }
  }

  package func handle(_ envelope: SyncEnvelope) async throws {
    let at = envelope.processedAt ?? envelope.occurredAt
    let correlation = envelope.correlationID.uuidString.lowercased()
    switch envelope.event {
    case .breakerChanged(let from, let to, let reason):
      try store.appendAuditEntry(
        actor: envelope.user, action: "sync.breaker", summary: "circuit breaker \(from) → \(to): \(reason)",
        details: ["from": from, "to": to, "reason": reason, "correlation": correlation], now: at)
    case .pullFinished(let inserted, let updated, let merged, let conflicts, let deleted, let duration):
      guard inserted + updated + merged + conflicts + deleted > 0 else { return }
      try store.appendAuditEntry(
        actor: envelope.user, action: "sync.pulled",
        summary: "pulled from Odoo: \(inserted) new, \(updated) updated, \(merged) merged, \(conflicts) in conflict, \(deleted) deleted",
        details: ["duration_ms": String(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000), "correlation": correlation],
        now: at)
    case .paused, .resumed, .stopped:
      try store.appendAuditEntry(actor: envelope.user, action: "sync.\(envelope.event.kind)", summary: envelope.event.kind, now: at)
    case .sagaChanged(let orderID, let order, let step, let state):
      try store.appendAuditEntry(
        actor: envelope.user, action: "saga.\(state)", orderID: orderID, summary: "\(order): submission saga \(state) at \(step)",
        details: ["step": step, "state": state, "correlation": correlation], now: at)
    default:
      return
    }
  }
}

/// Turns the events a person must know about into notifications: stored (the TUI shows them as
/// toasts and `farmacy status` lists them) and, when a mailer is configured, e-mailed.
package struct NotificationHandler: SyncEventHandler {
  let store: OrderStore

  package init(store: OrderStore) { self.store = store }

  package var name: String { "notifications" }

  package func accepts(_ event: SyncEvent) -> Bool { Self.message(for: event) != nil }

  package func handle(_ envelope: SyncEnvelope) async throws {
    guard let message = Self.message(for: envelope.event) else { return }
    try store.addNotification(
      level: message.level, title: message.title, body: message.body, orderID: message.order,
      now: envelope.processedAt ?? envelope.occurredAt)
  }

  typealias Message = (level: StoredNotification.Level, title: String, body: String, order: UUID?)

  /// What a person is told about an event, if anything.
  static func message(for event: SyncEvent) -> Message? {
    switch event {
    case .jobDeadLettered(_, let order, let error):
      (.error, "\(order) could not be sent to Odoo", error + " — retry it from the queue.", nil)
    case .conflictDetected(let orderID, let order, let fields):
      (.warning, "\(order) changed here and in Odoo", "A manager must choose for: " + fields.joined(separator: ", "), orderID)
    case .breakerChanged(_, let to, let reason) where to == "open":
      (.warning, "Odoo is not answering; sync paused", reason, nil)
    case .sagaChanged(let orderID, let order, let step, let state) where state == "compensated":
      (.error, "\(order) was not submitted", "Undone after a failure at \(step).", orderID)
    case .notification(let level, let title, let body):
      (StoredNotification.Level(rawValue: level) ?? .info, title, body, nil)
    default:
      nil
    }
  }
}

/// E-mails the notifications that need a person (warnings and errors).
///
/// Mail goes out from a queue of its own: the bus hands a message over and goes on at once, so
/// a slow or unreachable mail server (each try can take its full timeout) never holds up the
/// engine's round. The queue keeps the newest `capacity` messages (older ones are dropped and
/// counted) and tries each again after each of `retryDelays`.
package struct MailNotificationHandler: SyncEventHandler {
  let queue: MailQueue

  package init(
    mailer: any NotificationMailer, capacity: Int = 50, retryDelays: [Duration] = [.seconds(5), .seconds(30)]
  ) {
    queue = MailQueue(mailer: mailer, capacity: capacity, retryDelays: retryDelays)
  }

  package var name: String { "mail" }

  package func accepts(_ event: SyncEvent) -> Bool {
    NotificationHandler.message(for: event).map { $0.level != .info } ?? false
  }

  package func handle(_ envelope: SyncEnvelope) async throws {
    guard let message = NotificationHandler.message(for: envelope.event) else { return }
    await queue.enqueue(subject: "Farmacy: " + message.title, body: message.body)
  }

  /// Waits until every queued message was sent or given up on.
  package func waitUntilIdle() async { await queue.waitUntilIdle() }

  /// Messages sent, given up after every try, and dropped because the queue was full.
  package func counts() async -> (sent: Int, failed: Int, dropped: Int) { await queue.counts() }
}

/// The mail handler's queue: one message at a time, in order, with retries.
package actor MailQueue {
  private let mailer: any NotificationMailer
  private let capacity: Int
  private let retryDelays: [Duration]
  private var pending: [(subject: String, body: String)] = []
  private var isSending = false
  private var idleWaiters: [UUID: CheckedContinuation<Void, Never>] = [:]
  private var sent = 0
  private var failed = 0
  private var dropped = 0

  init(mailer: any NotificationMailer, capacity: Int, retryDelays: [Duration]) {
    self.mailer = mailer
    self.capacity = max(1, capacity)
    self.retryDelays = retryDelays
  }

  func enqueue(subject: String, body: String) {
    if pending.count >= capacity {
      pending.removeFirst()
      dropped += 1
    }
    pending.append((subject, body))
    guard !isSending else { return }
    isSending = true
    Task { await self.sendAll() }
  }

  /// Returns once nothing is left to send, or when the waiting task is cancelled.
  func waitUntilIdle() async {
    guard isSending else { return }
    let id = UUID()
    await withTaskCancellationHandler {
      await withCheckedContinuation { continuation in
        if Task.isCancelled {
          continuation.resume()
        } else {
          idleWaiters[id] = continuation
        }
      }
    } onCancel: {
      Task { await self.stopWaiting(id) }
    }
  }

  private func stopWaiting(_ id: UUID) { idleWaiters.removeValue(forKey: id)?.resume() }

  func counts() -> (sent: Int, failed: Int, dropped: Int) { (sent, failed, dropped) }

  private func sendAll() async {
    while !pending.isEmpty {
      let message = pending.removeFirst()
      var delays = retryDelays[...]
      while true {
        do {
          try await mailer.send(subject: message.subject, body: message.body)
          sent += 1
          break
        } catch {
          guard let delay = delays.popFirst() else {
            failed += 1
            break
          }
          try? await Task.sleep(for: delay)
        }
      }
    }
    isSending = false
    for waiter in idleWaiters.values { waiter.resume() }
    idleWaiters = [:]
  }
}

/// Sends a notification by e-mail.
package protocol NotificationMailer: Sendable {
  func send(subject: String, body: String) async throws
}

/// Drops cached catalogue data when the catalogue changed.
package struct CacheInvalidationHandler: SyncEventHandler {
  let cache: CatalogueCache

  package init(cache: CatalogueCache) { self.cache = cache }

  package var name: String { "cache-invalidator" }

  package func accepts(_ event: SyncEvent) -> Bool {
    if case .catalogueChanged = event { return true }
    return false
  }

  package func handle(_ envelope: SyncEnvelope) async throws {
    try await cache.invalidateAll()
  }
}

/// Feeds ``SyncMetrics``; the engine stores its snapshots for other processes.
package final class MetricsHandler: SyncEventHandler {
  private let metrics = Mutex(SyncMetrics())

  package init() {}

  package var name: String { "metrics" }

  package func accepts(_ event: SyncEvent) -> Bool {
    switch event {
    case .jobSucceeded, .jobDeferred, .jobDeadLettered, .conflictDetected, .pullFinished: true
    default: false
    }
  }

  package func handle(_ envelope: SyncEnvelope) async throws {
    let at = envelope.processedAt ?? envelope.occurredAt
    metrics.withLock { $0.record(envelope.event, at: at) }
  }

  package func snapshot(at now: Date) -> SyncMetricsSnapshot { metrics.withLock { $0.snapshot(at: now) } }
}

extension SMTPMailer: NotificationMailer {}
