import Testing

@testable import OdooKit

@Suite struct RetryPolicyTests {
  let policy = RetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(100), maxDelay: .seconds(1))

  @Test func backoffDoubles_withFullJitter_upToTheCap() {
    #expect(policy.decision(afterAttempt: 1, isRetryable: true, retryAfter: nil, random: 0.5) == .retry(after: .milliseconds(50)))
    #expect(policy.decision(afterAttempt: 2, isRetryable: true, retryAfter: nil, random: 0.5) == .retry(after: .milliseconds(100)))
    #expect(policy.decision(afterAttempt: 3, isRetryable: true, retryAfter: nil, random: 0.5) == .retry(after: .milliseconds(200)))
    #expect(policy.decision(afterAttempt: 4, isRetryable: true, retryAfter: nil, random: 0.999) == .retry(after: .milliseconds(800) * 0.999))
    let capped = RetryPolicy(maxAttempts: 20, baseDelay: .milliseconds(100), maxDelay: .seconds(1))
    #expect(capped.decision(afterAttempt: 15, isRetryable: true, retryAfter: nil, random: 0.5) == .retry(after: .milliseconds(500)))
    #expect(policy.decision(afterAttempt: 1, isRetryable: true, retryAfter: nil, random: 0) == .retry(after: .zero))
  }

  @Test func givesUp_afterTheBudget_orOnNonRetryableErrors() {
    #expect(policy.decision(afterAttempt: 5, isRetryable: true, retryAfter: nil, random: 0.5) == .giveUp)
    #expect(policy.decision(afterAttempt: 1, isRetryable: false, retryAfter: nil, random: 0.5) == .giveUp)
    #expect(RetryPolicy.none.decision(afterAttempt: 1, isRetryable: true, retryAfter: nil, random: 0.5) == .giveUp)
  }

  @Test func honoursRetryAfter_withinReason() {
    #expect(policy.decision(afterAttempt: 1, isRetryable: true, retryAfter: .seconds(7), random: 0.1) == .retry(after: .seconds(7)))
    #expect(policy.decision(afterAttempt: 1, isRetryable: true, retryAfter: .seconds(3_600), random: 0.1) == .giveUp)
  }
}

