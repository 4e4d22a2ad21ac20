import Foundation
import Testing

@testable import OdooSimulator

/// Error and result shapes of every protocol (odoo-api.md §1, §2), in-process.
@Suite struct ProtocolTests {
  static func simulator(_ version: OdooVersion = .v17) throws -> (SimulatedOdoo, Fixture) {
    let fixture = try Fixture(version: version)
    return (SimulatedOdoo(engine: fixture.engine), fixture)
  }

  static func body(_ outcome: SimHTTPOutcome) throws -> OdooValue {
    let response = try #require(outcome.response)
    return try JSONCodec.parse(response.body)
  }

  static func jsonrpc(_ service: String, _ method: String, _ args: OdooValue) -> SimHTTPRequest {
    .json(
      "/jsonrpc",
      [
        "jsonrpc": "2.0", "method": "call", "id": 7,
        "params": ["service": .string(service), "method": .string(method), "args": args],
      ])
  }

  // MARK: - JSON-RPC

  @Test func jsonrpc_versionLoginAndExecuteKw() async throws {
    let (simulator, _) = try Self.simulator()
    let version = try Self.body(await simulator.handle(Self.jsonrpc("common", "version", [])))
    #expect(version["result"]?["server_version"] == "17.0")
    #expect(version["id"] == 7)
    let login = try Self.body(await simulator.handle(Self.jsonrpc("common", "login", ["farmacy", "admin", "admin"])))
    #expect(login["result"] == .int(SeedIDs.admin))
    let bad = try Self.body(await simulator.handle(Self.jsonrpc("common", "login", ["farmacy", "admin", "nope"])))
    #expect(bad["result"] == .bool(false))
    let count = try Self.body(
      await simulator.handle(
        Self.jsonrpc("object", "execute_kw", ["farmacy", 2, "admin", "res.partner", "search_count", [[]], [:]])))
    #expect(count["result"]?.intValue ?? 0 > 0)
  }

  @Test func jsonrpc_omitsResultForNone() async throws {
    let (simulator, fixture) = try Self.simulator()
    let order = try fixture.order()
    let response = try Self.body(
      await simulator.handle(
        Self.jsonrpc(
          "object", "execute_kw", ["farmacy", 2, "admin", "purchase.order", "button_cancel", [[.int(order)]]])))
    #expect(response.objectValue?.keys.contains("result") == false)
    #expect(response["error"] == nil)
  }

  @Test func jsonrpc_errorObject_hasOdoosShape() async throws {
    let (simulator, fixture) = try Self.simulator()
    let order = try fixture.order()
    let outcome = await simulator.handle(
      Self.jsonrpc("object", "execute_kw", ["farmacy", 2, "admin", "purchase.order", "unlink", [[.int(order)]]]))
    #expect(outcome.response?.status == 200)
    let error = try #require(try Self.body(outcome)["error"])
    #expect(error["code"] == 200)
    #expect(error["message"] == "Odoo Server Error")
    #expect(error["data"]?["name"] == "odoo.exceptions.UserError")
    #expect(error["data"]?["message"] == "In order to delete a purchase order, you must cancel it first.")
    #expect(error["data"]?["arguments"] == ["In order to delete a purchase order, you must cancel it first."])
    #expect(error["data"]?["context"] == .object([:]))
    #expect(error["data"]?["debug"]?.stringValue?.hasPrefix("Traceback") == true)
    let denied = try Self.body(
      await simulator.handle(
        Self.jsonrpc("object", "execute_kw", ["farmacy", 2, "wrong", "res.partner", "search", [[]]])))
    #expect(denied["error"]?["data"]?["name"] == "odoo.exceptions.AccessDenied")
  }

  @Test func jsonrpc_rejectsWrongContentTypeAndBadJSON() async throws {
    let (simulator, _) = try Self.simulator()
    let plain = await simulator.handle(
      SimHTTPRequest(path: "/jsonrpc", headers: ["Content-Type": "text/plain"], body: Array("{}".utf8)))
    #expect(plain.response?.status == 400)
    let garbage = await simulator.handle(
      SimHTTPRequest(path: "/jsonrpc", headers: ["Content-Type": "application/json"], body: Array("{nope".utf8)))
    #expect(garbage.response?.status == 400)
    #expect(garbage.response?.bodyText.contains("Invalid JSON data") == true)
  }

  // MARK: - Web session

  @Test func webSession_setsAndRotatesTheCookie_andCallKwNeedsIt() async throws {
    let (simulator, _) = try Self.simulator()
    let login: OdooValue = [
      "jsonrpc": "2.0", "id": 1, "params": ["db": "farmacy", "login": "buyer", "password": "buyer"],
    ]
    let first = try #require(await simulator.handle(.json("/web/session/authenticate", login)).response)
    let second = try #require(await simulator.handle(.json("/web/session/authenticate", login)).response)
    let cookie = try #require(first.header("Set-Cookie"))
    #expect(cookie.hasPrefix("session_id="))
    #expect(cookie.contains("HttpOnly"))
    #expect(cookie != second.header("Set-Cookie"))
    let info = try JSONCodec.parse(first.body)
    #expect(info["result"]?["uid"] == .int(SeedIDs.buyer))
    #expect(info["result"]?["user_context"]?["uid"] == .int(SeedIDs.buyer))
    let session = String(cookie.split(separator: ";")[0])
    let call: OdooValue = [
      "jsonrpc": "2.0", "id": 2,
      "params": ["model": "purchase.order", "method": "search_count", "args": [[]], "kwargs": [:]],
    ]
    let ok = try Self.body(
      await simulator.handle(
        .json("/web/dataset/call_kw/purchase.order/search_count", call, headers: ["Cookie": session])))
    #expect(ok["result"] == .int(0))
    let missing = try Self.body(await simulator.handle(.json("/web/dataset/call_kw", call)))
    #expect(missing["error"]?["code"] == 100)
    #expect(missing["error"]?["message"] == "Odoo Session Expired")
    #expect(missing["error"]?["data"]?["name"] == "odoo.http.SessionExpiredException")
    simulator.engine.expireAllSessions()
    let expired = try Self.body(
      await simulator.handle(.json("/web/dataset/call_kw", call, headers: ["Cookie": session])))
    #expect(expired["error"]?["code"] == 100)
  }

  @Test func webSession_refusesAPIKeys_andWrongPasswords() async throws {
    let (simulator, fixture) = try Self.simulator()
    let key = try #require(fixture.engine.accounts.first { $0.login == "admin" }?.apiKeys.first)
    let withKey = try Self.body(
      await simulator.handle(
        .json("/web/session/authenticate", ["params": ["db": "farmacy", "login": "admin", "password": .string(key)]])))
    #expect(withKey["error"]?["data"]?["name"] == "odoo.exceptions.AccessDenied")
    // …while RPC takes the key in place of the password.
    let rpc = try Self.body(
      await simulator.handle(Self.jsonrpc("common", "login", ["farmacy", "admin", .string(key)])))
    #expect(rpc["result"] == .int(SeedIDs.admin))
  }

  @Test func sessionLifetime_expiresIdleSessions() async throws {
    let (simulator, fixture) = try Self.simulator()
    fixture.engine.setSessionLifetime(60)
    let login = try #require(
      await simulator.handle(
        .json("/web/session/authenticate", ["params": ["db": "farmacy", "login": "admin", "password": "admin"]])
      ).response)
    let session = String(try #require(login.header("Set-Cookie")).split(separator: ";")[0])
    let call: OdooValue = ["params": ["model": "res.users", "method": "context_get", "args": [], "kwargs": [:]]]
    #expect(
      try Self.body(await simulator.handle(.json("/web/dataset/call_kw", call, headers: ["Cookie": session])))[
        "result"]?["uid"] == .int(2))
    fixture.clock.advance(by: 61)
    #expect(
      try Self.body(await simulator.handle(.json("/web/dataset/call_kw", call, headers: ["Cookie": session])))[
        "error"]?["code"] == 100)
  }

  // MARK: - XML-RPC

  static func xmlCall(_ method: String, _ params: String) -> [UInt8] {
    Array(
      "<?xml version='1.0'?>\n<methodCall>\n<methodName>\(method)</methodName>\n<params>\n\(params)</params>\n</methodCall>\n"
        .utf8)
  }

  static func param(_ value: String) -> String { "<param>\n<value>\(value)</value>\n</param>\n" }

  static func executeKw(_ model: String, _ method: String, args: String, password: String = "admin") -> [UInt8] {
    xmlCall(
      "execute_kw",
      param("<string>farmacy</string>") + param("<int>2</int>") + param("<string>\(password)</string>")
        + param("<string>\(model)</string>")
        + param("<string>\(method)</string>") + param(args))
  }

  @Test func xmlrpc_faultCodesByExceptionClass() async throws {
    let (simulator, fixture) = try Self.simulator()
    let order = try fixture.order()
    func fault(_ body: [UInt8]) async throws -> (Int, String) {
      let text = try #require(
        await simulator.handle(
          SimHTTPRequest(path: "/xmlrpc/2/object", headers: ["Content-Type": "text/xml"], body: body)
        ).response
      ).bodyText
      #expect(text.contains("<fault>"))
      let code = text.components(separatedBy: "<name>faultCode</name>\n<value><int>")[1].prefix { $0.isNumber }
      return (Int(code) ?? -1, text)
    }
    let idArray = "<array><data>\n<value><int>\(order)</int></value>\n</data></array>"
    let args = "<array><data>\n<value>\(idArray)</value>\n</data></array>"
    #expect(try await fault(Self.executeKw("purchase.order", "unlink", args: args)).0 == 2)
    #expect(try await fault(Self.executeKw("purchase.order", "unlink", args: args, password: "bad")).0 == 3)
    let viewerCall = Self.xmlCall(
      "execute_kw",
      Self.param("<string>farmacy</string>") + Self.param("<int>7</int>") + Self.param("<string>viewer</string>")
        + Self.param("<string>purchase.order</string>") + Self.param("<string>write</string>")
        + Self.param(
          "<array><data>\n<value>\(idArray)</value>\n<value><struct><member><name>origin</name><value><string>x</string></value></member></struct></value></data></array>"
        ))
    #expect(try await fault(viewerCall).0 == 4)
    // None cannot be marshalled: a fault 1 with a traceback, after the cancel committed.
    let (code, text) = try await fault(Self.executeKw("purchase.order", "button_cancel", args: args))
    #expect(code == 1)
    #expect(text.contains("cannot marshal None unless allow_none is enabled"))
    #expect(try fixture.state(order) == "cancel")
    let (missingCode, _) = try await fault(
      Self.executeKw(
        "purchase.order", "search",
        args:
          "<array><data>\n<value><array><data><value><array><data><value><string>nope</string></value><value><string>=</string></value><value><int>1</int></value></data></array></value></data></array></value>\n</data></array>"
      ))
    #expect(missingCode == 1)
  }

  @Test func xmlrpc_answersWithDatetimesAsStrings() async throws {
    let (simulator, fixture) = try Self.simulator()
    let order = try fixture.order()
    let args =
      "<array><data>\n<value><array><data><value><int>\(order)</int></value></data></array></value><value><array><data><value><string>write_date</string></value></data></array></value>\n</data></array>"
    let text = try #require(
      await simulator.handle(
        SimHTTPRequest(
          path: "/xmlrpc/2/object", headers: ["Content-Type": "text/xml"],
          body: Self.executeKw("purchase.order", "read", args: args))
      ).response
    ).bodyText
    #expect(text.contains("<name>write_date</name>\n<value><string>2026-05-28 20:26:40</string></value>"))
    #expect(!text.contains("dateTime.iso8601"))
  }

  @Test func xmlrpcCodec_roundTripsPythonsEncoding() throws {
    let body = Array(
      """
      <?xml version='1.0'?>
      <methodCall><methodName>execute_kw</methodName><params>
      <param><value><string>a &amp; b &lt;c&gt;</string></value></param>
      <param><value>bare</value></param>
      <param><value><boolean>1</boolean></value></param>
      <param><value><double>2.5</double></value></param>
      <param><value><nil/></value></param>
      <param><value><struct><member><name>k</name><value><i4>-3</i4></value></member></struct></value></param>
      <param><value><array><data></data></array></value></param>
      </params></methodCall>
      """.utf8)
    let (method, params) = try XMLRPCCodec.parseCall(body)
    #expect(method == "execute_kw")
    #expect(params == ["a & b <c>", "bare", true, 2.5, nil, ["k": -3], []])
    #expect(throws: XMLRPCCodec.MarshalError.self) { try XMLRPCCodec.response(.int(1 << 40)) }
    #expect(throws: XMLRPCCodec.MarshalError.self) { try XMLRPCCodec.response(nil) }
  }

  // MARK: - JSON-2

  static func json2(_ path: String, _ body: String, key: String?, contentType: String = "application/json")
    -> SimHTTPRequest
  {
    var headers = ["Content-Type": contentType]
    if let key { headers["Authorization"] = "bearer \(key)" }
    return SimHTTPRequest(path: path, headers: headers, body: Array(body.utf8))
  }

  @Test func json2_statusesAndBareResults() async throws {
    let (simulator, fixture) = try Self.simulator(.v19)
    let key = try #require(fixture.engine.accounts.first { $0.login == "buyer" }?.apiKeys.first)
    let viewerKey = try #require(fixture.engine.accounts.first { $0.login == "viewer" }?.apiKeys.first)
    let order = try fixture.order()
    let unauthorized = try #require(
      await simulator.handle(Self.json2("/json/2/purchase.order/search", "{}", key: "0" + key.dropFirst())).response)
    #expect(unauthorized.status == 401)
    #expect(unauthorized.header("WWW-Authenticate") == "bearer")
    #expect(
      unauthorized.bodyText.hasPrefix(
        "{\"name\": \"werkzeug.exceptions.Unauthorized\", \"message\": \"Invalid apikey\""))
    #expect(unauthorized.bodyText.contains("\"debug\": \"Traceback"))
    #expect(
      await simulator.handle(Self.json2("/json/2/purchase.order/search", "{}", key: key, contentType: "text/plain"))
        .response?.status == 415)
    #expect(
      await simulator.handle(Self.json2("/json/2/purchase.order/search", "[1]", key: key)).response?.status == 400)
    #expect(await simulator.handle(Self.json2("/json/2/no.model/search", "{}", key: key)).response?.status == 404)
    #expect(
      await simulator.handle(Self.json2("/json/2/purchase.order/_private", "{}", key: key)).response?.status == 404)
    #expect(
      await simulator.handle(Self.json2("/json/2/purchase.order/search", "{\"domain\": [], \"ids\": [1]}", key: key))
        .response?.status == 422)
    #expect(
      await simulator.handle(Self.json2("/json/2/purchase.order/search", "{\"nope\": 1}", key: key)).response?.status
        == 422)
    // search_read passes extra keywords on to read, whose TypeError is a server error.
    #expect(
      await simulator.handle(Self.json2("/json/2/purchase.order/search_read", "{\"nope\": 1}", key: key)).response?
        .status == 500)
    #expect(
      await simulator.handle(Self.json2("/json/2/purchase.order/unlink", "{\"ids\": [\(order)]}", key: key)).response?
        .status == 422)
    #expect(
      await simulator.handle(
        Self.json2(
          "/json/2/purchase.order/write", "{\"ids\": [\(order)], \"vals\": {\"origin\": \"x\"}}", key: viewerKey)
      ).response?.status == 403)
    #expect(
      await simulator.handle(
        Self.json2("/json/2/purchase.order/write", "{\"ids\": [999999], \"vals\": {\"origin\": \"x\"}}", key: key)
      ).response?.status == 404)
    let found = try Self.body(
      await simulator.handle(
        Self.json2("/json/2/purchase.order/search", "{\"domain\": [[\"id\", \"=\", \(order)]]}", key: key)))
    #expect(found == [.int(order)])
    let created = try Self.body(
      await simulator.handle(
        Self.json2("/json/2/res.partner/create", "{\"vals_list\": {\"name\": \"Solo\"}}", key: key)))
    #expect(created.arrayValue?.count == 1)
    let context = try Self.body(await simulator.handle(Self.json2("/json/2/res.users/context_get", "{}", key: key)))
    #expect(context["uid"] == .int(SeedIDs.buyer))
    let cancelled = try #require(
      await simulator.handle(Self.json2("/json/2/purchase.order/button_cancel", "{\"ids\": [\(order)]}", key: key))
        .response)
    #expect(cancelled.status == 200)
    #expect(cancelled.bodyText == "null")
    let version = try Self.body(await simulator.handle(SimHTTPRequest(method: "GET", path: "/web/version")))
    #expect(version["version"] == "19.0")
    #expect(
      await simulator.handle(SimHTTPRequest(method: "GET", path: "/json/2/purchase.order/search")).response?.status
        == 405)
  }

  @Test func json2_doesNotExistBeforeNineteen() async throws {
    let (simulator, _) = try Self.simulator(.v17)
    #expect(await simulator.handle(Self.json2("/json/2/purchase.order/search", "{}", key: "x")).response?.status == 404)
    #expect(await simulator.handle(SimHTTPRequest(method: "GET", path: "/web/version")).response?.status == 404)
  }

  // MARK: - Login cooldown

  @Test func loginCooldown_afterFiveFailures_refusesEvenTheRightPassword_forSixtySeconds() async throws {
    let (simulator, fixture) = try Self.simulator()
    for _ in 0..<5 {
      #expect(
        try Self.body(await simulator.handle(Self.jsonrpc("common", "login", ["farmacy", "admin", "bad"])))["result"]
          == .bool(false))
    }
    #expect(
      try Self.body(await simulator.handle(Self.jsonrpc("common", "login", ["farmacy", "admin", "admin"])))["result"]
        == .bool(false))
    let during = try Self.body(
      await simulator.handle(
        Self.jsonrpc("object", "execute_kw", ["farmacy", 2, "admin", "res.partner", "search", [[]]])))
    #expect(during["error"]?["data"]?["message"] == .string(OdooServerError.cooldownMessage))
    var other = Self.jsonrpc("common", "login", ["farmacy", "admin", "admin"])
    other.remoteAddress = "127.0.0.2"
    #expect(try Self.body(await simulator.handle(other))["result"] == .int(2))
    fixture.clock.advance(by: 61)
    #expect(
      try Self.body(await simulator.handle(Self.jsonrpc("common", "login", ["farmacy", "admin", "admin"])))["result"]
        == .int(2))
  }

  @Test func cooldownStateMachine_countsFromTheLastFailure() {
    var machine = LoginCooldownStateMachine(threshold: 2, duration: 10)
    let start = Date(timeIntervalSince1970: 0)
    machine.recordFailure("a", now: start)
    #expect(!machine.isCoolingDown("a", now: start))
    machine.recordFailure("a", now: start.addingTimeInterval(5))
    #expect(machine.isCoolingDown("a", now: start.addingTimeInterval(14)))
    #expect(!machine.isCoolingDown("a", now: start.addingTimeInterval(15)))
    machine.recordSuccess("a")
    #expect(!machine.isCoolingDown("a", now: start.addingTimeInterval(5)))
  }

  @Test func jsonCodec_keepsBooleansAndFloatsApart() throws {
    let value = try JSONCodec.parse("{\"a\": [true, 1, 1.0, null, \"\\u00e9\\ud83d\\ude00\"]}")
    #expect(value == ["a": [true, 1, 1.0, nil, "é😀"]])
    #expect(JSONCodec.encodeString(["x": 12.0, "y": false]) == "{\"x\": 12.0, \"y\": false}")
  }
}
