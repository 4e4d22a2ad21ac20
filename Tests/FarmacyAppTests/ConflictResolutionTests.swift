import FarmacyDomain
import FarmacyStore
import Foundation
import OdooKit
import OdooSimulator
import SyncEngine
import Synchronization
import TerminalKit
import Testing

@testable import FarmacyApp

/// A conflict made for real (the same field edited here and in odoo-sim), settled with the
/// app's keys, through the runtime's effects, by the real engine.
@Suite struct ConflictResolutionTests {
  private final class Clock: Sendable {
    private let instant = Mutex(Date(timeIntervalSince1970: 1_773_446_400 + 3_600))
    var now: Date { instant.withLock { $0 } }
    func advance() { instant.withLock { $0 = $0.addingTimeInterval(5) } }
  }

  /// odoo-sim with a dozen demo orders, pulled once into an in-memory store by a real engine,
  /// and the app's services over them.
  private struct World {
    var odoo: OdooEngine
    var server: OdooSimServer
    var store: OrderStore
    var clock: Clock
    var engine: SyncEngine
    var services: AppServices

    /// The first order still open for edits: its summary, its Odoo id and the order itself.
    func firstOpenOrder() throws -> (summary: OrderSummary, odooID: Int, order: PurchaseOrder) {
      let summary = try #require(
        try store.listOrders(OrderQuery(states: [.draft, .sent, .purchase], limit: 1)).orders.first)
      let odooID = try #require(summary.odooID)
      return (summary, odooID, try #require(try store.order(id: summary.id)).order)
    }
  }

  private func world() async throws -> World {
    var configuration = OdooEngineConfiguration(
      version: .v17, seed: .demo(orders: 12, seed: 42, today: Date(timeIntervalSince1970: 1_773_446_400)))
    configuration.databaseName = "farmacy"
    let odoo = OdooEngine(configuration: configuration)
    let server = try await OdooSimServer.start(SimulatedOdoo(engine: odoo))
    let store = try OrderStore.inMemory()
    let clock = Clock()
    var breaker = CircuitBreakerStateMachine.Configuration()
    breaker.failureRateThreshold = nil
    let client = OdooClient(
      endpoint: OdooEndpoint(baseURL: server.baseURL, database: "farmacy", login: "admin", secret: "admin"),
      breaker: CircuitBreaker(configuration: breaker), retryPolicy: RetryPolicy(maxAttempts: 1), protocolKind: .jsonRPC,
      sleep: { _ in }, random: { 0.5 })
    let engine = SyncEngine(store: store, client: client, now: { clock.now })
    let first = await engine.round()
    #expect(first.error == nil)
    let services = AppServices(
      listOrders: { try store.listOrders($0) }, countOrders: { try store.countOrders($0) },
      order: { try store.order(id: $0) },
      perform: { action, id, actor in try store.perform(action, orderID: id, actor: actor, now: clock.now) },
      save: { order, base, actor in try store.saveOrder(order, editedFrom: base, actor: actor, now: clock.now) },
      queue: {
        (
          try store.outboxJobs(states: [.pending, .inFlight, .deferred, .dead]), try store.outboxCounts(),
          try store.oldestJobs()
        )
      },
      conflicts: { try store.conflicts() }, health: { HealthSample() },
      send: { command in
        guard case .resolve(let orderID, let take, let fields, let keepBoth, let actor) = command else {
          return "ignored"
        }
        try await engine.resolve(orderID: orderID, take: take, fields: fields, keepBoth: keepBoth, actor: actor)
        return "resolved"
      })
    var world = World(odoo: odoo, server: server, store: store, clock: clock, engine: engine, services: services)
    world.services.audit = { try store.auditEntries(orderID: $0, limit: 1_000) }
    return world
  }

  @Test func manager_takesOdoosValue_andTheConflictIsGone() async throws {
    let world = try await world()
    let (store, clock) = (world.store, world.clock)
    // The same field changed on both sides.
    var (summary, odooID, local) = try world.firstOpenOrder()
    local.notes = "Local notes"
    try store.saveOrder(local, actor: "ana", now: clock.now)
    clock.advance()
    _ = try world.odoo.call(
      uid: 2, model: "purchase.order", method: "write", args: [[.int(odooID)], ["notes": "Remote notes"]])
    clock.advance()
    await world.engine.round()
    #expect(try store.conflicts(orderID: summary.id).count == 1)

    let services = world.services
    var state = AppState(now: clock.now, role: .manager, actor: "maria")
    await settle(&state, .appStarted, services: services)
    for key in ["4", "O"] { await settle(&state, .keyPressed(.character(Character(key))), services: services) }
    #expect(state.conflicts.selectedOrder?.reference == summary.reference)
    #expect(state.conflicts.defaultSide == .remote)
    await settle(&state, .keyPressed(KeyEvent(.enter)), services: services)
    #expect(state.confirmation != nil)
    await settle(&state, .keyPressed(.character("y")), services: services)
    #expect(state.toasts.last?.message == "Conflicts settled; the merged order is queued for Odoo")
    await settle(&state, .clockTicked(clock.now), services: services)
    #expect(state.conflicts.orders.isEmpty)
    let settled = try #require(try store.order(id: summary.id))
    #expect(settled.order.notes.contains("Remote notes"))
    #expect(settled.info.syncStatus != .conflict)
    await world.server.stop()
  }

  @Test func lineAddedOnBothSides_mergedWithBothCopiesKept_reachesOdooAsTwoLines() async throws {
    let world = try await world()
    let (store, clock) = (world.store, world.clock)
    var (summary, odooID, local) = try world.firstOpenOrder()
    let inOrder = Set(local.lines.compactMap(\.productID))
    let product = try #require(
      try store.products().first {
        $0.isActive && !$0.isControlled && $0.odooID != nil && !inOrder.contains($0.id)
      })
    // The same product added here (4) and in Odoo (6).
    local.lines.append(OrderLine(product: product, quantity: 4, catalogueEntry: nil, now: clock.now))
    try store.saveOrder(local, actor: "ana", now: clock.now)
    clock.advance()
    _ = try world.odoo.call(
      uid: 2, model: "purchase.order", method: "write",
      args: [
        [.int(odooID)],
        [
          "order_line": [
            [0, 0, ["product_id": .int(product.odooID ?? 0), "product_qty": 6.0, "price_unit": 3.0]]
          ]
        ],
      ])
    clock.advance()
    await world.engine.round()
    let open = try store.conflicts(orderID: summary.id)
    #expect(!open.isEmpty)
    #expect(open.allSatisfy { $0.conflict.lineKey == product.code && $0.conflict.isOnLineAddedOnBothSides })

    let services = world.services
    var state = AppState(now: clock.now, role: .manager, actor: "maria")
    await settle(&state, .appStarted, services: services)
    await settle(&state, .keyPressed(.character("4")), services: services)
    #expect(state.conflicts.reasons != nil)
    #expect(state.conflicts.selectedOrder?.rows.first?.isLineAddedOnBothSides == true)
    await settle(&state, .keyPressed(.character("m")), services: services)
    #expect(state.conflicts.keepBoth == [product.code])
    await settle(&state, .keyPressed(KeyEvent(.enter)), services: services)
    #expect(state.confirmation?.message.hasSuffix("keep both copies of \(product.code)?") == true)
    await settle(&state, .keyPressed(.character("y")), services: services)
    #expect(state.toasts.last?.message == "Conflicts settled; the merged order is queued for Odoo")
    #expect(try store.conflicts(orderID: summary.id).isEmpty)

    clock.advance()
    await world.engine.round()
    let lines = try world.odoo.call(
      uid: 2, model: "purchase.order.line", method: "search_read",
      args: [[["order_id", "=", .int(odooID)], ["product_id", "=", .int(product.odooID ?? 0)]]],
      kwargs: ["fields": ["product_qty"]])
    let quantities = (lines?.arrayValue ?? []).compactMap { $0["product_qty"]?.doubleValue }.sorted()
    #expect(quantities == [4, 6])
    let trail = try store.auditEntries(orderID: summary.id, limit: 20)
    #expect(trail.contains { $0.summary.contains("both copies kept of line(s) \(product.code)") })
    await world.server.stop()
  }

  /// Applies `action` and every effect it leads to, until nothing is left to do.
  private func settle(_ state: inout AppState, _ action: AppAction, services: AppServices) async {
    var pending = [action]
    while !pending.isEmpty {
      let next = pending.removeFirst()
      for effect in reduce(&state, next) where effect != .quit {
        pending.append(await AppRuntime.outcome(of: effect, services: services, actor: "maria"))
      }
    }
  }
}
