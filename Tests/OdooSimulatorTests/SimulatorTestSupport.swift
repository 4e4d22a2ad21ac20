import Foundation
import Synchronization
import Testing

@testable import OdooSimulator

/// A clock the test moves by hand.
final class ManualClock: Sendable {
  private let current: Mutex<Date>
  init(_ start: Date = Date(timeIntervalSince1970: 1_780_000_000.25)) { current = Mutex(start) }
  var now: Date { current.withLock { $0 } }
  func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
  var function: @Sendable () -> Date { { self.now } }
}

/// A small catalogue on an empty database: two vendors, three products, catalogue entries.
struct Fixture {
  let engine: OdooEngine
  let clock: ManualClock
  let vendorA: Int
  let vendorB: Int
  let products: [Int]

  static let admin = SeedIDs.admin
  static let buyer = SeedIDs.buyer
  static let viewer = SeedIDs.viewer

  init(version: OdooVersion = .v17, configure: (inout OdooEngineConfiguration) -> Void = { _ in }) throws {
    clock = ManualClock()
    var configuration = OdooEngineConfiguration(version: version, seed: .empty)
    configure(&configuration)
    engine = OdooEngine(configuration: configuration, clock: clock.function)
    let admin = Self.admin
    let engine = engine
    func create(_ model: String, _ vals: OdooValue) throws -> Int {
      try #require(try engine.call(uid: admin, model: model, method: "create", args: [vals])?.intValue)
    }
    vendorA = try create(
      "res.partner", ["name": "Northbridge Vet", "is_company": true, "supplier_rank": 1, "ref": "NB"])
    vendorB = try create("res.partner", ["name": "Alpenvet GmbH", "is_company": true, "supplier_rank": 1])
    let p1 = try create(
      "product.product",
      ["name": "Carprofen 50 mg", "default_code": "TAB-1", "standard_price": 10.0, "supplier_taxes_id": [[6, 0, [1]]]])
    let p2 = try create(
      "product.product",
      ["name": "Meloxicam 1 mg", "default_code": "TAB-2", "standard_price": 4.5, "supplier_taxes_id": [[6, 0, [2]]]])
    let p3 = try create(
      "product.product", ["name": "Nitrile gloves M", "default_code": "CON-3", "standard_price": 6.0])
    products = [p1, p2, p3]
    let tmpl1 = try #require(
      try engine.call(
        uid: admin, model: "product.product", method: "read", args: [[.int(p1)], ["product_tmpl_id"]],
        kwargs: ["load": false])?.arrayValue?.first?["product_tmpl_id"]?.intValue)
    _ = try create(
      "product.supplierinfo",
      [
        "partner_id": .int(vendorA), "product_tmpl_id": .int(tmpl1), "price": 12.0, "min_qty": 0, "delay": 3,
        "product_code": "NB-1",
      ])
    _ = try create(
      "product.supplierinfo",
      [
        "partner_id": .int(vendorA), "product_tmpl_id": .int(tmpl1), "price": 11.0, "min_qty": 10, "delay": 3,
        "product_code": "NB-1",
      ])
  }

  /// Calls as `uid` and returns the result (`nil` for None).
  @discardableResult
  func call(
    _ uid: Int = Fixture.admin, _ model: String, _ method: String, _ args: [OdooValue],
    _ kwargs: [String: OdooValue] = [:]
  ) throws -> OdooValue? {
    try engine.call(uid: uid, model: model, method: method, args: args, kwargs: kwargs)
  }

  /// Expects the call to raise `code`, returning the error.
  @discardableResult
  func expectError(
    _ code: OdooServerError.Code, _ uid: Int = Fixture.admin, _ model: String, _ method: String, _ args: [OdooValue],
    _ kwargs: [String: OdooValue] = [:], sourceLocation: SourceLocation = #_sourceLocation
  ) -> OdooServerError? {
    do {
      _ = try engine.call(uid: uid, model: model, method: method, args: args, kwargs: kwargs)
      Issue.record("expected \(code.pythonName)", sourceLocation: sourceLocation)
      return nil
    } catch {
      #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
      return error
    }
  }

  /// Creates an order with `lines` (product index, quantity) and returns its id.
  func order(
    vendor: Int? = nil, lines: [(Int, Double)] = [(0, 2)], uid: Int = Fixture.admin, extra: [String: OdooValue] = [:]
  ) throws -> Int {
    var vals: [String: OdooValue] = ["partner_id": .int(vendor ?? vendorA)]
    vals["order_line"] = .array(
      lines.map { .array([0, 0, ["product_id": .int(products[$0.0]), "product_qty": .double($0.1)]]) })
    for (key, value) in extra { vals[key] = value }
    return try #require(try call(uid, "purchase.order", "create", [.object(vals)])?.intValue)
  }

  func read(_ model: String, _ id: Int, _ fields: [String]) throws -> [String: OdooValue] {
    try #require(
      try call(Fixture.admin, model, "read", [[.int(id)], .array(fields.map(OdooValue.string))])?.arrayValue?.first?
        .wireForm.objectValue)
  }

  func state(_ order: Int) throws -> String {
    try #require(try read("purchase.order", order, ["state"])["state"]?.stringValue)
  }
}
