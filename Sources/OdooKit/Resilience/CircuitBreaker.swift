import Foundation

/// Guards every call to Odoo. The rules live in ``CircuitBreakerStateMachine``; this actor only
/// owns the state, reads the clock, and publishes each transition on ``events``.
package actor CircuitBreaker {
  /// A state change, with the wall-clock time for people and logs.
  package struct Event: Sendable, Equatable {
    package var transition: CircuitBreakerStateMachine.Transition
    package var date: Date
  }

  package nonisolated let events: AsyncStream<Event>
  private let eventsContinuation: AsyncStream<Event>.Continuation
  private var machine: CircuitBreakerStateMachine
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
    machine = CircuitBreakerStateMachine(configuration: configuration)
    self.now = now
    self.wallClock = wallClock
    // Keep the newest transitions if nobody listens: the UI redraws from the current state.
    (events, eventsContinuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .bufferingNewest(64))
  }

  deinit { eventsContinuation.finish() }

  package var state: CircuitBreakerStateMachine.State { machine.state }
  package var consecutiveFailures: Int { machine.consecutiveFailures }
  package var failureRate: Double { machine.failureRate }

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
    let (action, transitions) = machine.requestPermission(now: now())
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
      publish(machine.record(.success(duration: now() - start), isTrial: isTrial, now: now()))
      return value
    } catch is CancellationError {
      publish(machine.record(.abandoned, isTrial: isTrial, now: now()))
      throw CancellationError()
    } catch {
      let outcome: CircuitBreakerStateMachine.Outcome =
        isFailure(error) ? .failure(duration: now() - start) : .success(duration: now() - start)
      publish(machine.record(outcome, isTrial: isTrial, now: now()))
      throw error
    }
  }

  package func forceOpen() { publish(machine.forceOpen(now: now())) }
  package func reset() { publish(machine.reset(now: now())) }

  private func publish(_ transitions: [CircuitBreakerStateMachine.Transition]) {
    for transition in transitions {
      eventsContinuation.yield(Event(transition: transition, date: wallClock()))
    }
  }
}
