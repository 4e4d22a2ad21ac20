import Foundation
import Synchronization

/// Owns the ``FaultPlanStateMachine`` behind a lock, reads the clock for it, and sleeps for
/// latency through an injected function, so tests never wait on the wall clock.
package final class FaultInjector: Sendable {
  private let plan: Mutex<FaultPlanStateMachine>
  private let clock: @Sendable () -> Date
  private let sleeper: @Sendable (Duration) async throws -> Void
  /// Requests held by the hang fault, waiting to be let go, and releases that came early.
  private struct HangState: Sendable {
    var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]
    var released: Set<UUID> = []
  }

  private let hangs = Mutex(HangState())

  /// - Parameters:
  ///   - settings: The initial settings.
  ///   - clock: The time source for outage windows.
  ///   - sleep: How latency is spent; tests pass a recording sleeper that returns at once.
  package init(
    settings: FaultSettings = FaultSettings(), clock: @escaping @Sendable () -> Date = { Date() },
    sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
  ) {
    plan = Mutex(FaultPlanStateMachine(settings: settings))
    self.clock = clock
    sleeper = sleep
  }

  package var settings: FaultSettings { plan.withLock { $0.settings } }

  package func update(_ change: (inout FaultSettings) -> Void) {
    plan.withLock { plan in
      var settings = plan.settings
      change(&settings)
      plan.update(settings)
    }
  }

  package func schedule(_ fault: ScheduledFault) { plan.withLock { $0.schedule(fault) } }

  package func startOutage(seconds: Double) {
    let now = clock()
    plan.withLock { $0.startOutage(seconds: seconds, now: now) }
  }

  /// Whether new connections are refused right now.
  package var isInOutage: Bool {
    let now = clock()
    return plan.withLock { $0.isInOutage(now: now) }
  }

  package func clear() { plan.withLock { $0.clear() } }

  package func decide(endpoint: String, model: String?, method: String?) -> FaultDecision {
    let now = clock()
    return plan.withLock { $0.decide(endpoint: endpoint, model: model, method: method, now: now) }
  }

  /// Spends `duration` through the injected sleep (cancellation ends it early).
  package func sleep(_ duration: Duration) async {
    guard duration > .zero else { return }
    try? await sleeper(duration)
  }

  /// Suspends until hang `id` is released (``release(_:)`` or ``releaseHangs()``) or the task
  /// is cancelled. A release that came first is remembered.
  package func waitForRelease(_ id: UUID) async {
    await withTaskCancellationHandler {
      await withCheckedContinuation { continuation in
        let releasedEarly = hangs.withLock { hangs in
          if hangs.released.remove(id) != nil { return true }
          hangs.waiters[id] = continuation
          return false
        }
        // Released, or cancelled before the continuation was stored.
        if releasedEarly { continuation.resume() } else if Task.isCancelled { release(id) }
      }
    } onCancel: {
      release(id)
    }
  }

  /// How many requests the hang fault is holding right now.
  package var heldRequests: Int { hangs.withLock { $0.waiters.count } }

  /// Lets hung request `id` go.
  package func release(_ id: UUID) {
    let waiter = hangs.withLock { hangs in
      guard let waiter = hangs.waiters.removeValue(forKey: id) else {
        hangs.released.insert(id)
        return nil as CheckedContinuation<Void, Never>?
      }
      return waiter
    }
    waiter?.resume()
  }

  /// Lets every hung request go (their connections are then closed without an answer).
  package func releaseHangs() {
    let waiters = hangs.withLock { hangs in
      defer { hangs = HangState() }
      return hangs.waiters
    }
    for waiter in waiters.values { waiter.resume() }
  }

  /// The settings, scheduled faults and outage as JSON for `/sim/faults`.
  package var snapshot: OdooValue {
    let now = clock()
    return plan.withLock { plan in
      let settings = plan.settings
      return [
        "latency_ms": .int(settings.latencyMilliseconds), "jitter_ms": .int(settings.jitterMilliseconds),
        "slow_rate": .double(settings.slowRate), "slow_ms": .int(settings.slowMilliseconds),
        "rates": .object(
          Dictionary(uniqueKeysWithValues: settings.rates.map { ($0.key.rawValue, OdooValue.double($0.value)) })),
        "seed": .int(Int(truncatingIfNeeded: settings.seed)), "hang_limit_s": .double(settings.hangLimitSeconds),
        "outage_remaining_s": .double(max(0, plan.outageUntil?.timeIntervalSince(now) ?? 0)),
        "scheduled": .array(
          plan.scheduled.map { fault in
            var entry: [String: OdooValue] = ["kind": .string(fault.kind.rawValue), "count": .int(fault.count)]
            if let endpoint = fault.endpoint { entry["endpoint"] = .string(endpoint) }
            if let model = fault.model { entry["model"] = .string(model) }
            if let method = fault.method { entry["method"] = .string(method) }
            return .object(entry)
          }),
      ]
    }
  }
}
