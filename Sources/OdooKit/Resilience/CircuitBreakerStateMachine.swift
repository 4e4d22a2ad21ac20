/// The rules of Farmacy's circuit breaker, as a value with time passed in.
///
/// States: **closed** (calls pass; failures are counted), **open** (calls are refused until the
/// open period ends), **half-open** (a few trial calls pass; one failure reopens, enough
/// successes close). The breaker opens when either rule trips:
///
/// - `consecutiveFailureThreshold` failures in a row (5 by default), or
/// - a failure rate at or above `failureRateThreshold` over the sliding window (the last
///   `window` calls, or the calls of the last `window` duration), once the window holds at least
///   `minimumCalls`.
///
/// A call slower than `slowCallThreshold` counts as a failure even if it succeeded. Only
/// failures the caller calls retryable should be recorded as failures: a validation error means
/// the server is healthy.
///
/// Half-open lets at most `halfOpenPermits` calls through at once; more concurrent callers are
/// refused rather than stampeding a recovering server. If the trials do not report back within
/// `maxHalfOpenWait` (a hung call, a cancelled task), the breaker reopens instead of staying
/// half-open for ever.
///
/// Every state change is returned as a ``Transition`` with its instant and reason; the
/// ``CircuitBreaker`` actor publishes them.
package struct CircuitBreakerStateMachine: Sendable {
  package typealias Instant = ContinuousClock.Instant

  package struct Configuration: Sendable, Equatable {
    package enum Window: Sendable, Equatable {
      /// The last N calls.
      case count(Int)
      /// The calls of the last duration.
      case time(Duration)
    }

    package var consecutiveFailureThreshold = 5
    /// A rate in 0…1; `nil` disables the rate rule.
    package var failureRateThreshold: Double? = 0.5
    package var window: Window = .count(20)
    package var minimumCalls = 10
    package var slowCallThreshold: Duration? = .seconds(10)
    package var openDuration: Duration = .seconds(60)
    package var halfOpenPermits = 3
    /// Successful trials needed to close again.
    package var successesToClose = 1
    package var maxHalfOpenWait: Duration = .seconds(30)

    package init() {}
  }

  package enum State: Sendable, Equatable {
    case closed
    case open(until: Instant, forced: Bool)
    case halfOpen(since: Instant, inFlight: Int, successes: Int)
  }

  /// Why a state changed.
  package enum Reason: Sendable, Equatable {
    case consecutiveFailures(Int)
    case failureRate(Double)
    case openPeriodEnded
    case trialFailed
    case trialsSucceeded(Int)
    case halfOpenTimedOut
    case forcedOpen
    case reset
  }

  package struct Transition: Sendable, Equatable {
    package var from: State
    package var to: State
    package var at: Instant
    package var reason: Reason
  }

  package enum PermissionAction: Sendable, Equatable {
    /// Make the call, then report its outcome with the same trial flag.
    case proceed(isTrial: Bool)
    /// Do not call; the breaker expects to let calls through again at `retryAt`.
    case reject(retryAt: Instant)
  }

  package enum Outcome: Sendable, Equatable {
    case success(duration: Duration)
    case failure(duration: Duration)
    /// The call ended without telling anything about the server (cancelled by the caller).
    case abandoned
  }

  package let configuration: Configuration
  package private(set) var state: State = .closed
  /// Failures in a row since the last success, reset or close: it keeps the count that opened
  /// the breaker while it is open, and grows with each failed trial, so it never reads less than
  /// the threshold on a breaker that those failures opened.
  package private(set) var consecutiveFailures = 0
  /// Outcomes in the sliding window: `true` for a failure.
  private var window: [(at: Instant, failed: Bool)] = []

  package init(configuration: Configuration = Configuration()) {
    self.configuration = configuration
  }

  /// The failure rate over the current window (0 when empty).
  package var failureRate: Double {
    window.isEmpty ? 0 : Double(window.filter(\.failed).count) / Double(window.count)
  }

  /// Calls recorded in the current window.
  package var windowCount: Int { window.count }

  // MARK: - Asking and reporting

  /// Whether a call may go to the server now. Moves open → half-open when the open period has
  /// ended, and half-open → open when trials have been silent for too long.
  package mutating func requestPermission(now: Instant) -> (PermissionAction, [Transition]) {
    var transitions: [Transition] = []
    switch state {
    case .closed:
      return (.proceed(isTrial: false), [])
    case .open(let until, let forced):
      if forced || now < until { return (.reject(retryAt: until), []) }
      transitions.append(move(to: .halfOpen(since: now, inFlight: 0, successes: 0), at: now, reason: .openPeriodEnded))
      return admitTrial(now: now, transitions: transitions)
    case .halfOpen(let since, let inFlight, _):
      if inFlight > 0, now - since >= configuration.maxHalfOpenWait {
        let until = now + configuration.openDuration
        transitions.append(move(to: .open(until: until, forced: false), at: now, reason: .halfOpenTimedOut))
        return (.reject(retryAt: until), transitions)
      }
      return admitTrial(now: now, transitions: transitions)
    }
  }

  private mutating func admitTrial(now: Instant, transitions: [Transition]) -> (PermissionAction, [Transition]) {
    guard case .halfOpen(let since, let inFlight, let successes) = state else {
      return (.proceed(isTrial: false), transitions)
    }
    guard inFlight < configuration.halfOpenPermits else {
      // Everyone else waits for the trials; retry shortly.
      return (.reject(retryAt: now + .milliseconds(500)), transitions)
    }
    state = .halfOpen(since: since, inFlight: inFlight + 1, successes: successes)
    return (.proceed(isTrial: true), transitions)
  }

  /// Records how a permitted call ended.
  package mutating func record(_ outcome: Outcome, isTrial: Bool, now: Instant) -> [Transition] {
    let failed: Bool
    switch outcome {
    case .abandoned:
      if isTrial, case .halfOpen(let since, let inFlight, let successes) = state {
        state = .halfOpen(since: since, inFlight: max(0, inFlight - 1), successes: successes)
      }
      return []
    case .success(let duration):
      failed = configuration.slowCallThreshold.map { duration > $0 } ?? false
    case .failure:
      failed = true
    }

    switch state {
    case .open:
      // A call admitted before the breaker opened: it tells nothing new.
      return []
    case .halfOpen(let since, let inFlight, let successes):
      guard isTrial else { return [] }
      if failed {
        consecutiveFailures += 1
        return [
          move(
            to: .open(until: now + configuration.openDuration, forced: false), at: now, reason: .trialFailed)
        ]
      }
      let succeeded = successes + 1
      if succeeded >= configuration.successesToClose {
        resetCounters()
        return [move(to: .closed, at: now, reason: .trialsSucceeded(succeeded))]
      }
      state = .halfOpen(since: since, inFlight: max(0, inFlight - 1), successes: succeeded)
      return []
    case .closed:
      consecutiveFailures = failed ? consecutiveFailures + 1 : 0
      window.append((now, failed))
      trimWindow(now: now)
      if failed, consecutiveFailures >= configuration.consecutiveFailureThreshold {
        let count = consecutiveFailures
        return [
          move(
            to: .open(until: now + configuration.openDuration, forced: false), at: now,
            reason: .consecutiveFailures(count))
        ]
      }
      if failed, let threshold = configuration.failureRateThreshold, window.count >= configuration.minimumCalls,
        failureRate >= threshold
      {
        let rate = failureRate
        return [
          move(to: .open(until: now + configuration.openDuration, forced: false), at: now, reason: .failureRate(rate))
        ]
      }
      return []
    }
  }

  // MARK: - Manual control

  /// Opens the breaker until ``reset(now:)``, whatever the calls do.
  package mutating func forceOpen(now: Instant) -> [Transition] {
    if case .open(_, true) = state { return [] }
    return [move(to: .open(until: now + configuration.openDuration, forced: true), at: now, reason: .forcedOpen)]
  }

  /// Closes the breaker and forgets its counters.
  package mutating func reset(now: Instant) -> [Transition] {
    resetCounters()
    if state == .closed { return [] }
    return [move(to: .closed, at: now, reason: .reset)]
  }

  // MARK: - Helpers

  private mutating func move(to next: State, at now: Instant, reason: Reason) -> Transition {
    let transition = Transition(from: state, to: next, at: now, reason: reason)
    state = next
    return transition
  }

  private mutating func resetCounters() {
    consecutiveFailures = 0
    window.removeAll()
  }

  private mutating func trimWindow(now: Instant) {
    switch configuration.window {
    case .count(let size):
      if window.count > size { window.removeFirst(window.count - size) }
    case .time(let span):
      window.removeAll { now - $0.at > span }
    }
  }
}
