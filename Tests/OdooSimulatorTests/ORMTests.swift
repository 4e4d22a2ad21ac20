import FarmacyDemoData
import FarmacyDomain
import Foundation
import Testing

@testable import OdooSimulator

/// read/create/write/unlink formats, x2many commands, load and defaults (odoo-api.md §3).
@Suite struct ORMTests {
  @Test func create_returnsIntForDict_andListForList() throws {
    let fixture = try Fixture()
    let single = try fixture.call(Fixture.admin, "res.partner", "create", [["name": "One"]])
    #expect(single?.intValue != nil)
    let many = try fixture.call(Fixture.admin, "res.partner", "create", [[["name": "Two"], ["name": "Three"]]])
    #expect(many?.arrayValue?.count == 2)
  }

  @Test func read_formatsMany2oneEmptyValuesAndDropsMissingIds() throws {
    let fixture = try Fixture()
    let order = try fixture.order()
    let rows = try #require(
      fixture.call(
        Fixture.admin, "purchase.order", "read",
        [[.int(order), 99_999], ["partner_id", "origin", "order_line", "amount_total", "date_approve", "name"]])?
        .arrayValue)
    #expect(rows.count == 1)
    let row = try #require(rows.first?.objectValue)
    #expect(row["id"] == .int(order))
    #expect(row["partner_id"] == .array([.int(fixture.vendorA), "Northbridge Vet"]))
    #expect(row["origin"] == .bool(false))
    #expect(row["date_approve"] == .bool(false))
    #expect(row["order_line"]?.arrayValue?.count == 1)
    #expect(row["name"] == "P00001")
    let bare = try #require(
      try fixture.call(Fixture.admin, "purchase.order", "read", [[.int(order)], ["partner_id"]], ["load": false])?
        .arrayValue?.first)
    #expect(bare["partner_id"] == .int(fixture.vendorA))
  }

  @Test func datetimes_goOutAsWholeSecondsUTC() throws {
    let fixture = try Fixture()
    let order = try fixture.order()
    let row = try fixture.read("purchase.order", order, ["write_date", "date_order"])
    let wire = JSONCodec.encodeString(.object(row))
    #expect(wire.contains("\"write_date\": \"2026-05-28 20:26:40\""))
    #expect(!wire.contains(".25"))
  }

  @Test func writeDate_isTheTransactionTime() throws {
    let fixture = try Fixture()
    let order = try fixture.order()
    fixture.clock.advance(by: 90)
    try fixture.call(Fixture.admin, "purchase.order", "write", [[.int(order)], ["partner_ref": "X"]])
    let written = fixture.engine.withDatabase { $0.record("purchase.order", order)?["write_date"] }
    #expect(written == .dateTime(fixture.clock.now))
  }

  @Test func newLine_getsDefaultsFromProductAndVendorCatalogue() throws {
    let fixture = try Fixture()
    let order = try fixture.order(lines: [(0, 12)])
    let lineID = try #require(
      try fixture.read("purchase.order", order, ["order_line"])["order_line"]?.arrayValue?.first?.intValue)
    let line = try fixture.read(
      "purchase.order.line", lineID,
      ["name", "price_unit", "product_uom", "taxes_id", "date_planned", "price_subtotal", "price_tax", "price_total"])
    #expect(line["name"] == "[NB-1] Carprofen 50 mg")
    #expect(line["price_unit"] == .double(11))  // the 10+ volume break
    #expect(line["product_uom"]?.arrayValue?.first == .int(1))
    #expect(line["taxes_id"] == [1])
    #expect(line["price_subtotal"] == .double(132))
    #expect(line["price_tax"] == .double(13.2))
    #expect(line["price_total"] == .double(145.2))
    let planned = try #require(line["date_planned"]?.stringValue)
    let dateOrder = try #require(try fixture.read("purchase.order", order, ["date_order"])["date_order"]?.stringValue)
    let plannedDate = try #require(OdooDateTime.parse(planned))
    let orderDate = try #require(OdooDateTime.parse(dateOrder))
    #expect(plannedDate.timeIntervalSince(orderDate) == 3 * 86_400)
    let totals = try fixture.read("purchase.order", order, ["amount_untaxed", "amount_tax", "amount_total"])
    #expect(totals["amount_total"] == .double(145.2))
  }

  @Test func version19_usesItsFieldNames() throws {
    let fixture = try Fixture(version: .v19)
    let order = try fixture.order(extra: ["note": "Deliver before noon"])
    let lineID = try #require(
      try fixture.read("purchase.order", order, ["order_line"])["order_line"]?.arrayValue?.first?.intValue)
    let line = try fixture.read("purchase.order.line", lineID, ["product_uom_id", "tax_ids"])
    #expect(line["product_uom_id"]?.arrayValue?.first == .int(1))
    fixture.expectError(.valueError, Fixture.admin, "purchase.order.line", "read", [[.int(lineID)], ["product_uom"]])
    fixture.expectError(.valueError, Fixture.admin, "purchase.order", "read", [[.int(order)], ["notes"]])
    let states = try #require(
      try fixture.call(Fixture.admin, "purchase.order", "fields_get", [["state"]], ["attributes": ["selection"]])?[
        "state"]?["selection"]?.arrayValue)
    #expect(!states.contains { $0.arrayValue?.first == "done" })
  }

  @Test func version18_keepsDoneAndProductUoM_andHasStorableProducts() throws {
    let fixture = try Fixture(version: .v18)
    let order = try fixture.order()
    let lineID = try #require(
      try fixture.read("purchase.order", order, ["order_line"])["order_line"]?.arrayValue?.first?.intValue)
    #expect(
      try fixture.read("purchase.order.line", lineID, ["product_uom", "taxes_id"])["product_uom"]?.arrayValue?.first
        == .int(1))
    #expect(
      try fixture.call(Fixture.admin, "product.product", "fields_get", [["is_storable", "detailed_type"]])?.objectValue?
        .keys.sorted() == ["is_storable"])
    try fixture.call(Fixture.admin, "purchase.order", "button_confirm", [[.int(order)]])
    try fixture.call(Fixture.admin, "purchase.order", "button_done", [[.int(order)]])
    #expect(try fixture.state(order) == "done")
    #expect(
      try fixture.call(Fixture.admin, "purchase.order", "name_search", [], ["name": "P0", "args": []])?.arrayValue?
        .count == 1)
    fixture.expectError(.typeError, Fixture.admin, "purchase.order", "name_search", [], ["domain": []])
  }

  @Test func x2manyCommands_zeroToSix() throws {
    let fixture = try Fixture()
    let order = try fixture.order(lines: [(0, 1), (1, 1)])
    func lines() throws -> [Int] {
      try #require(
        try fixture.read("purchase.order", order, ["order_line"])["order_line"]?.arrayValue?.compactMap(\.intValue))
    }
    let initial = try lines()
    #expect(initial.count == 2)
    try fixture.call(
      Fixture.admin, "purchase.order", "write",
      [[.int(order)], ["order_line": [[0, 0, ["product_id": .int(fixture.products[2]), "product_qty": 3.0]]]]])
    #expect(try lines().count == 3)
    try fixture.call(
      Fixture.admin, "purchase.order", "write",
      [[.int(order)], ["order_line": [[1, .int(initial[0]), ["product_qty": 7.0]]]]])
    #expect(try fixture.read("purchase.order.line", initial[0], ["product_qty"])["product_qty"] == .double(7))
    try fixture.call(
      Fixture.admin, "purchase.order", "write", [[.int(order)], ["order_line": [[2, .int(initial[0]), 0]]]])
    #expect(try lines().count == 2)
    try fixture.call(
      Fixture.admin, "purchase.order", "write", [[.int(order)], ["order_line": [[3, .int(initial[1]), 0]]]])
    #expect(try lines().count == 1)
    // The short form odoorpc sends.
    try fixture.call(Fixture.admin, "purchase.order", "write", [[.int(order)], ["order_line": [[5]]]])
    #expect(try lines().isEmpty)
    // Link and set on a many2many.
    let lineID = try #require(
      try fixture.call(
        Fixture.admin, "purchase.order.line", "create",
        [["order_id": .int(order), "product_id": .int(fixture.products[2]), "product_qty": 1.0]])?.intValue)
    try fixture.call(Fixture.admin, "purchase.order.line", "write", [[.int(lineID)], ["taxes_id": [[4, 2, 0]]]])
    #expect(try fixture.read("purchase.order.line", lineID, ["taxes_id"])["taxes_id"] == [2])
    try fixture.call(Fixture.admin, "purchase.order.line", "write", [[.int(lineID)], ["taxes_id": [[6, 0, [1, 3]]]]])
    #expect(try fixture.read("purchase.order.line", lineID, ["taxes_id"])["taxes_id"] == [1, 3])
    try fixture.call(Fixture.admin, "purchase.order.line", "write", [[.int(lineID)], ["taxes_id": [[3, 1, 0]]]])
    #expect(try fixture.read("purchase.order.line", lineID, ["taxes_id"])["taxes_id"] == [3])
    try fixture.call(Fixture.admin, "purchase.order", "write", [[.int(order)], ["order_line": [[6, 0, []]]]])
    #expect(try lines().isEmpty)
  }

  @Test func failedCall_changesNothing() throws {
    let fixture = try Fixture()
    let before = fixture.engine.withDatabase { ($0.count("purchase.order"), $0.count("purchase.order.line")) }
    // The second line has no product: the whole create rolls back.
    fixture.expectError(
      .validationError, Fixture.admin, "purchase.order", "create",
      [
        [
          "partner_id": .int(fixture.vendorA),
          "order_line": [
            [0, 0, ["product_id": .int(fixture.products[0])]], [0, 0, ["name": "no product", "product_qty": 1.0]],
          ],
        ]
      ])
    let after = fixture.engine.withDatabase { ($0.count("purchase.order"), $0.count("purchase.order.line")) }
    #expect(before == after)
  }

  @Test func unknownFields_andMissingRecords() throws {
    let fixture = try Fixture()
    let order = try fixture.order()
    fixture.expectError(.valueError, Fixture.admin, "purchase.order", "write", [[.int(order)], ["nope": 1]])
    fixture.expectError(.missingError, Fixture.admin, "purchase.order", "write", [[99_999], ["origin": "x"]])
    fixture.expectError(.validationError, Fixture.admin, "purchase.order", "create", [["origin": "no vendor"]])
    fixture.expectError(
      .valueError, Fixture.admin, "purchase.order", "write", [[.int(order)], ["date_order": "2026-01-01T10:00:00Z"]])
    fixture.expectError(.userError, Fixture.admin, "no.such.model", "search", [[]])
    fixture.expectError(.attributeError, Fixture.admin, "purchase.order", "fly", [[]])
    fixture.expectError(.accessError, Fixture.admin, "purchase.order", "_compute_amount", [[]])
    fixture.expectError(.typeError, Fixture.admin, "purchase.order", "search", [[]], ["bogus": 1])
  }

  @Test func load_isIdempotentThroughExternalIds() throws {
    let fixture = try Fixture()
    let fields: OdooValue = [
      "id", "partner_id/id", "partner_ref", "order_line/id", "order_line/product_id/.id", "order_line/product_qty",
    ]
    try fixture.call(Fixture.admin, "res.partner", "write", [[.int(fixture.vendorA)], ["email": "a@b.example"]])
    _ = try fixture.engine.modifyDatabase { database, now throws(OdooServerError) in
      database.bindXMLID("farmacy.vendor_a", model: "res.partner", id: fixture.vendorA, now: now, uid: 2)
    }
    let rows: OdooValue = [
      ["farmacy.po_abc", "farmacy.vendor_a", "REF-1", "farmacy.po_abc_l1", .string(String(fixture.products[0])), "2"],
      ["", "", "", "farmacy.po_abc_l2", .string(String(fixture.products[1])), "3.5"],
    ]
    let first = try #require(try fixture.call(Fixture.buyer, "purchase.order", "load", [fields, rows])?.objectValue)
    #expect(first["messages"] == [])
    let ids = try #require(first["ids"]?.arrayValue)
    #expect(ids.count == 1)
    let second = try #require(try fixture.call(Fixture.buyer, "purchase.order", "load", [fields, rows])?.objectValue)
    #expect(second["ids"] == .array(ids))
    let order = try #require(ids.first?.intValue)
    #expect(try fixture.read("purchase.order", order, ["order_line"])["order_line"]?.arrayValue?.count == 2)
    #expect(try fixture.call(Fixture.admin, "purchase.order", "search_count", [[]]) == .int(1))
    let xmlid = try #require(
      try fixture.call(
        Fixture.admin, "ir.model.data", "search_read",
        [[["module", "=", "farmacy"], ["name", "=", "po_abc"]], ["model", "res_id"]])?.arrayValue?.first)
    #expect(xmlid["res_id"] == .int(order))
    // An error comes back as a message, and nothing is created.
    let bad = try #require(
      try fixture.call(
        Fixture.admin, "purchase.order", "load", [["id", "partner_id/id"], [["farmacy.po_new", "farmacy.nope"]]])?
        .objectValue)
    #expect(bad["ids"] == .bool(false))
    #expect(bad["messages"]?.arrayValue?.first?["type"] == "error")
    #expect(try fixture.call(Fixture.admin, "purchase.order", "search_count", [[]]) == .int(1))
  }

  @Test func externalIds_foundByResID_andForgottenWithTheirRecords() throws {
    let fixture = try Fixture()
    let fields: OdooValue = ["id", "partner_id/.id", "order_line/id", "order_line/product_id/.id", "order_line/product_qty"]
    let rows: OdooValue = [
      ["farmacy.po_x", .string(String(fixture.vendorA)), "farmacy.po_x_l1", .string(String(fixture.products[0])), "1"],
      ["", "", "farmacy.po_x_l2", .string(String(fixture.products[1])), "2"],
    ]
    let loaded = try #require(try fixture.call(Fixture.buyer, "purchase.order", "load", [fields, rows])?.objectValue)
    let order = try #require(loaded["ids"]?.arrayValue?.first?.intValue)
    let lineIDs = try #require(fixture.read("purchase.order", order, ["order_line"])["order_line"]?.arrayValue)
    func names(_ model: String, _ resIDs: [OdooValue]) throws -> [String] {
      try #require(
        try fixture.call(
          Fixture.admin, "ir.model.data", "search_read",
          [[["model", "=", .string(model)], ["res_id", "in", .array(resIDs)]], ["name"]])?.arrayValue
      ).compactMap { $0["name"]?.stringValue }.sorted()
    }
    #expect(try names("purchase.order.line", lineIDs) == ["po_x_l1", "po_x_l2"])
    #expect(try names("purchase.order", [.int(order)]) == ["po_x"])
    // Same res_id, other model: not found.
    #expect(try names("res.partner", [.int(order)]).isEmpty)
    // A load that fails is rolled back, index included: the order its first row made (the
    // next id, sequences are not rolled back) has no external id any more.
    let failed = try #require(
      try fixture.call(
        Fixture.buyer, "purchase.order", "load",
        [["id", "partner_id/.id"], [["farmacy.po_y", .string(String(fixture.vendorA))], ["farmacy.po_z", "999999"]]])?
        .objectValue)
    #expect(failed["ids"] == .bool(false))
    #expect(try names("purchase.order", [.int(order + 1)]).isEmpty)
    try fixture.call(Fixture.admin, "purchase.order", "button_cancel", [[.int(order)]])
    try fixture.call(Fixture.admin, "purchase.order", "unlink", [[.int(order)]])
    #expect(try names("purchase.order", [.int(order)]).isEmpty)
    #expect(try names("purchase.order.line", lineIDs).isEmpty)
  }

  @Test func nameSearch_matchesNameAndVendorReference() throws {
    let fixture = try Fixture()
    let order = try fixture.order(extra: ["partner_ref": "SO-777"])
    let found = try #require(try fixture.call(Fixture.admin, "purchase.order", "name_search", ["777"])?.arrayValue)
    #expect(found == [[.int(order), "P00001 (SO-777)"]])
    let v19 = try Fixture(version: .v19)
    _ = try v19.order()
    let named = try v19.call(
      Fixture.admin, "res.partner", "name_search", [], ["name": "alpen", "domain": [["is_company", "=", true]]])
    #expect(named?.arrayValue?.count == 1)
  }

  @Test func accessRights_byRole() throws {
    let fixture = try Fixture()
    let order = try fixture.order(uid: Fixture.buyer)
    let error = fixture.expectError(
      .accessError, Fixture.viewer, "purchase.order", "write", [[.int(order)], ["origin": "x"]])
    #expect(error?.message.contains("You are not allowed to modify 'Purchase Order' (purchase.order) records.") == true)
    fixture.expectError(
      .accessError, Fixture.viewer, "purchase.order", "create", [["partner_id": .int(fixture.vendorA)]])
    fixture.expectError(.accessError, Fixture.viewer, "purchase.order", "button_confirm", [[.int(order)]])
    fixture.expectError(.accessError, Fixture.buyer, "res.company", "write", [[1], ["name": "x"]])
    #expect(try fixture.call(Fixture.viewer, "purchase.order", "search_count", [[]]) == .int(1))
    #expect(
      try fixture.call(Fixture.viewer, "purchase.order", "check_access_rights", ["write"], ["raise_exception": false])
        == .bool(false))
  }

  @Test(arguments: [
    "write_date asc, id asc", "partner_id, amount_total desc", "state desc, date_planned asc nulls first",
  ])
  func pagesOfALargeSearch_matchTheFullSort(order: String) throws {
    let anchor = try #require(OdooDateTime.parse("2026-11-01"))
    let engine = OdooEngine(configuration: OdooEngineConfiguration(seed: .demo(orders: 400, seed: 9, today: anchor)))
    func search(_ kwargs: [String: OdooValue]) throws -> [OdooValue] {
      try #require(
        try engine.call(uid: SeedIDs.admin, model: "purchase.order", method: "search", args: [[]], kwargs: kwargs)?
          .arrayValue)
    }
    let everything = try search(["order": .string(order)])
    #expect(everything.count == 400)
    #expect(try search(["order": .string(order), "limit": 80]) == Array(everything.prefix(80)))
    #expect(try search(["order": .string(order), "limit": 80, "offset": 80]) == Array(everything[80..<160]))
  }

  @Test func demoSeed_matchesTheGenerator() throws {
    let anchor = try #require(OdooDateTime.parse("2026-11-01"))
    let engine = OdooEngine(configuration: OdooEngineConfiguration(seed: .demo(orders: 50, seed: 42, today: anchor)))
    let generator = DemoDataGenerator(seed: 42, count: 50, anchor: anchor)
    let order = generator.order(at: 9)
    let row = try #require(
      try engine.call(
        uid: SeedIDs.admin, model: "purchase.order", method: "read",
        args: [[10], ["name", "amount_total", "state", "order_line"]])?.arrayValue?.first)
    #expect(row["name"] == .string(order.reference))
    #expect(row["amount_total"]?.doubleValue == Double(order.totals.totalMinor) / 100)
    #expect(row["order_line"]?.arrayValue?.count == order.lines.count)
    let created = try #require(
      try engine.call(uid: SeedIDs.admin, model: "purchase.order", method: "create", args: [["partner_id": 11]])?
        .intValue)
    #expect(
      try engine.call(uid: SeedIDs.admin, model: "purchase.order", method: "read", args: [[.int(created)], ["name"]])?
        .arrayValue?.first?["name"] == "P00051")
  }
}
