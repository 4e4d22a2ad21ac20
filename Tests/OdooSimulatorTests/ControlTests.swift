import Foundation
import Testing

@testable import OdooSimulator

/// The `/sim/` endpoints, remote activity and the state file.
@Suite struct ControlTests {
  @Test func statsCountByEndpointAndMethod() async throws {
    let live = try await LiveSimulator.start()
    _ = await live.rpc("common", "version", "[]")
    _ = await live.rpc(
      "object", "execute_kw", "[\"farmacy\", 2, \"admin\", \"purchase.order\", \"search_count\", [[]]]")
    let stats = try JSONCodec.parse(
      try #require(await LoopbackHTTPClient.send(port: live.port, method: "GET", path: "/sim/stats").body))
    #expect(stats["by_endpoint"]?["/jsonrpc"] == 2)
    #expect(stats["by_method"]?["purchase.order.search_count"] == 1)
    #expect(stats["by_method"]?["common.version"] == 1)
    await live.server.stop()
  }

  @Test func duplicates_findOrdersCreatedTwice() async throws {
    let live = try await LiveSimulator.start()
    _ = await live.createOrder(origin: "farmacy:abc")
    _ = await live.createOrder(origin: "farmacy:abc")
    _ = await live.createOrder(origin: "farmacy:def")
    let duplicates = try JSONCodec.parse(
      try #require(await LoopbackHTTPClient.send(port: live.port, method: "GET", path: "/sim/duplicates").body))
    #expect(duplicates["count"] == 1)
    #expect(duplicates["by_origin"]?.arrayValue?.first?["order_ids"]?.arrayValue?.count == 2)
    await live.server.stop()
  }

  @Test func flags_resetAndStateDump() async throws {
    let live = try await LiveSimulator.start()
    let order = try live.fixture.order()
    try live.fixture.call(Fixture.admin, "purchase.order", "button_confirm", [[.int(order)]])
    #expect(await live.control("/sim/orders/\(order)/flags", "{\"billed\": true}").status == 200)
    let refused = await live.rpc(
      "object", "execute_kw", "[\"farmacy\", 2, \"admin\", \"purchase.order\", \"button_cancel\", [[\(order)]]]")
    #expect(try JSONCodec.parse(try #require(refused.body))["error"]?["data"]?["name"] == "odoo.exceptions.UserError")
    let dump = try JSONCodec.parse(
      try #require(await LoopbackHTTPClient.send(port: live.port, method: "GET", path: "/sim/state").body))
    #expect(dump["orders"]?.arrayValue?.count == 1)
    let partners = try JSONCodec.parse(
      try #require(
        await LoopbackHTTPClient.send(port: live.port, method: "GET", path: "/sim/state?model=res.partner").body))
    #expect((partners["records"]?.arrayValue?.count ?? 0) >= 2)
    #expect(await live.control("/sim/reset").status == 200)
    #expect(try live.fixture.call(Fixture.admin, "purchase.order", "search_count", [[]]) == .int(0))
    #expect(await live.control("/sim/nope").status == 404)
    await live.server.stop()
  }

  @Test func faultsNext_overHTTP_schedulesACommitThenDrop() async throws {
    let live = try await LiveSimulator.start()
    #expect(
      await live.control(
        "/sim/faults/next", "{\"kind\": \"commit_then_drop\", \"model\": \"purchase.order\", \"method\": \"create\"}"
      ).status == 200)
    #expect(await live.createOrder(origin: "lost reply").status == nil)
    #expect(try live.ordersWithOrigin("lost reply") == 1)
    #expect(await live.control("/sim/faults/next", "{\"kind\": \"nope\"}").status == 400)
    await live.server.stop()
  }

  @Test func start_reportsAPortInUse() async throws {
    let live = try await LiveSimulator.start()
    await #expect(throws: (any Error).self) {
      _ = try await OdooSimServer.start(live.simulator, port: live.port)
    }
    await live.server.stop()
  }

  @Test func remoteActivity_changesOrdersAsTheColleague() throws {
    let fixture = try Fixture()
    for _ in 0..<5 { _ = try fixture.order() }
    let activity = RemoteActivity(engine: fixture.engine, seed: 3)
    var steps: [RemoteActivity.Step] = []
    for _ in 0..<20 { if let step = activity.step() { steps.append(step) } }
    #expect(steps.count == 20)
    let touched = try #require(
      try fixture.call(
        Fixture.admin, "purchase.order", "search_count", [[["write_uid", "=", .int(SeedIDs.colleague)]]])?.intValue)
    #expect(touched > 0)
    // The same seed makes the same choices.
    let again = try Fixture()
    for _ in 0..<5 { _ = try again.order() }
    let replay = RemoteActivity(engine: again.engine, seed: 3)
    #expect((0..<20).compactMap { _ in replay.step() } == steps)
  }

  @Test func stateFile_roundTripsTheDatabase() throws {
    let fixture = try Fixture()
    let order = try fixture.order(extra: ["origin": "kept"])
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("odoo-sim-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("state.json").path
    try StateFile.save(fixture.engine, to: path)
    let restored = OdooEngine(configuration: OdooEngineConfiguration(seed: .empty), clock: fixture.clock.function)
    try StateFile.load(restored, from: path)
    let row = try #require(
      try restored.call(
        uid: 2, model: "purchase.order", method: "read",
        args: [[.int(order)], ["origin", "write_date", "order_line", "amount_total"]])?.arrayValue?.first)
    let original = try #require(
      try fixture.call(
        Fixture.admin, "purchase.order", "read",
        [[.int(order)], ["origin", "write_date", "order_line", "amount_total"]])?.arrayValue?.first)
    #expect(row == original)
    #expect(
      restored.withDatabase { $0.record("purchase.order", order)?["write_date"] }
        == fixture.engine.withDatabase { $0.record("purchase.order", order)?["write_date"] })
    let next = try #require(
      try restored.call(
        uid: 2, model: "purchase.order", method: "create", args: [["partner_id": .int(fixture.vendorA)]])?.intValue)
    #expect(next == order + 1)
  }
}
