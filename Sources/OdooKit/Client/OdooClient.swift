import Foundation
import Synchronization

/// The sync engine's only way to Odoo: typed ORM calls over the chosen wire protocol, each
/// through the circuit breaker and the retry policy.
///
/// ```swift
/// let client = OdooClient(endpoint: endpoint)
/// let connection = try await client.connect()          // version, protocol, login, field names
/// let orders = try await client.searchRead(
///   "purchase.order", domain: [["write_date", ">", "2026-03-14 09:00:00"]],
///   fields: ["name", "state", "write_date"], order: "write_date asc, id asc", limit: 200)
/// ```
///
/// Retries happen only for retryable errors (``OdooError/isRetryable``), with backoff from
/// ``RetryPolicy``; time and randomness are injected so tests run without waiting.
///
/// The little state the client keeps (the wire chosen by ``connect()`` and what it found) sits
/// behind a `Mutex` that is never held across an `await`, so a call goes from the caller's task
/// to the transport and back without an actor hop on either side.
package final class OdooClient: Sendable {
  /// What ``connect()`` found out.
  package struct Connection: Sendable, Equatable {
    package var version: OdooServerVersion
    package var protocolKind: OdooProtocolKind
    package var uid: Int
    package var fields: OdooFieldNames
  }

  package nonisolated let endpoint: OdooEndpoint
  package nonisolated let transport: any HTTPTransport
  package nonisolated let breaker: CircuitBreaker
  private let retryPolicy: RetryPolicy
  private let sleep: @Sendable (Duration) async throws -> Void
  private let random: @Sendable () -> Double
  private let protocolOverride: OdooProtocolKind?
  private struct State {
    var wire: (any OdooWire)?
    var connection: Connection?
  }
  private let state = Mutex(State())

  /// What ``connect()`` found out, once it has run.
  package var connection: Connection? { state.withLock { $0.connection } }
  private var wire: (any OdooWire)? { state.withLock { $0.wire } }

  /// - Parameters:
  ///   - protocolKind: Force a protocol; `nil` chooses from the server version and the secret.
  ///   - sleep: Waits between retries; tests pass one that returns at once and records.
  ///   - random: Jitter in 0..<1.
  package init(
    endpoint: OdooEndpoint,
    transport: any HTTPTransport = CurlTransport(),
    breaker: CircuitBreaker = CircuitBreaker(),
    retryPolicy: RetryPolicy = RetryPolicy(),
    protocolKind: OdooProtocolKind? = nil,
    sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
    random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
  ) {
    self.endpoint = endpoint
    self.transport = transport
    self.breaker = breaker
    self.retryPolicy = retryPolicy
    protocolOverride = protocolKind
    self.sleep = sleep
    self.random = random
  }

  // MARK: - Connecting

  /// Detects the server version, chooses the protocol, signs in, and checks the field names.
  ///
  /// JSON-2 is chosen when the server has it and the secret is an API key; otherwise JSON-RPC
  /// on ≤ 18 and the web session on 19+ (where `/jsonrpc` is deprecated).
  @discardableResult
  package func connect() async throws(OdooError) -> Connection {
    let version = try await detectVersion()
    let kind =
      protocolOverride
      ?? (version.hasJSON2 && endpoint.secretIsAPIKey ? .json2 : version.major >= 19 ? .webSession : .jsonRPC)
    let wire: any OdooWire =
      switch kind {
      case .jsonRPC: JSONRPCWire(endpoint: endpoint, transport: transport)
      case .webSession: WebSessionWire(endpoint: endpoint, transport: transport)
      case .json2: JSON2Wire(endpoint: endpoint, transport: transport)
      }
    state.withLock { $0.wire = wire }
    let uid = try await resilient("authenticate") { () async throws(OdooError) -> Int in try await wire.authenticate() }
    var fields = OdooFieldNames(version: version)
    let orderFields = try await fieldsGet("purchase.order", attributes: ["type"])
    let lineFields = try await fieldsGet("purchase.order.line", attributes: ["type"])
    fields.confirm(orderFields: Set(orderFields.keys), lineFields: Set(lineFields.keys))
    let connection = Connection(version: version, protocolKind: kind, uid: uid, fields: fields)
    state.withLock { $0.connection = connection }
    return connection
  }

  /// Asks the server its version: `/web/webclient/version_info`, then `GET /web/version`.
  package func detectVersion() async throws(OdooError) -> OdooServerVersion {
    try await resilient("web/webclient/version_info") { () async throws(OdooError) -> OdooServerVersion in
      let response = try await self.transport.send(
        HTTPRequest(
          url: self.endpoint.baseURL + "/web/webclient/version_info", headers: JSONRPCEnvelope.headers,
          body: JSONRPCEnvelope.body(id: 0, params: [:])), label: "web/webclient/version_info")
      if response.status == 200, let result = try? ReplyDecoding.jsonRPC(response, label: "version", secrets: []),
        let version = OdooServerVersion(info: result["server_version_info"], serie: result["server_serie"]?.string)
      {
        return version
      }
      let fallback = try await self.transport.send(
        HTTPRequest(method: .get, url: self.endpoint.baseURL + "/web/version"), label: "web/version")
      let value = try ReplyDecoding.json2(fallback, label: "web/version", secrets: [])
      guard let version = OdooServerVersion(info: value["version_info"], serie: value["version"]?.string) else {
        throw OdooError(code: .malformedReply("no version in the reply"), method: "web/version")
      }
      return version
    }
  }

  // MARK: - Calls

  /// Sends any ORM call, through the breaker and the retry policy.
  package func call(_ call: OdooCall) async throws(OdooError) -> OdooValue {
    guard let wire else {
      throw OdooError(code: .sessionExpired, method: call.label, remoteMessage: "not connected; call connect() first")
    }
    return try await resilient(call.label, repeatable: call.isIdempotent) { () async throws(OdooError) -> OdooValue in
      try await wire.call(call)
    }
  }

  /// Runs `operation` through the breaker, retrying retryable failures per the policy. An
  /// operation that is not `repeatable` is tried again only when it surely did not reach Odoo
  /// (the breaker was open, no connection could be made, the session had expired): after a
  /// timeout or a lost reply it may have been applied, and the caller must find out first.
  private func resilient<Value: Sendable>(
    _ label: String, repeatable: Bool = true, _ operation: @escaping @Sendable () async throws(OdooError) -> Value
  ) async throws(OdooError) -> Value {
    var attempt = 1
    while true {
      do {
        return try await breaker.run(label, isFailure: { ($0 as? OdooError)?.isRetryable ?? true }) {
          try await operation()
        }
      } catch let error as OdooError {
        let retryable = error.isRetryable && (repeatable || error.surelyNotApplied)
        switch retryPolicy.decision(
          afterAttempt: attempt, isRetryable: retryable, retryAfter: error.retryAfter, random: random())
        {
        case .giveUp:
          throw error
        case .retry(let delay):
          // An open breaker says when it will let calls through; waiting less is pointless.
          var wait = delay
          if case .breakerOpen(let retryIn) = error.code { wait = max(delay, retryIn) }
          do { try await sleep(wait) } catch { throw OdooError(code: .timeout, method: label, remoteMessage: "cancelled") }
          attempt += 1
        }
      } catch {
        throw OdooError(code: .transport(curlCode: -1, detail: "cancelled"), method: label)
      }
    }
  }
}
