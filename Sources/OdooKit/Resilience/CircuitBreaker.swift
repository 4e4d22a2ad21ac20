import Foundation
import Synchronization

/// Guards every call to Odoo. The rules live in ``CircuitBreakerStateMachine``; this type only
/// owns the state, reads the clock, and publishes each transition on ``events``.
///
/// The state sits behind a `Mutex` rather than in an actor: asking permission and recording an
/// outcome are a few comparisons, and an actor hop before and after every call to Odoo cost
/// more than that. The lock is never held across an `await`.
package final class CircuitBreaker: Sendable {
  /// A state change, with the wall-clock time for people and logs.
  package struct Event: Sendable, Equatable {
    package var transition: CircuitBreakerStateMachine.Transition
    package var date: Date
  }

  package nonisolated let events: AsyncStream<Event>
  private let eventsContinuation: AsyncStream<Event>.Continuation
  private let machine: Mutex<CircuitBreakerStateMachine>
  private let now: @Sendable () -> ContinuousClock.Instant
  private let wallClock: @Sendable () -> Date

  /// - Parameters:
  ///   - now: The monotonic clock; tests pass a manual one.
  ///   - wallClock: The time stamped on events.
  package init(
    configuration: CircuitBreakerStateMachine.Configuration = .init(),
    now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now },
    wallClock: @escaping @Sendable () -> Date = { Date() }
  ) {
    machine = Mutex(CircuitBreakerStateMachine(configuration: configuration))
    self.now = now
    self.wallClock = wallClock
    // Keep the newest transitions if nobody listens: the UI redraws from the current state.
    (events, eventsContinuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .bufferingNewest(64))
  }

  deinit { eventsContinuation.finish() }

  /// The state and counters read together: a health sample built from ``state`` and
  /// ``consecutiveFailures`` read one after the other can straddle a transition.
  package var snapshot: CircuitBreakerStateMachine { machine.withLock { $0 } }
  package var state: CircuitBreakerStateMachine.State { machine.withLock { $0.state } }

  /// Runs `operation` if the breaker lets it through, and records its outcome.
  ///
  /// `isFailure` decides which errors count against the server (retryable ones); the others
  /// pass through and count as a healthy reply.
  ///
  /// - Throws: ``OdooError`` with code `.breakerOpen` when refused, or what `operation` threw.
  package func run<Value: Sendable>(
    _ label: String,
    isFailure: @Sendable (any Error) -> Bool,
    _ operation: @Sendable () async throws -> Value
  ) async throws -> Value {
    let now = self.now
    let (action, transitions) = machine.withLock { $0.requestPermission(now: now()) }
    publish(transitions)
    guard case .proceed(let isTrial) = action else {
      if case .reject(let retryAt) = action {
        throw OdooError(code: .breakerOpen(retryIn: max(.zero, retryAt - now())), method: label)
      }
      throw OdooError(code: .breakerOpen(retryIn: .zero), method: label)
    }
    let start = now()
    do {
      let value = try await operation()
      record(.success(duration: now() - start), isTrial: isTrial)
      return value
    } catch is CancellationError {
      record(.abandoned, isTrial: isTrial)
      throw CancellationError()
    } catch {
      record(isFailure(error) ? .failure(duration: now() - start) : .success(duration: now() - start), isTrial: isTrial)
      throw error
    }
  }

  private func record(_ outcome: CircuitBreakerStateMachine.Outcome, isTrial: Bool) {
    let now = self.now
    publish(machine.withLock { $0.record(outcome, isTrial: isTrial, now: now()) })
  }

  package func forceOpen() {
    let now = self.now
    publish(machine.withLock { $0.forceOpen(now: now()) })
  }

  package func reset() {
    let now = self.now
    publish(machine.withLock { $0.reset(now: now()) })
  }

  private func publish(_ transitions: [CircuitBreakerStateMachine.Transition]) {
    for transition in transitions {
      eventsContinuation.yield(Event(transition: transition, date: wallClock()))
    }
  }
}
