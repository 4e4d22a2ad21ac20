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

  @Test func manager_takesOdoosValue_andTheConflictIsGone() async throws {
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

    // The same field changed on both sides.
    let summary = try #require(
      try store.listOrders(OrderQuery(states: [.draft, .sent, .purchase], limit: 1)).orders.first)
    let odooID = try #require(summary.odooID)
    var local = try #require(try store.order(id: summary.id)).order
    local.notes = "Local notes"
    try store.saveOrder(local, actor: "ana", now: clock.now)
    clock.advance()
    _ = try odoo.call(
      uid: 2, model: "purchase.order", method: "write", args: [[.int(odooID)], ["notes": "Remote notes"]])
    clock.advance()
    await engine.round()
    #expect(try store.conflicts(orderID: summary.id).count == 1)

    let services = AppServices(
      listOrders: { try store.listOrders($0) }, countOrders: { try store.countOrders($0) },
      order: { try store.order(id: $0) },
      perform: { action, id, actor in try store.perform(action, orderID: id, actor: actor, now: clock.now) },
      save: { order, actor in try store.saveOrder(order, actor: actor, now: clock.now) },
      queue: {
        (
          try store.outboxJobs(states: [.pending, .inFlight, .deferred, .dead]), try store.outboxCounts(),
          try store.oldestJobs()
        )
      },
      conflicts: { try store.conflicts() }, health: { HealthSample() },
      send: { command in
        guard case .resolve(let orderID, let take, let fields, let actor) = command else { return "ignored" }
        try await engine.resolve(orderID: orderID, take: take, fields: fields, actor: actor)
        return "resolved"
      })
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
    await server.stop()
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
