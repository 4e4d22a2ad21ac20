import Foundation
import Testing

@testable import OdooKit

@Suite struct ReplyDecodingTests {
  func response(_ body: String, status: Int = 200, type: String = "application/json") -> HTTPResponse {
    HTTPResponse(status: status, headers: ["content-type": [type]], body: Data(body.utf8))
  }

  @Test func jsonRPC_missingResult_isNull() throws {
    #expect(try ReplyDecoding.jsonRPC(response(#"{"jsonrpc":"2.0","id":1}"#), label: "x", secrets: []) == .null)
    #expect(try ReplyDecoding.jsonRPC(response(#"{"jsonrpc":"2.0","id":1,"result":[1,2]}"#), label: "x", secrets: []) == [1, 2])
  }

  @Test(arguments: [
    ("<html><body>502 Bad Gateway</body></html>", "HTML instead of JSON"),
    (#"{"jsonrpc":"2.0","id":1,"result":[1,2"#, "not JSON (truncated?)"),
    ("", "empty body"),
    ("[1,2,3]", "expected a JSON-RPC object"),
    (#"{"hello":"world"}"#, "not a JSON-RPC reply"),
  ])
  func malformedJSONRPC_isAMalformedReply(body: String, reason: String) {
    do {
      _ = try ReplyDecoding.jsonRPC(response(body), label: "purchase.order/read", secrets: [])
      Issue.record("decoded garbage")
    } catch {
      #expect(error.code == .malformedReply(reason))
      #expect(error.method == "purchase.order/read")
    }
  }

  @Test(arguments: [
    ("odoo.exceptions.AccessDenied", 200, OdooError.Code.accessDenied),
    ("odoo.exceptions.AccessError", 200, .accessError),
    ("odoo.exceptions.MissingError", 200, .recordMissing),
    ("odoo.exceptions.ValidationError", 200, .userError(exceptionName: "odoo.exceptions.ValidationError")),
    ("odoo.http.SessionExpiredException", 100, .sessionExpired),
    ("builtins.ValueError", 200, .serverError(exceptionName: "builtins.ValueError")),
  ])
  func jsonRPCErrors_mapByExceptionName(name: String, code: Int, expected: OdooError.Code) {
    let body = #"{"jsonrpc":"2.0","id":1,"error":{"code":\#(code),"message":"Odoo Server Error","data":{"name":"\#(name)","message":"it failed for s3cret","arguments":[],"debug":"Traceback"}}}"#
    do {
      _ = try ReplyDecoding.jsonRPC(response(body), label: "m", secrets: ["s3cret"])
      Issue.record("no error")
    } catch {
      #expect(error.code == expected)
      #expect(error.remoteMessage == "it failed for ***")
    }
  }

  @Test(arguments: [
    (401, "werkzeug.exceptions.Unauthorized", OdooError.Code.accessDenied),
    (403, "odoo.exceptions.AccessError", .accessError),
    (404, "odoo.exceptions.MissingError", .recordMissing),
    (422, "odoo.exceptions.UserError", .userError(exceptionName: "odoo.exceptions.UserError")),
    (500, "builtins.KeyError", .serverError(exceptionName: "builtins.KeyError")),
    (415, "werkzeug.exceptions.UnsupportedMediaType", .httpStatus(415)),
  ])
  func json2Errors_mapByStatusAndName(status: Int, name: String, expected: OdooError.Code) {
    let body = #"{"name":"\#(name)","message":"no","arguments":["no"],"context":{},"debug":"Traceback"}"#
    do {
      _ = try ReplyDecoding.json2(response(body, status: status), label: "m", secrets: [])
      Issue.record("no error")
    } catch {
      #expect(error.code == expected)
    }
  }

  @Test func json2_bareValues_andHTMLErrors() throws {
    #expect(try ReplyDecoding.json2(response("[7]"), label: "m", secrets: []) == [7])
    #expect(try ReplyDecoding.json2(response("null"), label: "m", secrets: []) == .null)
    do {
      _ = try ReplyDecoding.json2(response("<html>Bad Gateway</html>", status: 502, type: "text/html"), label: "m", secrets: [])
      Issue.record("no error")
    } catch {
      #expect(error.code == .httpStatus(502))
      #expect(error.isRetryable)
    }
  }

  @Test func sessionCookie_isFoundAmongCookies() {
    let response = HTTPResponse(
      status: 200, headers: ["set-cookie": ["tz=UTC; Path=/", "session_id=abc123; Expires=Thu; HttpOnly; Path=/"]])
    #expect(WebSessionWire.sessionCookie(in: response) == "abc123")
    #expect(WebSessionWire.sessionCookie(in: HTTPResponse(status: 200)) == nil)
  }

  @Test func callArguments_goPositionalForJSONRPC_andNamedForJSON2() {
    let call = OdooCall(
      model: "purchase.order", method: "write", ids: [7], arguments: [("vals", ["origin": "x"])],
      keywords: ["context": ["lang": "en_US"]])
    #expect(call.positionalArguments == [[7], ["origin": "x"]])
    #expect(call.namedArguments == ["ids": [7], "vals": ["origin": "x"], "context": ["lang": "en_US"]])
  }
}

/// Replies that look like errors but are not, errors that pass, and what is kept of a proxy's page.
@Suite struct ReplyDecodingEdgeTests {
  func response(_ body: String, status: Int = 200, headers: [String: [String]] = [:]) -> HTTPResponse {
    HTTPResponse(status: status, headers: ["content-type": ["application/json"]].merging(headers) { $1 }, body: Data(body.utf8))
  }

  @Test func jsonRPC_aReplyToAnotherRequest_isRefused() throws {
    let reply = response(#"{"jsonrpc":"2.0","id":7,"result":[4]}"#)
    #expect(try ReplyDecoding.jsonRPC(reply, label: "x", secrets: [], expectedID: 7) == [4])
    do {
      _ = try ReplyDecoding.jsonRPC(reply, label: "x", secrets: [], expectedID: 8)
      Issue.record("taken for request 8")
    } catch {
      #expect(error.code == .malformedReply("a reply to another request"))
    }
  }

  @Test func jsonRPC_withANullError_isTheResult() throws {
    let reply = response(#"{"jsonrpc":"2.0","id":1,"result":[4],"error":null}"#)
    #expect(try ReplyDecoding.jsonRPC(reply, label: "x", secrets: []) == [4])
  }

  @Test(arguments: [429, 502, 503, 504])
  func json2_overloadedOrRestarting_isRetryable_andKeepsRetryAfter(status: Int) {
    let reply = response(
      #"{"name":"werkzeug.exceptions.ServiceUnavailable","message":"busy"}"#, status: status,
      headers: ["retry-after": ["30"]])
    do {
      _ = try ReplyDecoding.json2(reply, label: "purchase.order/write", secrets: [])
      Issue.record("no error")
    } catch {
      #expect(error.code == .httpStatus(status))
      #expect(error.isRetryable)
      #expect(error.retryAfter == .seconds(30))
    }
  }

  @Test func databaseLockConflicts_areRetryable() {
    for name in ["psycopg2.errors.DeadlockDetected", "psycopg2.errors.LockNotAvailable", "psycopg2.errors.SerializationFailure"] {
      #expect(OdooError(code: ReplyDecoding.exceptionCode(name: name), method: "x").isRetryable, "\(name)")
    }
    #expect(!OdooError(code: ReplyDecoding.exceptionCode(name: "builtins.ValueError"), method: "x").isRetryable)
  }

  @Test func aProxyPageEchoingTheRequest_keepsNoSecret() {
    let secret = "hunter2-very-secret"
    let echo = String(repeating: "x", count: 100) + #"{"password":"\#(secret)"}"#
    do {
      _ = try ReplyDecoding.jsonRPC(response(echo, status: 400), label: "common/authenticate", secrets: [secret])
      Issue.record("no error")
    } catch {
      #expect(error.code == .httpStatus(400))
      #expect(!(error.remoteMessage ?? "").contains("hunter"), "not even the part before the cut")
      #expect(!error.description.contains("hunter2"))
    }
  }
}
