import Foundation
import Testing

@testable import OdooSimulator

/// The domain language of odoo-api.md §4, evaluated against real records.
@Suite struct DomainTests {
  let fixture: Fixture
  let orders: [Int]

  init() throws {
    fixture = try Fixture()
    var orders: [Int] = []
    orders.append(try fixture.order(lines: [(0, 2)], extra: ["origin": "Clinic request #1", "partner_ref": "SO-1"]))
    orders.append(
      try fixture.order(vendor: fixture.vendorB, lines: [(1, 5), (2, 1)], extra: ["origin": "Reorder rule"]))
    orders.append(try fixture.order(lines: [(2, 10)], extra: ["priority": "1"]))
    self.orders = orders
    try fixture.call(Fixture.admin, "purchase.order", "button_confirm", [[.int(orders[1])]])
  }

  func search(_ domain: OdooValue, order: String = "id asc") throws -> [Int] {
    try #require(
      try fixture.call(Fixture.admin, "purchase.order", "search", [domain], ["order": .string(order)])?.arrayValue?
        .compactMap(\.intValue))
  }

  @Test func emptyDomain_matchesEverything() throws {
    #expect(try search([]) == orders)
  }

  @Test func comparisonOperators() throws {
    #expect(try search([["id", ">", .int(orders[0])]]) == [orders[1], orders[2]])
    #expect(try search([["id", ">=", .int(orders[1])]]) == [orders[1], orders[2]])
    #expect(try search([["id", "<", .int(orders[1])]]) == [orders[0]])
    #expect(try search([["id", "<=", .int(orders[1])]]) == [orders[0], orders[1]])
    #expect(try search([["state", "=", "purchase"]]) == [orders[1]])
    #expect(try search([["state", "!=", "purchase"]]) == [orders[0], orders[2]])
    #expect(try search([["amount_total", ">", 50.0]]) == [orders[2]])
  }

  @Test func falseMatchesEmpty_andNotEqualFalseMatchesSet() throws {
    #expect(try search([["origin", "=", false]]) == [orders[2]])
    #expect(try search([["origin", "!=", false]]) == [orders[0], orders[1]])
    #expect(try search([["partner_ref", "=?", false]]) == orders)
    #expect(try search([["partner_ref", "=?", "SO-1"]]) == [orders[0]])
  }

  @Test func likeOperators() throws {
    #expect(try search([["origin", "like", "request"]]) == [orders[0]])
    #expect(try search([["origin", "like", "REQUEST"]]) == [])
    #expect(try search([["origin", "ilike", "REQUEST"]]) == [orders[0]])
    #expect(try search([["origin", "not ilike", "request"]]) == [orders[1], orders[2]])
    #expect(try search([["origin", "not like", "Reorder"]]) == [orders[0], orders[2]])
    #expect(try search([["origin", "=like", "Reorder%"]]) == [orders[1]])
    #expect(try search([["origin", "=like", "reorder%"]]) == [])
    #expect(try search([["origin", "=ilike", "reorder rul_"]]) == [orders[1]])
  }

  @Test func inAndNotIn() throws {
    #expect(try search([["state", "in", ["draft", "sent"]]]) == [orders[0], orders[2]])
    #expect(try search([["state", "not in", ["draft"]]]) == [orders[1]])
    #expect(try search([["id", "in", []]]) == [])
    #expect(try search([["partner_id", "in", [.int(fixture.vendorB)]]]) == [orders[1]])
  }

  @Test func prefixOperators_andImplicitAnd() throws {
    #expect(try search(["|", ["origin", "=", "Reorder rule"], ["priority", "=", "1"]]) == [orders[1], orders[2]])
    #expect(try search(["!", ["state", "=", "draft"]]) == [orders[1]])
    #expect(try search([["state", "=", "draft"], ["priority", "=", "1"]]) == [orders[2]])
    #expect(
      try search(["&", ["state", "=", "draft"], "|", ["priority", "=", "1"], ["partner_ref", "=", "SO-1"]]) == [
        orders[0], orders[2],
      ])
  }

  @Test func dottedPathsThroughMany2one() throws {
    #expect(try search([["partner_id.name", "ilike", "alpen"]]) == [orders[1]])
    #expect(try search([["partner_id.ref", "=", "NB"]]) == [orders[0], orders[2]])
    #expect(try search([["order_line.product_id.default_code", "=", "CON-3"]]) == [orders[1], orders[2]])
  }

  @Test func many2oneByName_andX2manyAnyLine() throws {
    #expect(try search([["partner_id", "=", "Alpenvet GmbH"]]) == [orders[1]])
    #expect(try search([["partner_id", "ilike", "north"]]) == [orders[0], orders[2]])
    #expect(try search([["order_line", "=", false]]) == [])
    #expect(try search([["order_line.product_qty", ">", 4.0]]) == [orders[1], orders[2]])
  }

  @Test func anyAndNotAny() throws {
    #expect(try search([["order_line", "any", [["product_qty", "=", 10.0]]]]) == [orders[2]])
    #expect(try search([["order_line", "not any", [["product_qty", "=", 10.0]]]]) == [orders[0], orders[1]])
    #expect(try search([["partner_id", "any", [["name", "=like", "Alpen%"]]]]) == [orders[1]])
  }

  @Test func childOf_followsTheParentHierarchy() throws {
    let contact = try #require(
      try fixture.call(Fixture.admin, "res.partner", "create", [["name": "Ann", "parent_id": .int(fixture.vendorA)]])?
        .intValue)
    let found = try #require(
      try fixture.call(Fixture.admin, "res.partner", "search", [[["id", "child_of", .int(fixture.vendorA)]]])?
        .arrayValue)
    #expect(Set(found.compactMap(\.intValue)) == [fixture.vendorA, contact])
    let parents = try #require(
      try fixture.call(Fixture.admin, "res.partner", "search", [[["id", "parent_of", .int(contact)]]])?.arrayValue)
    #expect(Set(parents.compactMap(\.intValue)) == [fixture.vendorA, contact])
    #expect(try search([["partner_id", "child_of", .int(fixture.vendorB)]]) == [orders[1]])
  }

  @Test func datetimeComparison_keepsMicrosecondsInside() throws {
    let written = try #require(try fixture.read("purchase.order", orders[0], ["write_date"])["write_date"]?.stringValue)
    #expect(written.count == 19)
    // Written at x.25 s: equal to the second never matches, greater-than matches again.
    #expect(try search([["write_date", "=", .string(written)]]) == [])
    #expect(try search([["write_date", ">", .string(written)], ["id", "=", .int(orders[0])]]) == [orders[0]])
    #expect(try search([["date_order", ">=", "2020-01-01"]]).count == 3)
  }

  @Test func orderLimitOffset() throws {
    #expect(try search([], order: "id desc") == orders.reversed())
    let page = try #require(
      try fixture.call(Fixture.admin, "purchase.order", "search", [[]], ["order": "id asc", "limit": 1, "offset": 1])?
        .arrayValue)
    #expect(page == [.int(orders[1])])
    // The model's default order: priority desc, id desc.
    let byDefault = try #require(try fixture.call(Fixture.admin, "purchase.order", "search", [[]])?.arrayValue)
    #expect(byDefault.compactMap(\.intValue) == [orders[2], orders[1], orders[0]])
    #expect(try search([], order: "partner_id desc, id asc") == [orders[0], orders[2], orders[1]])
    #expect(try fixture.call(Fixture.admin, "purchase.order", "search_count", [[["state", "=", "draft"]]]) == .int(2))
  }

  @Test func badDomains_raiseValueError() throws {
    fixture.expectError(.valueError, Fixture.admin, "purchase.order", "search", [[["nope", "=", 1]]])
    fixture.expectError(.valueError, Fixture.admin, "purchase.order", "search", [[["state", "~", 1]]])
    fixture.expectError(.valueError, Fixture.admin, "purchase.order", "search", [["|", ["state", "=", "draft"]]])
    fixture.expectError(.valueError, Fixture.admin, "purchase.order", "search", [[]], ["order": "nope desc"])
  }

  @Test func constantLeaves() throws {
    #expect(try search([[1, "=", 1]]) == orders)
    #expect(try search([[0, "=", 1]]) == [])
  }

  @Test func likePattern_wildcardsAndEscapes() {
    #expect(LikePattern("a%c", caseInsensitive: false).matches("abbbc"))
    #expect(LikePattern("a_c", caseInsensitive: false).matches("abc"))
    #expect(!LikePattern("a_c", caseInsensitive: false).matches("abbc"))
    #expect(LikePattern("100\\%", caseInsensitive: false).matches("100%"))
    #expect(!LikePattern("100\\%", caseInsensitive: false).matches("1000"))
    #expect(LikePattern("%É%", caseInsensitive: true).matches("société"))
  }
}
