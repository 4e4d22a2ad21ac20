import Foundation
import OdooSimulator
import Testing

@testable import OdooKit

/// The client through real libcurl against odoo-sim on loopback, for personas 17.0 and 19.0.
@Suite(.serialized) struct OdooClientIntegrationTests {
  @Test(arguments: [
    (OdooVersion.v17, false, OdooProtocolKind.jsonRPC), (.v17, true, .jsonRPC), (.v19, true, .json2),
    (.v19, false, .webSession),
  ])
  func connect_detectsVersion_choosesProtocol_andMapsFields(version: OdooVersion, apiKey: Bool, expected: OdooProtocolKind)
    async throws
  {
    let harness = try await SimulatorHarness.start(version: version)
    let client = harness.client(apiKey: apiKey)
    let connection = try await client.connect()
    #expect(connection.version.major == (version == .v17 ? 17 : 19))
    #expect(connection.protocolKind == expected)
    #expect(connection.uid > 0)
    #expect(connection.fields.lineUnit == (version == .v17 ? "product_uom" : "product_uom_id"))
    #expect(connection.fields.orderNotes == (version == .v17 ? "notes" : "note"))
    #expect(connection.fields.locksWithBoolean == (version == .v19))
    await harness.stop()
  }

  @Test(arguments: [(OdooVersion.v17, OdooProtocolKind.jsonRPC), (.v17, .webSession), (.v19, .json2), (.v19, .webSession)])
  func everyORMMethod_worksOverTheWire(version: OdooVersion, kind: OdooProtocolKind) async throws {
    let harness = try await SimulatorHarness.start(version: version)
    let client = harness.client(apiKey: kind == .json2, protocolKind: kind)
    let connection = try await client.connect()

    let count = try await client.searchCount("purchase.order", domain: [["state", "!=", "cancel"]])
    #expect(count > 0)
    let ids = try await client.search("purchase.order", order: "id asc", limit: 5)
    #expect(ids.count == 5)
    let records = try await client.searchRead(
      "purchase.order", domain: [["id", "in", .array(ids.map { .int($0) })]], fields: ["name", "partner_id", "state"],
      order: "id asc")
    #expect(records.map { $0["name"]?.string } == ids.map { String(format: "P%05d", $0) })
    #expect(records.first?["partner_id"]?.many2oneID != nil)
    let read = try await client.read("purchase.order", ids: [ids[0]], fields: ["name", "amount_total"])
    #expect(read.first?["name"]?.string == "P00001")

    // Create two orders in one batch, with lines, then write with line commands.
    let vendor = try #require(records.first?["partner_id"]?.many2oneID)
    let product = try #require(try await client.search("product.product", limit: 1).first)
    let created = try await client.create(
      "purchase.order",
      values: [
        ["partner_id": .int(vendor), "order_line": [[0, 0, ["product_id": .int(product), "product_qty": 3]]]],
        ["partner_id": .int(vendor), "origin": "batch 2"],
      ], batchSize: 1)
    #expect(created.count == 2)
    try await client.write(
      "purchase.order", ids: [created[0]],
      values: [
        "origin": .string("edited over \(kind.rawValue)"),
        "order_line": [[0, 0, ["product_id": .int(product), "product_qty": 1]]],
      ])
    let edited = try await client.read("purchase.order", ids: [created[0]], fields: ["origin", "order_line"])
    #expect(edited.first?["origin"]?.string == "edited over " + kind.rawValue)
    #expect(edited.first?["order_line"]?.array?.count == 2)
    let lines = try await client.searchRead(
      "purchase.order.line", domain: [["order_id", "=", .int(created[0])]], fields: [connection.fields.lineUnit])
    #expect(lines.allSatisfy { $0[connection.fields.lineUnit]?.many2oneID != nil })

    // Workflow buttons and their refusals.
    try await client.callButton("purchase.order", "button_confirm", ids: [created[0]])
    #expect(try await client.read("purchase.order", ids: [created[0]], fields: ["state"]).first?["state"] == "purchase")
    do {
      try await client.unlink("purchase.order", ids: [created[0]])
      Issue.record("a confirmed order was deleted")
    } catch {
      #expect(error.code == .userError(exceptionName: "odoo.exceptions.UserError"))
      #expect(!error.isRetryable)
    }
    try await client.callButton("purchase.order", "button_cancel", ids: [created[1]])
    try await client.unlink("purchase.order", ids: [created[1]])
    #expect(try await client.search("purchase.order", domain: [["id", "=", .int(created[1])]]).isEmpty)

    let fields = try await client.fieldsGet("purchase.order")
    #expect(fields["partner_id"]?["type"] == "many2one")
    await harness.stop()
  }

  @Test(arguments: [OdooVersion.v17, .v19])
  func load_withAnExternalID_isIdempotent(version: OdooVersion) async throws {
    let harness = try await SimulatorHarness.start(version: version)
    let client = harness.client(apiKey: version == .v19)
    try await client.connect()
    let vendor = try #require(try await client.searchRead("res.partner", domain: [["supplier_rank", ">", 0]], fields: ["name"], limit: 1).first)
    let vendorName = try #require(vendor["name"]?.string)
    let fields = ["id", "partner_id", "origin"]
    let rows = [["farmacy.po_7d1c2e", vendorName, "first load"]]
    let first = try await client.load("purchase.order", fields: fields, rows: rows)
    let second = try await client.load("purchase.order", fields: fields, rows: [["farmacy.po_7d1c2e", vendorName, "second load"]])
    #expect(first.ids.count == 1)
    #expect(first.ids == second.ids, "loading the same external id twice created two orders")
    #expect(try await client.read("purchase.order", ids: first.ids, fields: ["origin"]).first?["origin"] == "second load")
    await harness.stop()
  }

  @Test func expiredWebSession_isRenewedOnce_transparently() async throws {
    let harness = try await SimulatorHarness.start(version: .v17)
    let endpoint = OdooEndpoint(baseURL: harness.server.baseURL, database: "farmacy", login: "admin", secret: "admin")
    let wire = WebSessionWire(endpoint: endpoint, transport: CurlTransport())
    _ = try await wire.authenticate()
    harness.simulator.faults.schedule(ScheduledFault(kind: .sessionExpiry, count: 1, endpoint: "/web/dataset/call_kw"))
    _ = try await wire.call(OdooCall(model: "purchase.order", method: "search_count", arguments: [("domain", [])]))
    // The expiry fault ended the session while answering; the next call finds it gone.
    let count = try await wire.call(OdooCall(model: "purchase.order", method: "search_count", arguments: [("domain", [])]))
    #expect(count.int == 30)
    #expect(await wire.authentications == 2)
    await harness.stop()
  }

  @Test func wrongPasswordOrKey_isAccessDenied_andNeverEchoesTheSecret() async throws {
    let harness = try await SimulatorHarness.start(version: .v19)
    for (secret, isKey) in [("not-the-password", false), ("ffffffffffffffffffffffffffffffffffffffff", true)] {
      let client = OdooClient(
        endpoint: OdooEndpoint(
          baseURL: harness.server.baseURL, database: "farmacy", login: "admin", secret: secret, secretIsAPIKey: isKey),
        retryPolicy: .none)
      do {
        try await client.connect()
        Issue.record("connected with a wrong secret")
      } catch {
        #expect(error.code == .accessDenied)
        #expect(!error.description.contains(secret))
      }
    }
    await harness.stop()
  }
}
