import Foundation

/// One HTTP request to Odoo.
package struct HTTPRequest: Sendable, Equatable {
  package enum Method: String, Sendable { case get = "GET", post = "POST" }

  package var method: Method
  package var url: String
  /// Header name and value pairs, sent in order.
  package var headers: [(String, String)]
  package var body: Data
  /// Overrides the transport's total timeout for this request.
  package var timeout: Duration?
  /// Whether sending the request twice does no harm. A request that is not is never sent on a
  /// kept-alive connection: libcurl silently resends a request when a reused connection turns
  /// out to be closed, and a create whose reply was lost must not be created twice.
  package var isIdempotent: Bool

  package init(
    method: Method = .post, url: String, headers: [(String, String)] = [], body: Data = Data(), timeout: Duration? = nil,
    isIdempotent: Bool = true
  ) {
    self.method = method
    self.url = url
    self.headers = headers
    self.body = body
    self.timeout = timeout
    self.isIdempotent = isIdempotent
  }

  package static func == (lhs: HTTPRequest, rhs: HTTPRequest) -> Bool {
    lhs.method == rhs.method && lhs.url == rhs.url && lhs.body == rhs.body && lhs.timeout == rhs.timeout
      && lhs.isIdempotent == rhs.isIdempotent
      && lhs.headers.map { "\($0.0):\($0.1)" } == rhs.headers.map { "\($0.0):\($0.1)" }
  }
}

/// One HTTP response: status, headers (names lower-cased) and body.
package struct HTTPResponse: Sendable, Equatable {
  package var status: Int
  /// Lower-cased header names; repeated headers (such as `set-cookie`) keep every value.
  package var headers: [String: [String]]
  package var body: Data

  package init(status: Int, headers: [String: [String]] = [:], body: Data = Data()) {
    self.status = status
    self.headers = headers
    self.body = body
  }

  /// The first value of a header, by case-insensitive name.
  package func header(_ name: String) -> String? { headers[name.lowercased()]?.first }

  /// `Retry-After` in seconds, when the server sent one as a number.
  package var retryAfter: Duration? {
    header("retry-after").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }.map { .seconds($0) }
  }
}

/// Sends HTTP requests. The real one is ``CurlTransport``; tests may pass others.
package protocol HTTPTransport: Sendable {
  /// Sends `request` and returns the response, whatever its status.
  ///
  /// - Throws: ``OdooError`` for failures before a response: `.transport`, `.timeout`,
  ///   `.poolExhausted`, `.malformedReply` (too large).
  func send(_ request: HTTPRequest, label: String) async throws(OdooError) -> HTTPResponse
}
