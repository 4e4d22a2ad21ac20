import Foundation

/// Turns HTTP responses into values or ``OdooError``s, for each wire format.
///
/// Whatever arrives — HTML from a proxy, a truncated body, JSON of the wrong shape — becomes an
/// error with a readable reason, never a crash. Odoo's messages are redacted of the caller's
/// secrets before they are kept.
enum ReplyDecoding {
  /// Decodes a JSON-RPC 2.0 reply (`/jsonrpc`, `/web/session/*`, `/web/dataset/call_kw`). With
  /// `expectedID`, a reply that names another request (a cache or proxy mixing answers up) is
  /// refused rather than taken for this one's.
  static func jsonRPC(_ response: HTTPResponse, label: String, secrets: [String], expectedID: Int? = nil)
    throws(OdooError) -> OdooValue
  {
    guard response.status == 200 else { throw httpError(response, label: label, secrets: secrets) }
    guard let reply = OdooValue.decode(response.body) else { throw notJSON(response, label: label) }
    guard let object = reply.object else {
      throw OdooError(code: .malformedReply("expected a JSON-RPC object"), method: label)
    }
    // Some servers and proxies send `"error": null` beside a result: that is no error.
    if let error = object["error"], error != .null {
      throw odooError(fromJSONRPC: error, label: label, secrets: secrets)
    }
    guard object["jsonrpc"] != nil || object["id"] != nil || object["result"] != nil else {
      throw OdooError(code: .malformedReply("not a JSON-RPC reply"), method: label)
    }
    if let expectedID, let id = object["id"], id != .null, id != .int(expectedID) {
      throw OdooError(code: .malformedReply("a reply to another request"), method: label)
    }
    // A method that returns None has no `result` at all.
    return object["result"] ?? .null
  }

  /// Decodes a JSON-2 reply: the bare value on 200, Odoo's error object otherwise.
  static func json2(_ response: HTTPResponse, label: String, secrets: [String]) throws(OdooError) -> OdooValue {
    if response.status == 200 {
      guard let value = OdooValue.decode(response.body) else { throw notJSON(response, label: label) }
      return value
    }
    guard let error = OdooValue.decode(response.body)?.object, let name = error["name"]?.string else {
      throw httpError(response, label: label, secrets: secrets)
    }
    let message = error["message"]?.string.map { OdooError.redacting($0, secrets: secrets) }
    let code: OdooError.Code =
      switch response.status {
      case 401: .accessDenied
      case 403: name.hasSuffix("AccessDenied") ? .accessDenied : .accessError
      case 404: name.hasSuffix("MissingError") ? .recordMissing : .serverError(exceptionName: name)
      case 409: .serverError(exceptionName: name)
      case 422: .userError(exceptionName: name)
      case 400, 405, 415: .httpStatus(response.status)
      // Overloaded or restarting, whatever exception names it: worth trying again later.
      case 408, 429, 502, 503, 504: .httpStatus(response.status)
      default: exceptionCode(name: name)
      }
    throw OdooError(code: code, method: label, remoteMessage: message, retryAfter: response.retryAfter)
  }

  /// Maps a JSON-RPC `error` member (`{"code", "message", "data": {"name", "message"}}`).
  static func odooError(fromJSONRPC error: OdooValue, label: String, secrets: [String]) -> OdooError {
    let code = error["code"]?.int
    let data = error["data"]
    let name = data?["name"]?.string ?? ""
    let message = (data?["message"]?.string ?? error["message"]?.string).map {
      OdooError.redacting($0, secrets: secrets)
    }
    if code == 100 || name.hasSuffix("SessionExpiredException") {
      return OdooError(code: .sessionExpired, method: label, remoteMessage: message)
    }
    if code == 404 {
      return OdooError(code: .httpStatus(404), method: label, remoteMessage: message)
    }
    return OdooError(code: exceptionCode(name: name), method: label, remoteMessage: message)
  }

  /// The error code for an Odoo exception class name.
  static func exceptionCode(name: String) -> OdooError.Code {
    switch name {
    case "odoo.exceptions.AccessDenied": .accessDenied
    case "odoo.exceptions.AccessError": .accessError
    case "odoo.exceptions.MissingError": .recordMissing
    case "odoo.exceptions.UserError", "odoo.exceptions.ValidationError", "odoo.exceptions.RedirectWarning":
      .userError(exceptionName: name)
    case "odoo.http.SessionExpiredException": .sessionExpired
    default: .serverError(exceptionName: name.isEmpty ? "unknown" : name)
    }
  }

  /// A reply that is not Odoo's: a proxy's page, a gateway error. Its first bytes help tell
  /// what answered; the caller's secrets are removed from them, since some proxies echo the
  /// request back.
  private static func httpError(_ response: HTTPResponse, label: String, secrets: [String]) -> OdooError {
    // Redacted before it is cut, so no part of a secret survives at the cut.
    let body = String(decoding: response.body.prefix(1_000), as: UTF8.self)
    let snippet = String(OdooError.redacting(body, secrets: secrets).prefix(120))
    let kind = response.header("content-type") ?? "no content type"
    return OdooError(
      code: .httpStatus(response.status), method: label,
      remoteMessage: "\(kind): " + TerminalSafe.oneLine(snippet), retryAfter: response.retryAfter)
  }

  private static func notJSON(_ response: HTTPResponse, label: String) -> OdooError {
    let start = String(decoding: response.body.prefix(40), as: UTF8.self)
    let reason =
      response.body.isEmpty
      ? "empty body"
      : start.trimmingCharacters(in: .whitespaces).hasPrefix("<") ? "HTML instead of JSON" : "not JSON (truncated?)"
    return OdooError(code: .malformedReply(reason), method: label)
  }
}

/// Keeps text from a server on one line without control characters, for error messages.
enum TerminalSafe {
  static func oneLine(_ text: String) -> String {
    String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
  }
}
