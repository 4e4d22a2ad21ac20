import Foundation

/// Where an Odoo server is and how to sign in.
///
/// `secret` is a password or an API key; it is sent only in request bodies or the
/// `Authorization` header, never in a URL, and is redacted from every error message.
package struct OdooEndpoint: Sendable, Equatable {
  /// `https://erp.example.com`, without a trailing slash.
  package var baseURL: String
  package var database: String
  package var login: String
  package var secret: String
  /// Whether `secret` is an API key (needed for JSON-2).
  package var secretIsAPIKey: Bool

  package init(baseURL: String, database: String, login: String, secret: String, secretIsAPIKey: Bool = false) {
    var url = baseURL
    while url.hasSuffix("/") { url.removeLast() }
    self.baseURL = url
    self.database = database
    self.login = login
    self.secret = secret
    self.secretIsAPIKey = secretIsAPIKey
  }
}

/// The wire protocol a client speaks.
package enum OdooProtocolKind: String, Sendable, Equatable, CaseIterable {
  /// `POST /jsonrpc` with `execute_kw` (all versions; deprecated in 19).
  case jsonRPC = "jsonrpc"
  /// `/web/session/authenticate` + `/web/dataset/call_kw` with the session cookie.
  case webSession = "web"
  /// `POST /json/2/<model>/<method>` with a bearer API key (19+).
  case json2 = "json2"
}

/// The server's version, as `common.version` or `/web/version` tells it.
package struct OdooServerVersion: Sendable, Equatable, CustomStringConvertible {
  package var major: Int
  package var minor: Int
  /// `17.0`, `saas~18.4`…
  package var serie: String

  package init(major: Int, minor: Int, serie: String) {
    self.major = major
    self.minor = minor
    self.serie = serie
  }

  /// Reads `server_version_info` / `version_info`: `[17, 0, 0, "final", 0, ""]`. SaaS versions
  /// look like `["saas~18", 4, …]`.
  package init?(info: OdooValue?, serie: String?) {
    guard let parts = info?.array, parts.count >= 2 else { return nil }
    if let major = parts[0].int {
      self.major = major
    } else if let text = parts[0].string, let major = Int(text.filter(\.isNumber)) {
      self.major = major
    } else {
      return nil
    }
    minor = parts[1].int ?? 0
    self.serie = serie ?? "\(major).\(minor)"
  }

  /// Whether JSON-2 exists (19.0, and SaaS 18.4 and later).
  package var hasJSON2: Bool { major >= 19 || (major == 18 && minor >= 4) }

  package var description: String { serie }
}
