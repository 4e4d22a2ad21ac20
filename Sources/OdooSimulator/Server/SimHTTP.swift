import Foundation

/// An HTTP request as the simulator's protocol adapters see it: no server library types, so
/// the adapters run the same in-process and behind a socket.
package struct SimHTTPRequest: Sendable {
  package var method: String
  /// The path without its query string, e.g. `/web/dataset/call_kw`.
  package var path: String
  package var query: [String: String]
  /// Header values by lower-cased name.
  package var headers: [String: String]
  package var body: [UInt8]
  /// The client's address without the port; the login cooldown counts per address.
  package var remoteAddress: String

  package init(
    method: String = "POST", path: String, query: [String: String] = [:], headers: [String: String] = [:],
    body: [UInt8] = [], remoteAddress: String = "127.0.0.1"
  ) {
    self.method = method
    self.path = path
    self.query = query
    self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { _, last in last })
    self.body = body
    self.remoteAddress = remoteAddress
  }

  /// A JSON POST, as every JSON route expects.
  package static func json(_ path: String, _ body: OdooValue, headers: [String: String] = [:]) -> SimHTTPRequest {
    var all = headers
    all["Content-Type"] = "application/json"
    return SimHTTPRequest(path: path, headers: all, body: JSONCodec.encode(body))
  }

  /// The value of cookie `name`, if sent.
  package func cookie(_ name: String) -> String? {
    guard let header = headers["cookie"] else { return nil }
    for part in header.split(separator: ";") {
      let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
      if pair.count == 2, pair[0] == name { return pair[1] }
    }
    return nil
  }

  /// The media type of the body without parameters (`application/json`).
  package var mediaType: String {
    (headers["content-type"] ?? "").split(separator: ";").first.map {
      $0.trimmingCharacters(in: .whitespaces).lowercased()
    } ?? ""
  }
}

/// A response from the simulator, before any fault decides whether it is really sent.
package struct SimHTTPResponse: Sendable {
  package var status: Int
  package var headers: [(String, String)]
  package var body: [UInt8]

  package init(status: Int = 200, headers: [(String, String)] = [], body: [UInt8] = []) {
    self.status = status
    self.headers = headers
    self.body = body
  }

  package static func json(_ value: OdooValue, status: Int = 200) -> SimHTTPResponse {
    SimHTTPResponse(status: status, headers: [("Content-Type", "application/json")], body: JSONCodec.encode(value))
  }

  package static func xml(_ text: String) -> SimHTTPResponse {
    SimHTTPResponse(status: 200, headers: [("Content-Type", "text/xml; charset=utf-8")], body: Array(text.utf8))
  }

  /// An HTML error page like werkzeug's (or a proxy's, for 502/503).
  package static func html(status: Int, title: String, description: String) -> SimHTTPResponse {
    let page = """
      <!doctype html>
      <html lang=en>
      <title>\(status) \(title)</title>
      <h1>\(title)</h1>
      <p>\(XMLRPCCodec.escape(description))</p>

      """
    return SimHTTPResponse(
      status: status, headers: [("Content-Type", "text/html; charset=utf-8")], body: Array(page.utf8))
  }

  package var bodyText: String { String(decoding: body, as: UTF8.self) }

  package func header(_ name: String) -> String? {
    headers.first { $0.0.lowercased() == name.lowercased() }?.1
  }
}

/// What the server does with a request: answer it, or misbehave on purpose.
package enum SimHTTPOutcome: Sendable {
  case respond(SimHTTPResponse)
  /// Close the connection with a TCP reset before answering (nothing was executed).
  case resetConnection
  /// Never answer; keep the connection open until the client gives up.
  case hang
  /// The call was executed and committed; close the connection without answering.
  case dropAfterCommit(SimHTTPResponse)

  /// The response, when one is sent.
  package var response: SimHTTPResponse? {
    if case .respond(let response) = self { return response }
    return nil
  }
}

/// One Odoo call, parsed and ready to run: the fault layer looks at its endpoint, model and
/// method before deciding whether and how it runs.
package struct PreparedCall: Sendable {
  package var endpoint: String
  package var model: String?
  package var method: String?
  /// Executes the call (committing it) and builds the protocol's answer.
  package var run: @Sendable () -> SimHTTPResponse
  /// Builds the protocol's answer for an error raised instead of running the call.
  package var fail: @Sendable (OdooServerError) -> SimHTTPResponse

  package init(
    endpoint: String, model: String? = nil, method: String? = nil, run: @escaping @Sendable () -> SimHTTPResponse,
    fail: @escaping @Sendable (OdooServerError) -> SimHTTPResponse
  ) {
    self.endpoint = endpoint
    self.model = model
    self.method = method
    self.run = run
    self.fail = fail
  }

  /// A request that is answered without reaching the engine (a malformed body, a 404).
  static func immediate(endpoint: String, _ response: SimHTTPResponse) -> PreparedCall {
    PreparedCall(endpoint: endpoint, run: { response }, fail: { _ in response })
  }
}

extension JSONCodec {
  /// Encodes an object with its keys in the given order (JSON-2 puts `debug` last).
  static func encodeOrdered(_ members: [(String, OdooValue)]) -> [UInt8] {
    var out: [UInt8] = [UInt8(ascii: "{")]
    for (index, member) in members.enumerated() {
      if index > 0 { out.append(contentsOf: Array(", ".utf8)) }
      out.append(contentsOf: encode(.string(member.0)))
      out.append(contentsOf: Array(": ".utf8))
      out.append(contentsOf: encode(member.1))
    }
    out.append(UInt8(ascii: "}"))
    return out
  }
}
