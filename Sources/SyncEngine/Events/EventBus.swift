import Foundation
import Synchronization

/// Something that reacts to engine events: the audit logger, notifications, the cache
/// invalidator, the metrics collector.
package protocol SyncEventHandler: Sendable {
  var name: String { get }
  /// Routing: whether this handler wants the event.
  func accepts(_ event: SyncEvent) -> Bool
  func handle(_ envelope: SyncEnvelope) async throws
}

/// The in-process event bus. Every published event goes through the pipeline
/// **validate → enrich → route → process → handle error → retry**:
///
/// - validate: an event that makes no sense (an empty order reference, negative counts) is
///   dropped and counted, never delivered;
/// - enrich: it gets a correlation id (the caller's, or a new one), the user and the time it
///   was processed;
/// - route: each registered handler that accepts it gets it, in registration order;
/// - process / handle error / retry: a handler that throws is retried up to `maxAttempts`
///   times in all; a handler that still fails is recorded in ``failures`` and the others go on.
///
/// Subscribers (the TUI, the CLI's progress) receive every valid, enriched event on their own
/// stream, buffered to the newest `subscriberBuffer` events so a slow reader never stalls the
/// engine.
package final class EventBus: Sendable {
  package struct Failure: Sendable, Equatable {
    package var handler: String
    package var event: String
    package var error: String
  }

  private struct State {
    var handlers: [any SyncEventHandler] = []
    var subscribers: [UUID: AsyncStream<SyncEnvelope>.Continuation] = [:]
    var failures: [Failure] = []
    var rejected = 0
  }

  private let state = Mutex(State())
  private let user: String
  private let now: @Sendable () -> Date
  private let maxAttempts: Int
  private let subscriberBuffer: Int

  package init(user: String, maxAttempts: Int = 3, subscriberBuffer: Int = 1_000, now: @escaping @Sendable () -> Date = Date.init) {
    self.user = user
    self.maxAttempts = max(1, maxAttempts)
    self.subscriberBuffer = subscriberBuffer
    self.now = now
  }

  package func register(_ handler: any SyncEventHandler) {
    state.withLock { $0.handlers.append(handler) }
  }

  /// A stream of every event published from now on.
  package func subscribe() -> AsyncStream<SyncEnvelope> {
    let (stream, continuation) = AsyncStream<SyncEnvelope>.makeStream(bufferingPolicy: .bufferingNewest(subscriberBuffer))
    let id = UUID()
    state.withLock { $0.subscribers[id] = continuation }
    continuation.onTermination = { [weak self] _ in
      _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
    }
    return stream
  }

  /// Handler failures that outlived their retries, oldest first (the last 100).
  package var failures: [Failure] { state.withLock { $0.failures } }
  /// Events refused by validation.
  package var rejectedCount: Int { state.withLock { $0.rejected } }

  /// Runs `event` through the pipeline. Returns false when validation refused it.
  @discardableResult
  package func publish(_ event: SyncEvent, correlationID: UUID? = nil) async -> Bool {
    guard Self.isValid(event) else {
      state.withLock { $0.rejected += 1 }
      return false
    }
    var envelope = SyncEnvelope(
      event: event, correlationID: correlationID ?? UUID(), user: user, occurredAt: now(), processedAt: nil)
    envelope.processedAt = now()
    let (handlers, subscribers) = state.withLock { state in
      (state.handlers.filter { $0.accepts(event) }, Array(state.subscribers.values))
    }
    for subscriber in subscribers { subscriber.yield(envelope) }
    for handler in handlers {
      var attempt = 0
      while true {
        attempt += 1
        do {
          try await handler.handle(envelope)
          break
        } catch {
          guard attempt < maxAttempts else {
            let failure = Failure(handler: handler.name, event: event.kind, error: String(describing: error))
            state.withLock { state in
              state.failures.append(failure)
              if state.failures.count > 100 { state.failures.removeFirst(state.failures.count - 100) }
            }
            break
          }
        }
      }
    }
    return true
  }

  /// Ends every subscriber's stream.
  package func finish() {
    let subscribers = state.withLock { state in
      defer { state.subscribers.removeAll() }
      return Array(state.subscribers.values)
    }
    for subscriber in subscribers { subscriber.finish() }
  }

  static func isValid(_ event: SyncEvent) -> Bool {
    switch event {
    case .jobQueued(_, let order), .jobStarted(_, let order, _), .jobSucceeded(_, let order, _, _),
      .jobDeferred(_, let order, _, _), .jobDeadLettered(_, let order, _), .conflictDetected(_, let order, _),
      .conflictResolved(_, let order, _), .sagaChanged(_, let order, _, _):
      return !order.isEmpty
    case .pullProgress(_, let done, let total):
      return done >= 0 && (total ?? 0) >= 0
    case .pullFinished(let inserted, let updated, let merged, let conflicts, let deleted, _):
      return [inserted, updated, merged, conflicts, deleted].allSatisfy { $0 >= 0 }
    case .notification(_, let title, _):
      return !title.isEmpty
    default:
      return true
    }
  }
}
