/// When to try a failed call again: exponential backoff with full jitter, a cap, `Retry-After`,
/// and a budget of attempts.
///
/// Pure: the random number is passed in (0 ≤ `random` < 1), so the delays of a test are exact.
/// "Full jitter" picks the delay uniformly between zero and the exponential bound, which
/// spreads retries of many clients instead of synchronising them.
package struct RetryPolicy: Sendable, Equatable {
  /// Attempts in all, the first included (1 means no retry).
  package var maxAttempts = 4
  package var baseDelay: Duration = .milliseconds(200)
  package var maxDelay: Duration = .seconds(30)
  /// The longest `Retry-After` honoured; a server asking for more gets the call abandoned.
  package var maxRetryAfter: Duration = .seconds(120)

  package init(
    maxAttempts: Int = 4, baseDelay: Duration = .milliseconds(200), maxDelay: Duration = .seconds(30),
    maxRetryAfter: Duration = .seconds(120)
  ) {
    self.maxAttempts = maxAttempts
    self.baseDelay = baseDelay
    self.maxDelay = maxDelay
    self.maxRetryAfter = maxRetryAfter
  }

  /// No retries at all.
  package static let none = RetryPolicy(maxAttempts: 1)

  package enum Decision: Sendable, Equatable {
    case retry(after: Duration)
    case giveUp
  }

  /// What to do after attempt number `attempt` (1-based) failed.
  ///
  /// - Parameters:
  ///   - isRetryable: The error's verdict; non-retryable errors are never retried.
  ///   - retryAfter: The server's `Retry-After`, if it sent one; it replaces the backoff (but
  ///     never shortens it below the server's wish).
  ///   - random: A uniform number in 0..<1.
  package func decision(afterAttempt attempt: Int, isRetryable: Bool, retryAfter: Duration?, random: Double) -> Decision {
    guard isRetryable, attempt < maxAttempts else { return .giveUp }
    if let retryAfter {
      return retryAfter <= maxRetryAfter ? .retry(after: max(retryAfter, .zero)) : .giveUp
    }
    let exponent = min(attempt - 1, 30)
    let bound = min(baseDelay * (1 << exponent), maxDelay)
    let fraction = min(max(random, 0), 0.999_999_999)
    return .retry(after: bound * fraction)
  }
}
