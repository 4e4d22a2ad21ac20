import Foundation
import Synchronization
import Testing

@testable import OdooSimulator

/// Records each requested sleep. Short ones (latency) return at once; long ones (the hang
/// limit) wait until cancelled, which happens when the client hangs up.
final class TestSleeper: Sendable {
  private let requested = Mutex<[Duration]>([])
  var durations: [Duration] { requested.withLock { $0 } }
  var function: @Sendable (Duration) async throws -> Void {
    { duration in
      self.requested.withLock { $0.append(duration) }
      if duration >= .seconds(60) { try await Task.sleep(for: duration) }
    }
  }
}

/// A live simulator on a loopback port with injected time, for fault tests.
struct LiveSimulator {
  let fixture: Fixture
  let simulator: SimulatedOdoo
  let server: OdooSimServer
  let sleeper: TestSleeper

  static func start(version: OdooVersion = .v17, settings: FaultSettings = FaultSettings()) async throws
    -> LiveSimulator
  {
    let fixture = try Fixture(version: version)
    let sleeper = TestSleeper()
    let faults = FaultInjector(settings: settings, clock: fixture.clock.function, sleep: sleeper.function)
    let simulator = SimulatedOdoo(engine: fixture.engine, faults: faults)
    let server = try await OdooSimServer.start(simulator)
    return LiveSimulator(fixture: fixture, simulator: simulator, server: server, sleeper: sleeper)
  }

  var port: Int { server.port }

  func rpc(_ service: String, _ method: String, _ args: String, timeout: Double = 10) async
    -> LoopbackHTTPClient.Outcome
  {
    await LoopbackHTTPClient.json(
      port: port, path: "/jsonrpc",
      "{\"jsonrpc\": \"2.0\", \"method\": \"call\", \"id\": 1, \"params\": {\"service\": \"\(service)\", \"method\": \"\(method)\", \"args\": \(args)}}",
      timeout: timeout)
  }

  func createOrder(origin: String, timeout: Double = 10) async -> LoopbackHTTPClient.Outcome {
    await rpc(
      "object", "execute_kw",
      "[\"farmacy\", 2, \"admin\", \"purchase.order\", \"create\", [{\"partner_id\": \(fixture.vendorA), \"origin\": \"\(origin)\", \"order_line\": [[0, 0, {\"product_id\": \(fixture.products[0])}]]}]]",
      timeout: timeout)
  }

  func ordersWithOrigin(_ origin: String) throws -> Int {
    try #require(
      try fixture.call(Fixture.admin, "purchase.order", "search_count", [[["origin", "=", .string(origin)]]])?.intValue)
  }

  func control(_ path: String, _ body: String = "{}", method: String = "POST") async -> LoopbackHTTPClient.Outcome {
    await LoopbackHTTPClient.json(port: port, path: path, body)
  }
}

/// Every fault kind, over a real socket (odoo-sim issue §5).
@Suite struct FaultTests {
  @Test func latencyAndJitter_goThroughTheInjectedSleep() async throws {
    var settings = FaultSettings()
    settings.latencyMilliseconds = 250
    settings.jitterMilliseconds = 100
    let live = try await LiveSimulator.start(settings: settings)
    let outcome = await live.rpc("common", "version", "[]")
    #expect(outcome.status == 200)
    let slept = live.sleeper.durations
    #expect(slept.count == 1)
    #expect(slept.allSatisfy { $0 >= .milliseconds(250) && $0 <= .milliseconds(350) })
    await live.server.stop()
  }

  @Test func slowCalls_addTheirExtraTime() async throws {
    var settings = FaultSettings()
    settings.slowRate = 1
    settings.slowMilliseconds = 2_000
    let live = try await LiveSimulator.start(settings: settings)
    #expect(await live.rpc("common", "version", "[]").status == 200)
    #expect(live.sleeper.durations == [.milliseconds(2_000)])
    await live.server.stop()
  }

  @Test func http502And503_answerHTML_andRunNothing() async throws {
    let live = try await LiveSimulator.start()
    live.simulator.faults.schedule(ScheduledFault(kind: .http502))
    let bad = await live.createOrder(origin: "502")
    #expect(bad.status == 502)
    #expect(bad.header("content-type")?.hasPrefix("text/html") == true)
    #expect(bad.body?.contains("Bad Gateway") == true)
    live.simulator.faults.schedule(ScheduledFault(kind: .http503, endpoint: "/jsonrpc"))
    #expect(await live.createOrder(origin: "503").status == 503)
    #expect(try live.ordersWithOrigin("502") == 0)
    #expect(try live.ordersWithOrigin("503") == 0)
    await live.server.stop()
  }

  @Test func serverError_isAnOdooErrorInTheProtocolsShape_andCommitsNothing() async throws {
    let live = try await LiveSimulator.start()
    live.simulator.faults.schedule(ScheduledFault(kind: .serverError, model: "purchase.order", method: "create"))
    let outcome = await live.createOrder(origin: "serialization")
    #expect(outcome.status == 200)
    let body = try JSONCodec.parse(try #require(outcome.body))
    #expect(body["error"]?["data"]?["name"] == "psycopg2.errors.SerializationFailure")
    #expect(try live.ordersWithOrigin("serialization") == 0)
    await live.server.stop()
  }

  @Test func connectionReset_resetsBeforeRunning() async throws {
    let live = try await LiveSimulator.start()
    live.simulator.faults.schedule(ScheduledFault(kind: .connectionReset))
    let outcome = await live.createOrder(origin: "reset")
    #expect(outcome == .reset)
    #expect(try live.ordersWithOrigin("reset") == 0)
    #expect(await live.rpc("common", "version", "[]").status == 200)
    await live.server.stop()
  }

  @Test func hang_sendsNothingUntilTheClientGivesUp_andRunsNothing() async throws {
    let live = try await LiveSimulator.start()
    live.simulator.faults.schedule(ScheduledFault(kind: .hang))
    let outcome = await live.createOrder(origin: "hang", timeout: 0.5)
    #expect(outcome == .timedOut)
    #expect(try live.ordersWithOrigin("hang") == 0)
    // The client has gone: the server notices and lets the request go, well before the limit.
    let deadline = ContinuousClock.now + .seconds(10)
    while live.simulator.faults.heldRequests > 0, ContinuousClock.now < deadline { await Task.yield() }
    #expect(live.simulator.faults.heldRequests == 0)
    #expect(await live.rpc("common", "version", "[]").status == 200)
    await live.server.stop()
  }

  @Test func commitThenDrop_commits_andTheReplyNeverArrives() async throws {
    let live = try await LiveSimulator.start()
    live.simulator.faults.schedule(ScheduledFault(kind: .commitThenDrop, model: "purchase.order", method: "create"))
    let outcome = await live.createOrder(origin: "dropped")
    #expect(outcome == .closedWithoutAnswer || outcome == .reset)
    #expect(outcome.status == nil)
    // The write happened: the order is there, exactly once.
    #expect(try live.ordersWithOrigin("dropped") == 1)
    await live.server.stop()
  }

  @Test func outageWindow_refusesConnections_untilItEnds() async throws {
    let live = try await LiveSimulator.start()
    live.simulator.faults.startOutage(seconds: 30)
    let refused = await live.rpc("common", "version", "[]")
    #expect(refused == .reset || refused == .closedWithoutAnswer)
    // Control endpoints are still refused at the socket during an outage, so move the clock.
    live.fixture.clock.advance(by: 31)
    #expect(await live.rpc("common", "version", "[]").status == 200)
    await live.server.stop()
  }

  @Test func sessionExpiry_endsTheSessionBeforeTheCall() async throws {
    let live = try await LiveSimulator.start()
    let login = await LoopbackHTTPClient.json(
      port: live.port, path: "/web/session/authenticate",
      "{\"params\": {\"db\": \"farmacy\", \"login\": \"admin\", \"password\": \"admin\"}}")
    let cookie = try #require(login.header("set-cookie")?.split(separator: ";").first.map(String.init))
    let call =
      "{\"params\": {\"model\": \"purchase.order\", \"method\": \"search_count\", \"args\": [[]], \"kwargs\": {}}}"
    #expect(
      try JSONCodec.parse(
        try #require(
          await LoopbackHTTPClient.json(
            port: live.port, path: "/web/dataset/call_kw", call, headers: ["Cookie": cookie]
          ).body))["result"] == 0)
    live.simulator.faults.schedule(ScheduledFault(kind: .sessionExpiry, endpoint: "/web/dataset/call_kw"))
    let expired = try JSONCodec.parse(
      try #require(
        await LoopbackHTTPClient.json(port: live.port, path: "/web/dataset/call_kw", call, headers: ["Cookie": cookie])
          .body))
    #expect(expired["error"]?["code"] == 100)
    await live.server.stop()
  }

  @Test func rates_applyToOdooRoutes_butNeverToSimRoutes() async throws {
    var settings = FaultSettings()
    settings.rates = [.http503: 1]
    let live = try await LiveSimulator.start(settings: settings)
    #expect(await live.rpc("common", "version", "[]").status == 503)
    let health = await LoopbackHTTPClient.send(port: live.port, method: "GET", path: "/sim/health")
    #expect(health.status == 200)
    // Faults can be changed at run time.
    #expect(await live.control("/sim/faults", "{\"rates\": {}}").status == 200)
    #expect(await live.rpc("common", "version", "[]").status == 200)
    #expect(await live.control("/sim/faults", "{\"rates\": {\"http_503\": 2}}").status == 400)
    await live.server.stop()
  }

  @Test func faultDecisions_areDeterministicForASeed() {
    var settings = FaultSettings()
    settings.rates = [.http502: 0.2, .connectionReset: 0.2, .commitThenDrop: 0.1]
    settings.jitterMilliseconds = 50
    settings.seed = 99
    var first = FaultPlanStateMachine(settings: settings)
    var second = FaultPlanStateMachine(settings: settings)
    let now = Date(timeIntervalSince1970: 0)
    let a = (0..<200).map { _ in first.decide(endpoint: "/jsonrpc", model: nil, method: nil, now: now) }
    let b = (0..<200).map { _ in second.decide(endpoint: "/jsonrpc", model: nil, method: nil, now: now) }
    #expect(a == b)
    let faulted = a.filter { $0.fault != nil }.count
    #expect((60...140).contains(faulted))
    #expect(Set(a.compactMap(\.fault)) == [.http502, .connectionReset, .commitThenDrop])
  }

  @Test func scheduledFaults_matchTheirFilter_andRunOut() {
    var plan = FaultPlanStateMachine()
    plan.schedule(ScheduledFault(kind: .hang, count: 2, model: "purchase.order", method: "write"))
    let now = Date(timeIntervalSince1970: 0)
    #expect(plan.decide(endpoint: "/jsonrpc", model: "purchase.order", method: "read", now: now).fault == nil)
    #expect(plan.decide(endpoint: "/jsonrpc", model: "purchase.order", method: "write", now: now).fault == .hang)
    #expect(plan.decide(endpoint: "/json/2", model: "purchase.order", method: "write", now: now).fault == .hang)
    #expect(plan.decide(endpoint: "/jsonrpc", model: "purchase.order", method: "write", now: now).fault == nil)
  }
}
