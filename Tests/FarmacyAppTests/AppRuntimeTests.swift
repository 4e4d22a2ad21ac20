import FarmacyDemoData
import FarmacyDomain
import FarmacyStore
import Foundation
import SyncEngine
import TerminalKit
import Testing

@testable import FarmacyApp

/// The reducer and the runtime's effects against a real store: paging through many orders by
/// keyset never loses or repeats a row, and edits land in the outbox.
@Suite struct AppRuntimeTests {
  private static func seededStore(orders: Int) throws -> OrderStore {
    let store = try OrderStore.inMemory()
    let generator = DemoDataGenerator(seed: 7, count: orders, anchor: screenNow)
    let catalogue = generator.catalogue
    try store.upsertCatalogue(vendors: catalogue.vendors, products: catalogue.products, entries: catalogue.catalogue)
    _ = try store.importSyncedOrders(generator.orders, actor: "test", reason: "test", now: screenNow)
    return store
  }

  private static func services(_ store: OrderStore) -> AppServices {
    var services = AppServices(
      listOrders: { try store.listOrders($0) }, countOrders: { try store.countOrders($0) },
      order: { try store.order(id: $0) },
      perform: { action, id, actor in try store.perform(action, orderID: id, actor: actor, now: screenNow) },
      save: { order, base, actor in try store.saveOrder(order, editedFrom: base, actor: actor, now: screenNow) },
      queue: {
        (
          try store.outboxJobs(states: [.pending, .inFlight, .deferred, .dead]), try store.outboxCounts(),
          try store.oldestJobs()
        )
      },
      conflicts: { try store.conflicts() }, health: { HealthSample() }, send: { "ok: \($0)" })
    services.searchCatalogue = { try catalogueOffers(store: store, vendorID: $0, search: $1) }
    services.audit = { try store.auditEntries(orderID: $0) }
    services.findVendor = { try store.vendor(matching: $0) }
    services.searchVendors = { try store.searchVendors($0) }
    services.vendorOffers = { try catalogueOffers(store: store, vendorID: $0, productIDs: Set($1)) }
    return services
  }

  /// Applies `action` and every effect it leads to, until nothing is left to do.
  private func settle(_ state: inout AppState, _ action: AppAction, services: AppServices) async {
    var pending = [action]
    while !pending.isEmpty {
      let next = pending.removeFirst()
      for effect in reduce(&state, next) where effect != .quit {
        pending.append(await AppRuntime.outcome(of: effect, services: services, actor: "ana"))
      }
    }
  }

  @Test func keysetScrolling_matchesTheFullList_downUpAndFromTheEnd() async throws {
    let store = try Self.seededStore(orders: 1_500)
    let services = Self.services(store)
    let all = try store.listOrders(OrderQuery(limit: 10_000)).orders.map(\.reference)
    var state = AppState(now: screenNow, size: Size(width: 80, height: 24))
    await settle(&state, .appStarted, services: services)
    #expect(state.orders.total == 1_500)
    for _ in 0..<80 { await settle(&state, .keyPressed(KeyEvent(.pageDown)), services: services) }
    let down = try #require(state.orders.table.selected)
    #expect(state.orders.selectedOrder?.reference == all[down])
    #expect(state.orders.window.count <= OrderWindow.maxPages * OrdersState.pageSize)
    for _ in 0..<30 { await settle(&state, .keyPressed(KeyEvent(.pageUp)), services: services) }
    let up = try #require(state.orders.table.selected)
    #expect(state.orders.selectedOrder?.reference == all[up])
    await settle(&state, .keyPressed(KeyEvent(.end)), services: services)
    #expect(state.orders.selectedOrder?.reference == all.last)
    for _ in 0..<150 { await settle(&state, .keyPressed(KeyEvent(.up)), services: services) }
    #expect(state.orders.selectedOrder?.reference == all[1_499 - 150])
    // Every loaded row sits at its index in the full list.
    for index in state.orders.window.start..<state.orders.window.end {
      #expect(state.orders.window.order(at: index)?.reference == all[index])
    }
  }

  @Test func searchAndFilter_countWhatTheStoreCounts() async throws {
    let store = try Self.seededStore(orders: 400)
    let services = Self.services(store)
    var state = AppState(now: screenNow)
    await settle(&state, .appStarted, services: services)
    await settle(&state, .keyPressed(.character("f")), services: services)
    #expect(state.orders.total == (try store.countOrders(OrderQuery(states: [.draft]))))
    #expect(state.orders.selectedOrder?.state == .draft)
  }

  @Test func confirmingAnOrder_writesAnOutboxJob_thatTheQueueShows() async throws {
    let store = try Self.seededStore(orders: 200)
    let services = Self.services(store)
    var state = AppState(now: screenNow)
    await settle(&state, .appStarted, services: services)
    await settle(&state, .keyPressed(.character("f")), services: services)
    let reference = try #require(state.orders.selectedOrder?.reference)
    await settle(&state, .keyPressed(.character("c")), services: services)
    await settle(&state, .keyPressed(.character("y")), services: services)
    #expect(state.queue.jobs.map(\.orderReference) == [reference])
    #expect(state.queue.jobs.first?.kind == .action)
    #expect(state.toasts.last?.message == "Confirmed \(reference) — queued for Odoo")
  }

  /// The form was opened, then the order changed under it (another session here): a change to
  /// another field is kept, a change to the same field stops the save and says why.
  @Test func savingAForm_afterTheOrderChangedUnderIt_keepsTheOtherChange_orRefusesTheSameField() async throws {
    let store = try Self.seededStore(orders: 20)
    let services = Self.services(store)
    var state = AppState(now: screenNow)
    await settle(&state, .appStarted, services: services)
    await settle(&state, .keyPressed(KeyEvent(.enter)), services: services)
    let opened = try #require(state.orders.detail?.order)
    await settle(&state, .keyPressed(.character("e")), services: services)
    for character in "REF-A" { await settle(&state, .keyPressed(.character(character)), services: services) }

    var elsewhere = opened
    elsewhere.notes = "Changed by Ben"
    try store.saveOrder(elsewhere, editedFrom: opened, actor: "ben", now: screenNow)
    await settle(&state, .keyPressed(KeyEvent(.enter)), services: services)
    #expect(state.orders.form == nil)
    var stored = try #require(try store.order(id: opened.id)).order
    #expect(stored.vendorReference == opened.vendorReference + "REF-A")
    #expect(stored.notes == "Changed by Ben")

    await settle(&state, .keyPressed(.character("e")), services: services)
    for character in "-2" { await settle(&state, .keyPressed(.character(character)), services: services) }
    var same = stored
    same.vendorReference = "REF-B"
    try store.saveOrder(same, editedFrom: stored, actor: "ben", now: screenNow)
    await settle(&state, .keyPressed(KeyEvent(.enter)), services: services)
    #expect(state.orders.form != nil, "what was typed stays on screen")
    #expect(state.orders.formError?.contains("changed while you were editing it (vendor_reference)") == true)
    stored = try #require(try store.order(id: opened.id)).order
    #expect(stored.vendorReference == "REF-B")
  }

  @Test func aLineFromThePicker_isPricedFromTheCatalogue_savedAndQueued_andInTheAuditTrail() async throws {
    let store = try Self.seededStore(orders: 50)
    let services = Self.services(store)
    var state = AppState(now: screenNow)
    await settle(&state, .appStarted, services: services)
    await settle(&state, .keyPressed(KeyEvent(.enter)), services: services)
    let order = try #require(state.orders.detail?.order)
    let vendorID = try #require(order.vendorID)
    await settle(&state, .keyPressed(.character("a")), services: services)
    let offers = try #require(state.orders.picker?.offers)
    #expect(!offers.isEmpty)
    #expect(offers.allSatisfy { $0.entry.vendorID == vendorID })
    #expect(Set(offers.map(\.product.id)).count == offers.count)
    // The demo's vendors sell from 10 at a lower price: the tiers come with the offer.
    #expect(offers.allSatisfy { offer in offer.tiers.count == 2 && offer.tiers.allSatisfy { $0.productID == offer.product.id } })
    #expect(offers.allSatisfy { $0.priceMinor(for: 10) < $0.priceMinor(for: 1) })
    let wanted = try #require(offers.last)
    for character in wanted.product.code { await settle(&state, .keyPressed(.character(character)), services: services) }
    #expect(state.orders.picker?.offers.map(\.product.code) == [wanted.product.code])
    await settle(&state, .keyPressed(KeyEvent(.enter)), services: services)
    await settle(&state, .keyPressed(KeyEvent(.enter)), services: services)
    let stored = try #require(try store.order(id: order.id)).order
    #expect(stored.lines.count == order.lines.count + 1)
    let line = try #require(stored.lines.last)
    #expect(line.productID == wanted.product.id)
    #expect(line.unitPriceMinor == wanted.entry.priceMinor)
    #expect(state.queue.jobs.contains { $0.orderReference == order.reference })
    await settle(&state, .keyPressed(.character("t")), services: services)
    #expect(state.audit?.subject == order.reference)
    #expect(state.audit?.entries.first?.actor == "ana")
    #expect(state.audit?.entries.allSatisfy { $0.orderUUID == order.id } == true)
  }

  @Test func vendorCommand_narrowsToTheVendorTheStoreFinds() async throws {
    let store = try Self.seededStore(orders: 300)
    let services = Self.services(store)
    var state = AppState(now: screenNow)
    await settle(&state, .appStarted, services: services)
    let vendor = try #require(try store.vendors().first)
    await settle(&state, .keyPressed(.character(":")), services: services)
    for character in "vendor \(vendor.name.prefix(6))" {
      await settle(&state, .keyPressed(.character(character)), services: services)
    }
    await settle(&state, .keyPressed(KeyEvent(.enter)), services: services)
    #expect(state.orders.query.vendorID == vendor.id)
    #expect(state.orders.total == (try store.countOrders(OrderQuery(vendorID: vendor.id))))
    #expect(state.orders.window.order(at: 0)?.vendorID == vendor.id)
  }

  @Test func vendorPicker_findsNamesInAnyCase_andHostileTextMatchesOnlyItself() async throws {
    let store = try Self.seededStore(orders: 20)
    let services = Self.services(store)
    var state = AppState(now: screenNow)
    await settle(&state, .appStarted, services: services)
    await settle(&state, .keyPressed(.character("n")), services: services)
    await settle(&state, .keyPressed(.control("g")), services: services)
    #expect(state.orders.vendorPicker?.vendors.count == (try store.vendors().count))
    let found = { (text: String) async -> [String] in
      var typing = state
      await self.settle(&typing, .keyPressed(.control("u")), services: services)
      for character in text { await self.settle(&typing, .keyPressed(.character(character)), services: services) }
      return typing.orders.vendorPicker?.vendors.map(\.name) ?? []
    }
    #expect(await found("großHANDEL") == ["Alpenvet Großhandel GmbH"])
    #expect(await found("東京") == ["東京動物薬品株式会社"])
    #expect(await found("ca' f") == ["Farmacia Galenica Ca' Foscari"])
    for hostile in ["%", "_", "\\", "'; DROP TABLE vendor; --", "\"", "%'"] {
      #expect(await found(hostile) == [], "\(hostile)")
    }
    #expect(try store.vendors().count == state.orders.vendorPicker?.vendors.count)
  }

  @Test func changingADraftsVendor_repricesItsLinesFromTheNewCatalogue_andQueuesTheSave() async throws {
    let store = try Self.seededStore(orders: 200)
    let services = Self.services(store)
    var state = AppState(now: screenNow)
    await settle(&state, .appStarted, services: services)
    await settle(&state, .keyPressed(.character("f")), services: services)
    await settle(&state, .keyPressed(KeyEvent(.enter)), services: services)
    let order = try #require(state.orders.detail?.order)
    #expect(order.state == .draft)
    let products = Set(order.lines.compactMap(\.productID))
    // Another vendor in the order's currency, preferably one that sells some of its products.
    let candidates = try store.vendors().filter { $0.id != order.vendorID && $0.currency == order.currency }
    let offersBy = try Dictionary(
      uniqueKeysWithValues: candidates.map {
        ($0.id, try catalogueOffers(store: store, vendorID: $0.id, productIDs: products))
      })
    let vendor = try #require(candidates.max { (offersBy[$0.id]?.count ?? 0) < (offersBy[$1.id]?.count ?? 0) })
    let offers = offersBy[vendor.id] ?? []
    #expect(!offers.isEmpty)

    await settle(&state, .keyPressed(.character("e")), services: services)
    await settle(&state, .keyPressed(.control("g")), services: services)
    for character in vendor.name { await settle(&state, .keyPressed(.character(character)), services: services) }
    #expect(state.orders.vendorPicker?.vendors.first == vendor)
    await settle(&state, .keyPressed(KeyEvent(.enter)), services: services)
    #expect(state.orders.vendorChange?.offers?.count == offers.count)
    await settle(&state, .keyPressed(KeyEvent(.enter)), services: services)
    #expect(state.confirmation?.title == "Change vendor")
    await settle(&state, .keyPressed(.character("y")), services: services)

    let stored = try #require(try store.order(id: order.id)).order
    #expect(stored.vendorID == vendor.id)
    #expect(stored.vendorName == vendor.name)
    for (before, after) in zip(order.lines, stored.lines) {
      let offer = offers.first { $0.product.id == before.productID }
      #expect(after.unitPriceMinor == offer?.priceMinor(for: before.quantity) ?? before.unitPriceMinor)
    }
    #expect(state.queue.jobs.contains { $0.orderReference == order.reference && $0.kind == .update })
    #expect(state.message == "Saved \(order.reference)")
  }
}
