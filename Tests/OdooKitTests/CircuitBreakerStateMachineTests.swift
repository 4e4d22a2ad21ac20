import Testing

@testable import OdooKit

@Suite struct CircuitBreakerStateMachineTests {
  typealias Machine = CircuitBreakerStateMachine
  let t0 = ContinuousClock.now

  func machine(_ configure: (inout Machine.Configuration) -> Void = { _ in }) -> Machine {
    var configuration = Machine.Configuration()
    configuration.failureRateThreshold = nil
    configuration.slowCallThreshold = nil
    configure(&configuration)
    return Machine(configuration: configuration)
  }

  @discardableResult
  func call(_ machine: inout Machine, at offset: Duration, failing: Bool, taking: Duration = .milliseconds(10))
    -> [Machine.Transition]
  {
    let now = t0 + offset
    let (action, opened) = machine.requestPermission(now: now)
    guard case .proceed(let isTrial) = action else { return opened }
    let outcome: Machine.Outcome = failing ? .failure(duration: taking) : .success(duration: taking)
    return opened + machine.record(outcome, isTrial: isTrial, now: now)
  }

  @Test func opensAfterFiveConsecutiveFailures_andRejectsForSixtySeconds() {
    var breaker = machine()
    for index in 0..<4 { #expect(call(&breaker, at: .seconds(index), failing: true).isEmpty) }
    let transitions = call(&breaker, at: .seconds(4), failing: true)
    #expect(transitions.map(\.reason) == [.consecutiveFailures(5)])
    #expect(breaker.state == .open(until: t0 + .seconds(64), forced: false))
    #expect(breaker.requestPermission(now: t0 + .seconds(63)).0 == .reject(retryAt: t0 + .seconds(64)))
  }

  @Test func aSuccessResetsTheConsecutiveCount() {
    var breaker = machine()
    for index in 0..<4 { call(&breaker, at: .seconds(index), failing: true) }
    call(&breaker, at: .seconds(5), failing: false)
    for index in 6..<10 { call(&breaker, at: .seconds(index), failing: true) }
    #expect(breaker.state == .closed)
    #expect(breaker.consecutiveFailures == 4)
  }

  @Test func halfOpen_afterTheOpenPeriod_closesOnSuccess() {
    var breaker = machine()
    for index in 0..<5 { call(&breaker, at: .seconds(index), failing: true) }
    let (action, transitions) = breaker.requestPermission(now: t0 + .seconds(64))
    #expect(action == .proceed(isTrial: true))
    #expect(transitions.map(\.reason) == [.openPeriodEnded])
    let closed = breaker.record(.success(duration: .milliseconds(5)), isTrial: true, now: t0 + .seconds(64))
    #expect(closed.map(\.reason) == [.trialsSucceeded(1)])
    #expect(breaker.state == .closed)
    #expect(breaker.consecutiveFailures == 0)
  }

  @Test func halfOpen_reopensOnATrialFailure() {
    var breaker = machine()
    for index in 0..<5 { call(&breaker, at: .seconds(index), failing: true) }
    let transitions = call(&breaker, at: .seconds(70), failing: true)
    #expect(transitions.map(\.reason) == [.openPeriodEnded, .trialFailed])
    #expect(breaker.state == .open(until: t0 + .seconds(130), forced: false))
  }

  /// The health pane shows the count beside the state: an open breaker must not read "0 / 5".
  @Test func theFailuresThatOpenedTheBreaker_stayCounted_untilItCloses() {
    var breaker = machine()
    for index in 0..<5 { call(&breaker, at: .seconds(index), failing: true) }
    #expect(breaker.state == .open(until: t0 + .seconds(64), forced: false))
    #expect(breaker.consecutiveFailures == 5)
    call(&breaker, at: .seconds(70), failing: true)
    #expect(breaker.consecutiveFailures == 6)
    call(&breaker, at: .seconds(130), failing: false)
    #expect(breaker.state == .closed)
    #expect(breaker.consecutiveFailures == 0)
    for index in 131..<135 { #expect(call(&breaker, at: .seconds(index), failing: true).isEmpty) }
    #expect(breaker.consecutiveFailures == 4)
  }

  @Test func halfOpen_letsAtMostThreeTrialsThrough_noStampede() {
    var breaker = machine { $0.successesToClose = 3 }
    for index in 0..<5 { call(&breaker, at: .seconds(index), failing: true) }
    let now = t0 + .seconds(65)
    let actions = (0..<10).map { _ in breaker.requestPermission(now: now).0 }
    #expect(actions.filter { $0 == .proceed(isTrial: true) }.count == 3)
    #expect(actions.dropFirst(3).allSatisfy { if case .reject = $0 { true } else { false } })
    // Two trials succeed: still half-open (three needed); the third closes.
    #expect(breaker.record(.success(duration: .zero), isTrial: true, now: now).isEmpty)
    #expect(breaker.record(.success(duration: .zero), isTrial: true, now: now).isEmpty)
    #expect(breaker.record(.success(duration: .zero), isTrial: true, now: now).map(\.reason) == [.trialsSucceeded(3)])
  }

  @Test func halfOpen_doesNotStayStuck_whenTrialsNeverReport() {
    var breaker = machine { $0.maxHalfOpenWait = .seconds(30) }
    for index in 0..<5 { call(&breaker, at: .seconds(index), failing: true) }
    // Three trials start and hang.
    for _ in 0..<3 { _ = breaker.requestPermission(now: t0 + .seconds(65)) }
    #expect(breaker.requestPermission(now: t0 + .seconds(90)).0 == .reject(retryAt: t0 + .seconds(90.5)))
    let (action, transitions) = breaker.requestPermission(now: t0 + .seconds(95))
    #expect(transitions.map(\.reason) == [.halfOpenTimedOut])
    #expect(action == .reject(retryAt: t0 + .seconds(155)))
    // After the next open period, trials are admitted again.
    #expect(breaker.requestPermission(now: t0 + .seconds(156)).0 == .proceed(isTrial: true))
  }

  @Test func abandonedTrial_returnsItsPermit() {
    var breaker = machine { $0.halfOpenPermits = 1 }
    for index in 0..<5 { call(&breaker, at: .seconds(index), failing: true) }
    #expect(breaker.requestPermission(now: t0 + .seconds(65)).0 == .proceed(isTrial: true))
    #expect(breaker.requestPermission(now: t0 + .seconds(65)).0 != .proceed(isTrial: true))
    _ = breaker.record(.abandoned, isTrial: true, now: t0 + .seconds(66))
    #expect(breaker.requestPermission(now: t0 + .seconds(66)).0 == .proceed(isTrial: true))
  }

  @Test func failureRate_overACountWindow_opens() {
    var breaker = machine {
      $0.failureRateThreshold = 0.5
      $0.window = .count(10)
      $0.minimumCalls = 10
      $0.consecutiveFailureThreshold = 100
    }
    // Alternate success and failure: never two failures in a row, but half of the calls fail.
    var transitions: [Machine.Transition] = []
    for index in 0..<10 { transitions += call(&breaker, at: .seconds(index), failing: index % 2 == 1) }
    #expect(transitions.map(\.reason) == [.failureRate(0.5)])
  }

  @Test func failureRate_needsTheMinimumNumberOfCalls() {
    var breaker = machine {
      $0.failureRateThreshold = 0.5
      $0.minimumCalls = 10
      $0.consecutiveFailureThreshold = 100
    }
    for index in 0..<9 { call(&breaker, at: .seconds(index), failing: true) }
    #expect(breaker.state == .closed)
    #expect(breaker.failureRate == 1)
  }

  @Test func failureRate_overATimeWindow_forgetsOldCalls() {
    var breaker = machine {
      $0.failureRateThreshold = 0.5
      $0.window = .time(.seconds(10))
      $0.minimumCalls = 4
      $0.consecutiveFailureThreshold = 100
    }
    for index in 0..<3 { call(&breaker, at: .seconds(index), failing: true) }
    // Much later: the old failures left the window.
    for index in 0..<3 { call(&breaker, at: .seconds(100 + index), failing: false) }
    call(&breaker, at: .seconds(103), failing: true)
    #expect(breaker.windowCount == 4)
    #expect(breaker.state == .closed)
  }

  @Test func slowCalls_countAsFailures() {
    var breaker = machine { $0.slowCallThreshold = .seconds(2) }
    for index in 0..<5 { call(&breaker, at: .seconds(index * 10), failing: false, taking: .seconds(3)) }
    #expect(breaker.state == .open(until: t0 + .seconds(100), forced: false))
  }

  @Test func forceOpen_holdsUntilReset() {
    var breaker = machine()
    #expect(breaker.forceOpen(now: t0).map(\.reason) == [.forcedOpen])
    #expect(breaker.requestPermission(now: t0 + .seconds(3_600)).0 != .proceed(isTrial: false))
    #expect(breaker.reset(now: t0 + .seconds(3_601)).map(\.reason) == [.reset])
    #expect(breaker.requestPermission(now: t0 + .seconds(3_601)).0 == .proceed(isTrial: false))
  }

  @Test func callsAdmittedBeforeOpening_doNotCountAfter() {
    var breaker = machine()
    let (first, _) = breaker.requestPermission(now: t0)
    for index in 0..<5 { call(&breaker, at: .seconds(index), failing: true) }
    guard case .proceed(let isTrial) = first else { return }
    #expect(breaker.record(.success(duration: .zero), isTrial: isTrial, now: t0 + .seconds(6)).isEmpty)
    #expect(breaker.state == .open(until: t0 + .seconds(64), forced: false))
  }
}
