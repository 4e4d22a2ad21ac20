import FarmacyDemoData
import FarmacyDomain
import FarmacyStore
import FarmacyTestSupport
import Foundation
import OdooKit
import OdooSimulator
import Synchronization
import SyncEngine
import Testing

/// A clock the test moves by hand.
final class TestClock: Sendable {
  private let instant: Mutex<Date>
  init(_ start: Date) { instant = Mutex(start) }
  var now: Date { instant.withLock { $0 } }
  func advance(seconds: Double) { instant.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// odoo-sim on loopback, a store in a temporary folder, and an engine between them.
struct SyncHarness {
  let server: OdooSimServer
  let directory: TemporaryDirectory
  let store: OrderStore
  let clock: TestClock

  var simulator: SimulatedOdoo { server.simulator }
  var odoo: OdooEngine { server.simulator.engine }

  static func start(orders: Int = 12, version: OdooVersion = .v17) async throws -> SyncHarness {
    var configuration = OdooEngineConfiguration(
      version: version, seed: .demo(orders: orders, seed: 42, today: Date(timeIntervalSince1970: 1_773_446_400)))
    configuration.databaseName = "farmacy"
    let server = try await OdooSimServer.start(SimulatedOdoo(engine: OdooEngine(configuration: configuration)))
    let directory = try TemporaryDirectory()
    let store = try OrderStore.open(path: directory.path + "/farmacy.sqlite")
    return SyncHarness(server: server, directory: directory, store: store, clock: TestClock(testNow))
  }

  func client(maxAttempts: Int = 1) -> OdooClient {
    var breaker = CircuitBreakerStateMachine.Configuration()
    breaker.failureRateThreshold = nil
    breaker.consecutiveFailureThreshold = 1_000
    return OdooClient(
      endpoint: OdooEndpoint(baseURL: server.baseURL, database: "farmacy", login: "admin", secret: "admin"),
      breaker: CircuitBreaker(configuration: breaker), retryPolicy: RetryPolicy(maxAttempts: maxAttempts),
      protocolKind: .jsonRPC, sleep: { _ in }, random: { 0.5 })
  }

  func engine(owner: String = "test-engine", maxAttempts: Int = 5, client: OdooClient? = nil, pageSize: Int = 2_000)
    -> SyncEngine
  {
    var configuration = SyncEngine.Configuration()
    configuration.pullPageSize = pageSize
    configuration.owner = owner
    configuration.user = "tester"
    configuration.maxAttempts = maxAttempts
    configuration.backoffBase = .seconds(1)
    configuration.backoffCap = .seconds(10)
    let clock = self.clock
    return SyncEngine(
      store: store, client: client ?? self.client(), configuration: configuration, now: { clock.now }, random: { 1 })
  }

  /// A new local order for the first demo vendor, with `lines` lines of its catalogue.
  /// A new local order with `lines` lines, saved and handed to the submission saga.
  func submitNewOrder(lines: Int, with engine: SyncEngine) async throws -> PurchaseOrder {
    let order = try newLocalOrder(lines: lines)
    try store.saveOrder(order, actor: "staff", now: clock.now)
    try await engine.submit(orderID: order.id)
    return order
  }

  func newLocalOrder(lines: Int = 3, notes: String = "") throws -> PurchaseOrder {
    let vendor = try #require(try store.vendors().first { !((try? store.catalogue(vendorID: $0.id)) ?? []).isEmpty })
    let entries = try store.catalogue(vendorID: vendor.id)
    var order = PurchaseOrder.fixture(vendorID: vendor.id, vendorName: vendor.name, lines: [])
    order.currency = vendor.currency
    order.notes = notes
    for (index, entry) in entries.prefix(lines).enumerated() {
      let product = try #require(try store.product(id: entry.productID))
      var line = OrderLine(product: product, quantity: Quantity(thousandths: Int64(1_000 * (index + 2))), catalogueEntry: entry, now: clock.now)
      line.sequence = 10 * (index + 1)
      order.lines.append(line)
    }
    return order
  }

  /// Calls the simulated Odoo directly as the colleague (uid 8), as another Odoo user would.
  @discardableResult
  func remote(_ model: String, _ method: String, _ args: [OdooSimulator.OdooValue], uid: Int = 2) throws -> OdooSimulator.OdooValue? {
    try odoo.call(uid: uid, model: model, method: method, args: args)
  }

  /// How many Odoo orders carry the external id of local order `id`.
  func remoteCount(of id: UUID) throws -> Int {
    let value = try remote(
      "ir.model.data", "search_count",
      [[["name", "=", .string(OdooOrderMapping.externalName(order: id))], ["model", "=", "purchase.order"]]])
    return value?.intValue ?? -1
  }

  func remoteOrderCount() throws -> Int { try remote("purchase.order", "search_count", [[]])?.intValue ?? -1 }

  func stop() async { await server.stop() }
}
