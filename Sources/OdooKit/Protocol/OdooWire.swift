import Foundation
import Synchronization

/// A wire protocol: sends ORM calls and signs in the way its endpoint wants.
package protocol OdooWire: Sendable {
  var kind: OdooProtocolKind { get }
  /// Signs in (or checks the key) and returns the user id.
  func authenticate() async throws(OdooError) -> Int
  func call(_ call: OdooCall) async throws(OdooError) -> OdooValue
}

/// Builds a JSON-RPC 2.0 request body.
///
/// The envelope's members are written in sorted order around the params, the same bytes as
/// encoding the whole envelope as an ``OdooValue`` but without building dictionaries for it.
enum JSONRPCEnvelope {
  static func body(id: Int, params: OdooValue) -> Data {
    body(id: id) { params.write(to: &$0) }
  }

  /// `execute_kw`-style params (`{"args": […], "method": …, "service": …}`), for `/jsonrpc`.
  static func body(id: Int, service: String, method: String, args: [OdooValue]) -> Data {
    body(id: id) { bytes in
      bytes.append(contentsOf: #"{"args":"#.utf8)
      OdooValue.array(args).write(to: &bytes)
      bytes.append(contentsOf: #","method":"#.utf8)
      OdooValue.writeString(method, to: &bytes)
      bytes.append(contentsOf: #","service":"#.utf8)
      OdooValue.writeString(service, to: &bytes)
      bytes.append(UInt8(ascii: "}"))
    }
  }

  private static func body(id: Int, params writeParams: (inout [UInt8]) -> Void) -> Data {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(256)
    bytes.append(contentsOf: #"{"id":"#.utf8)
    OdooValue.writeInteger(id, to: &bytes)
    bytes.append(contentsOf: #","jsonrpc":"2.0","method":"call","params":"#.utf8)
    writeParams(&bytes)
    bytes.append(UInt8(ascii: "}"))
    return Data(bytes)
  }

  static let headers = [("Content-Type", "application/json"), ("Accept", "application/json")]
}

/// `POST /jsonrpc`: stateless, credentials in every call (`execute_kw`).
///
/// The signed-in user id and the request counter sit behind a `Mutex` (never held across an
/// `await`), so a call goes straight to the transport without an actor hop.
package final class JSONRPCWire: OdooWire {
  package let kind = OdooProtocolKind.jsonRPC
  private let endpoint: OdooEndpoint
  private let transport: any HTTPTransport
  private struct State {
    var uid: Int?
    var nextID = 1
  }
  private let state = Mutex(State())

  package init(endpoint: OdooEndpoint, transport: any HTTPTransport) {
    self.endpoint = endpoint
    self.transport = transport
  }

  package func authenticate() async throws(OdooError) -> Int {
    let result = try await send(
      service: "common", method: "authenticate",
      args: [.string(endpoint.database), .string(endpoint.login), .string(endpoint.secret), .object([:])],
      label: "common/authenticate")
    guard let uid = result.int else {
      // `false`: wrong login or secret.
      throw OdooError(code: .accessDenied, method: "common/authenticate", remoteMessage: "login or password refused")
    }
    state.withLock { $0.uid = uid }
    return uid
  }

  package func call(_ call: OdooCall) async throws(OdooError) -> OdooValue {
    let uid = try await currentUID()
    return try await send(
      service: "object", method: "execute_kw",
      args: [
        .string(endpoint.database), .int(uid), .string(endpoint.secret), .string(call.model), .string(call.method),
        .array(call.positionalArguments), .object(call.keywords),
      ], label: call.label, isIdempotent: call.isIdempotent)
  }

  private func currentUID() async throws(OdooError) -> Int {
    if let uid = state.withLock({ $0.uid }) { return uid }
    return try await authenticate()
  }

  private func send(service: String, method: String, args: [OdooValue], label: String, isIdempotent: Bool = true)
    async throws(OdooError) -> OdooValue
  {
    let id = state.withLock { state in
      defer { state.nextID += 1 }
      return state.nextID
    }
    let body = JSONRPCEnvelope.body(id: id, service: service, method: method, args: args)
    let response = try await transport.send(
      HTTPRequest(
        url: endpoint.baseURL + "/jsonrpc", headers: JSONRPCEnvelope.headers, body: body, isIdempotent: isIdempotent),
      label: label)
    return try ReplyDecoding.jsonRPC(response, label: label, secrets: [endpoint.secret], expectedID: id)
  }
}

/// The web client's session: `/web/session/authenticate` sets a `session_id` cookie that
/// `/web/dataset/call_kw` needs. An expired session is renewed once, transparently.
package actor WebSessionWire: OdooWire {
  package nonisolated let kind = OdooProtocolKind.webSession
  private let endpoint: OdooEndpoint
  private let transport: any HTTPTransport
  private var sessionID: String?
  private var uid: Int?
  private var nextID = 1
  /// How many times a session was opened; tests read it.
  package private(set) var authentications = 0

  package init(endpoint: OdooEndpoint, transport: any HTTPTransport) {
    self.endpoint = endpoint
    self.transport = transport
  }

  package func authenticate() async throws(OdooError) -> Int {
    let label = "web/session/authenticate"
    let (response, id) = try await post(
      "/web/session/authenticate",
      params: ["db": .string(endpoint.database), "login": .string(endpoint.login), "password": .string(endpoint.secret)],
      label: label, withCookie: false)
    let info = try ReplyDecoding.jsonRPC(response, label: label, secrets: secrets, expectedID: id)
    guard let uid = info["uid"]?.int else {
      throw OdooError(
        code: .accessDenied, method: label, remoteMessage: "no session (two-factor login needs an API key)")
    }
    guard let cookie = Self.sessionCookie(in: response) else {
      throw OdooError(code: .malformedReply("no session_id cookie"), method: label)
    }
    sessionID = cookie
    self.uid = uid
    authentications += 1
    return uid
  }

  package func call(_ call: OdooCall) async throws(OdooError) -> OdooValue {
    if sessionID == nil { _ = try await authenticate() }
    do {
      return try await callOnce(call)
    } catch where error.code == .sessionExpired {
      // Sessions expire or are reaped; sign in again once, then give up.
      _ = try await authenticate()
      return try await callOnce(call)
    }
  }

  private func callOnce(_ call: OdooCall) async throws(OdooError) -> OdooValue {
    let (response, id) = try await post(
      "/web/dataset/call_kw/\(call.model)/\(call.method)",
      params: [
        "model": .string(call.model), "method": .string(call.method), "args": .array(call.positionalArguments),
        "kwargs": .object(call.keywords),
      ], label: call.label, withCookie: true, isIdempotent: call.isIdempotent)
    if let rotated = Self.sessionCookie(in: response) { sessionID = rotated }
    return try ReplyDecoding.jsonRPC(response, label: call.label, secrets: secrets, expectedID: id)
  }

  private var secrets: [String] { [endpoint.secret] + (sessionID.map { [$0] } ?? []) }

  private func post(
    _ path: String, params: [String: OdooValue], label: String, withCookie: Bool, isIdempotent: Bool = true
  ) async throws(OdooError) -> (response: HTTPResponse, id: Int) {
    let id = nextID
    nextID += 1
    var headers = JSONRPCEnvelope.headers
    if withCookie, let sessionID { headers.append(("Cookie", "session_id=\(sessionID)")) }
    let response = try await transport.send(
      HTTPRequest(
        url: endpoint.baseURL + path, headers: headers, body: JSONRPCEnvelope.body(id: id, params: .object(params)),
        isIdempotent: isIdempotent), label: label)
    return (response, id)
  }

  /// The `session_id` value from `Set-Cookie` headers, if any.
  static func sessionCookie(in response: HTTPResponse) -> String? {
    for header in response.headers["set-cookie"] ?? [] {
      for part in header.split(separator: ";") {
        let pair = part.trimmingCharacters(in: .whitespaces)
        if pair.hasPrefix("session_id=") {
          let value = String(pair.dropFirst("session_id=".count))
          return value.isEmpty ? nil : value
        }
      }
    }
    return nil
  }
}

/// JSON-2 (`/json/2/<model>/<method>`, Odoo 19+): named arguments, a bearer API key, bare JSON
/// results.
package struct JSON2Wire: OdooWire {
  package let kind = OdooProtocolKind.json2
  private let endpoint: OdooEndpoint
  private let transport: any HTTPTransport

  package init(endpoint: OdooEndpoint, transport: any HTTPTransport) {
    self.endpoint = endpoint
    self.transport = transport
  }

  package func authenticate() async throws(OdooError) -> Int {
    let context = try await call(OdooCall(model: "res.users", method: "context_get"))
    guard let uid = context["uid"]?.int else {
      throw OdooError(code: .malformedReply("context_get without uid"), method: "res.users/context_get")
    }
    return uid
  }

  package func call(_ call: OdooCall) async throws(OdooError) -> OdooValue {
    let headers = [
      ("Content-Type", "application/json; charset=utf-8"), ("Accept", "application/json"),
      ("Authorization", "bearer \(endpoint.secret)"), ("X-Odoo-Database", endpoint.database),
    ]
    let response = try await transport.send(
      HTTPRequest(
        url: endpoint.baseURL + "/json/2/\(call.model)/\(call.method)", headers: headers,
        body: OdooValue.object(call.namedArguments).jsonData, isIdempotent: call.isIdempotent), label: call.label)
    return try ReplyDecoding.json2(response, label: call.label, secrets: [endpoint.secret])
  }
}
