import Foundation

/// An error from talking to Odoo, with what happened, where, Odoo's own message, and whether
/// trying again later can succeed.
///
/// The description never contains a password, an API key or a session id: requests are not
/// quoted, and Odoo's messages are passed through ``OdooError/redacting(_:secrets:)`` by the
/// client before they land here.
package struct OdooError: Error, Sendable, Equatable, CustomStringConvertible {
  package enum Code: Sendable, Equatable {
    /// libcurl failed before an HTTP status arrived (DNS, refused, reset, TLS).
    case transport(curlCode: Int32, detail: String)
    /// The connect or total timeout passed.
    case timeout
    /// No pooled connection became free within the acquire timeout.
    case poolExhausted
    /// An HTTP status outside 2xx that is not an Odoo error object.
    case httpStatus(Int)
    /// Wrong login, password or API key, or too many failed logins.
    case accessDenied
    /// The user may not do this (`AccessError`).
    case accessError
    /// The record does not exist or was deleted (`MissingError`).
    case recordMissing
    /// Odoo refused the data or the step (`UserError`, `ValidationError`).
    case userError(exceptionName: String)
    /// The web session expired or was never opened.
    case sessionExpired
    /// Any other server-side exception.
    case serverError(exceptionName: String)
    /// The reply was not what the protocol promises (HTML, truncated, not JSON, wrong shape,
    /// too large).
    case malformedReply(String)
    /// The circuit breaker refused the call; it lets calls through again after `retryIn`.
    case breakerOpen(retryIn: Duration)
  }

  package var code: Code
  /// `model/method`, e.g. `purchase.order/write`, or the route for non-ORM calls.
  package var method: String
  /// Odoo's message, when it sent one.
  package var remoteMessage: String?
  /// The server's `Retry-After`, when it sent one.
  package var retryAfter: Duration?

  package init(code: Code, method: String, remoteMessage: String? = nil, retryAfter: Duration? = nil) {
    self.code = code
    self.method = method
    self.remoteMessage = remoteMessage
    self.retryAfter = retryAfter
  }

  /// Whether the same call may succeed later. Feeds the breaker and the outbox.
  package var isRetryable: Bool {
    switch code {
    case .transport, .timeout, .poolExhausted, .breakerOpen, .sessionExpired: true
    case .httpStatus(let status): status == 408 || status == 429 || status >= 500
    case .malformedReply: true
    case .serverError(let name):
      // PostgreSQL conflicts between transactions: the same call succeeds once the other ends.
      ["SerializationFailure", "ConcurrencyError", "DeadlockDetected", "LockNotAvailable"].contains {
        name.contains($0)
      }
    case .accessDenied, .accessError, .recordMissing, .userError: false
    }
  }

  /// Whether the call surely did not reach Odoo's database, so even a call that is unsafe to
  /// repeat can be sent again: the breaker stopped it, no connection could be made (name not
  /// resolved, connection refused, no free connection), or the session had expired before it ran.
  package var surelyNotApplied: Bool {
    switch code {
    case .breakerOpen, .poolExhausted, .sessionExpired: true
    case .transport(let curlCode, _): curlCode == 6 || curlCode == 7
    default: false
    }
  }

  package var description: String {
    let what: String =
      switch code {
      case .transport(let curlCode, let detail) where curlCode == Self.curlPeerFailedVerification:
        "Odoo's TLS certificate is not trusted (\(detail), curl \(curlCode)); "
          + "if the server is yours, give the CA that signed it as ca_bundle"
      case .transport(let curlCode, let detail): "cannot reach Odoo (\(detail), curl \(curlCode))"
      case .timeout: "Odoo did not answer in time"
      case .poolExhausted: "no connection to Odoo became free in time"
      case .httpStatus(let status): "Odoo answered HTTP \(status)"
      case .accessDenied: "Odoo refused the login or API key"
      case .accessError: "the Odoo user may not do this"
      case .recordMissing: "the record does not exist in Odoo"
      case .userError: "Odoo refused the change"
      case .sessionExpired: "the Odoo session expired"
      case .serverError(let name): "Odoo failed (\(name))"
      case .malformedReply(let detail): "Odoo's reply could not be read (\(detail))"
      case .breakerOpen(let retryIn):
        "Odoo calls are paused after repeated failures; next try in \(retryIn.components.seconds) s"
      }
    var text = "\(method): \(what)"
    if let remoteMessage, !remoteMessage.isEmpty { text += ": \(remoteMessage)" }
    return text
  }

  /// libcurl's `CURLE_PEER_FAILED_VERIFICATION`: the server's certificate or name did not
  /// check out against the CA bundle.
  package static let curlPeerFailedVerification: Int32 = 60

  /// `text` with every occurrence of each secret replaced by `***`.
  package static func redacting(_ text: String, secrets: [String]) -> String {
    secrets.filter { $0.count >= 4 }.reduce(text) { $0.replacingOccurrences(of: $1, with: "***") }
  }
}
