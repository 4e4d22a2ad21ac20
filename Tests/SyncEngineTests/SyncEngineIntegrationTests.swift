import FarmacyDomain
import FarmacyStore
import FarmacyTestSupport
import Foundation
import OdooKit
import OdooSimulator
import SyncEngine
import Testing

@Suite("Sync engine against odoo-sim over loopback", .serialized)
struct SyncEngineIntegrationTests {
  @Test("a first round pulls the catalogue and every order")
  func firstPull() async throws {
    let harness = try await SyncHarness.start(orders: 12)
    defer { Task { await harness.stop() } }
    let report = await harness.engine().round()
    #expect(report.error == nil)
    #expect(report.pulled.inserted == 12)
    #expect(try harness.store.countOrders(OrderQuery()) == 12)
    #expect(try harness.store.vendors().allSatisfy { $0.odooID != nil })
    let order = try #require(try harness.store.order(reference: "P00003"))
    #expect(order.info.syncStatus == .synced)
    #expect(!order.order.lines.isEmpty)
    // A second round finds nothing new.
    let again = await harness.engine().round()
    #expect(again.pulled.inserted == 0 && again.pulled.updated == 0)
  }

  @Test("a pull over many pages stores every order once, and the next pull only what changed")
  func pagedPull() async throws {
    let harness = try await SyncHarness.start(orders: 23)
    defer { Task { await harness.stop() } }
    let engine = harness.engine(pageSize: 5)
    let report = await engine.round()
    #expect(report.error == nil)
    #expect(report.pulled.inserted == 23)
    #expect(try harness.store.countOrders(OrderQuery()) == 23)
    let odooID = try #require(try harness.store.order(reference: "P00004")?.order.odooID)
    harness.clock.advance(seconds: 2)
    try harness.remote("purchase.order", "write", [[.int(odooID)], ["origin": "Clinic 12"]], uid: 8)
    let again = await engine.round()
    #expect(again.pulled.inserted == 0)
    #expect(again.pulled.updated == 1)
    #expect(try harness.store.order(reference: "P00004")?.order.origin == "Clinic 12")
  }

  @Test("a new order is pushed once, with its lines, quantities and prices")
  func pushNewOrder() async throws {
    let harness = try await SyncHarness.start()
    defer { Task { await harness.stop() } }
    let engine = harness.engine()
    await engine.round()
    let order = try harness.newLocalOrder(lines: 3, notes: "first push")
    try harness.store.saveOrder(order, actor: "staff", now: harness.clock.now)
    let report = await engine.round()
    #expect(report.pushed == 1)
    let stored = try #require(try harness.store.order(id: order.id))
    #expect(stored.info.syncStatus == .synced)
    let odooID = try #require(stored.order.odooID)
    #expect(stored.order.reference.hasPrefix("P"))
    #expect(try harness.remoteCount(of: order.id) == 1)
    let lines = try harness.remote(
      "purchase.order.line", "search_read", [[["order_id", "=", .int(odooID)]], ["product_qty", "price_unit"]])
    let remoteQuantities = (lines?.arrayValue ?? []).compactMap { $0["product_qty"]?.doubleValue }.sorted()
    #expect(remoteQuantities == order.lines.map(\.quantity.odooValue).sorted())
    let remotePrices = (lines?.arrayValue ?? []).compactMap { $0["price_unit"]?.doubleValue }.sorted()
    #expect(remotePrices == order.lines.map { Double($0.unitPriceMinor) / 100 }.sorted())
    #expect(stored.order.lines.allSatisfy { $0.odooID != nil })
    #expect(Set(stored.order.lines.map(\.id)) == Set(order.lines.map(\.id)))
  }

  @Test("an RFQ moved to another vendor is written to Odoo with the new partner_id, prices and arrivals")
  func pushVendorChange() async throws {
    let harness = try await SyncHarness.start(orders: 60)
    defer { Task { await harness.stop() } }
    let engine = harness.engine()
    await engine.round()
    let drafts = try harness.store.listOrders(OrderQuery(states: [.draft, .sent], limit: 50)).orders
    let summary = try #require(drafts.first { $0.odooID != nil })
    var order = try #require(try harness.store.order(id: summary.id)).order
    let vendor = try #require(
      try harness.store.vendors().first { $0.id != order.vendorID && $0.currency == order.currency && $0.odooID != nil })
    order.vendorID = vendor.id
    order.vendorName = vendor.name
    order.lines[0].unitPriceMinor += 111
    let arrival = try #require(OdooDateTime.parse("2031-05-06 12:00:00"))
    order.lines[0].datePlanned = arrival
    try harness.store.saveOrder(order, actor: "staff", now: harness.clock.now)
    let report = await engine.round(pull: false)
    #expect(report.pushed == 1)
    let odooID = try #require(order.odooID)
    let remote = try harness.remote("purchase.order", "read", [[.int(odooID)], ["partner_id"]])
    #expect(remote?.arrayValue?.first?["partner_id"]?.arrayValue?.first?.intValue == vendor.odooID)
    let lineID = try #require(order.lines[0].odooID)
    let line = try harness.remote("purchase.order.line", "read", [[.int(lineID)], ["price_unit", "date_planned"]])
    #expect(line?.arrayValue?.first?["price_unit"]?.doubleValue == Double(order.lines[0].unitPriceMinor) / 100)
    #expect(line?.arrayValue?.first?["date_planned"] == .dateTime(arrival))
    #expect(try harness.store.order(id: order.id)?.info.syncStatus == .synced)
  }

  @Test("a create whose reply is dropped after the commit is not duplicated")
  func droppedReplyIsNotDuplicated() async throws {
    let harness = try await SyncHarness.start()
    defer { Task { await harness.stop() } }
    let engine = harness.engine()
    await engine.round()
    let before = try harness.remoteOrderCount()
    let order = try harness.newLocalOrder(lines: 2)
    try harness.store.saveOrder(order, actor: "staff", now: harness.clock.now)
    // Twice: libcurl resends a request once by itself when a kept-alive connection drops.
    harness.simulator.faults.schedule(ScheduledFault(kind: .commitThenDrop, count: 2, model: "purchase.order", method: "load"))
    let first = await engine.round(pull: false)
    #expect(first.pushed == 0 && first.deferred == 1)
    // Odoo has it, though the reply never came.
    #expect(try harness.remoteCount(of: order.id) == 1)
    harness.clock.advance(seconds: 60)
    let second = await engine.round(pull: false)
    #expect(second.pushed == 1)
    #expect(try harness.remoteCount(of: order.id) == 1)
    #expect(try harness.remoteOrderCount() == before + 1)
    let stored = try #require(try harness.store.order(id: order.id))
    #expect(stored.info.syncStatus == .synced)
    let lines = try harness.remote("purchase.order.line", "search_count", [[["order_id", "=", .int(try #require(stored.order.odooID))]]])
    #expect(lines?.intValue == 2)
  }

  @Test("work left in flight by a dead engine is finished exactly once by the next")
  func interruptedWorkIsFinishedOnce() async throws {
    let harness = try await SyncHarness.start()
    defer { Task { await harness.stop() } }
    await harness.engine().round()
    let before = try harness.remoteOrderCount()
    let order = try harness.newLocalOrder(lines: 2)
    try harness.store.saveOrder(order, actor: "staff", now: harness.clock.now)
    // An engine leases the work and sends the create, then dies before recording it.
    let leased = try harness.store.leaseWork(owner: "dead-engine", now: harness.clock.now, leaseFor: .seconds(30), limit: 10)
    #expect(leased.count == 1)
    let client = harness.client()
    let names = try await client.connect().fields
    let mapping = OdooOrderMapping(names: names, vendors: try harness.store.vendors(), products: try harness.store.products())
    _ = try await client.load("purchase.order", fields: mapping.loadFields, rows: try mapping.loadRows(for: order))
    // While the lease is live nobody else takes it.
    #expect(try harness.store.leaseWork(owner: "other", now: harness.clock.now, leaseFor: .seconds(30), limit: 10).isEmpty)
    harness.clock.advance(seconds: 31)
    let report = await harness.engine(owner: "successor").round(pull: false)
    #expect(report.pushed == 1)
    #expect(try harness.remoteCount(of: order.id) == 1)
    #expect(try harness.remoteOrderCount() == before + 1)
    let pushes = try harness.store.auditEntries(orderID: order.id).filter { $0.action == "sync.pushed" }
    #expect(pushes.count == 1)
    #expect(try harness.store.outboxJobs(orderID: order.id).allSatisfy { $0.state == .done })
  }

  @Test("edits of different fields on both sides merge; the same field conflicts and a resolution pushes the choice")
  func mergeAndConflict() async throws {
    let harness = try await SyncHarness.start(orders: 40)
    defer { Task { await harness.stop() } }
    let engine = harness.engine()
    await engine.round()
    let created = try harness.newLocalOrder(lines: 2)
    try harness.store.saveOrder(created, actor: "staff", now: harness.clock.now)
    #expect(await engine.round(pull: false).pushed == 1)
    harness.clock.advance(seconds: 5)
    var local = try #require(try harness.store.order(id: created.id)).order
    let odooID = try #require(local.odooID)

    // Different fields: notes here, vendor reference in Odoo.
    local.notes = "Deliver to the back door"
    try harness.store.saveOrder(local, actor: "staff", now: harness.clock.now)
    harness.clock.advance(seconds: 5)
    try harness.remote("purchase.order", "write", [[.int(odooID)], ["partner_ref": "VR-2041"]], uid: 8)
    harness.clock.advance(seconds: 5)
    let merged = await engine.round()
    #expect(merged.error == nil)
    let afterMerge = try #require(try harness.store.order(id: local.id))
    #expect(afterMerge.order.notes == "Deliver to the back door")
    #expect(afterMerge.order.vendorReference == "VR-2041")
    #expect(afterMerge.info.syncStatus == .synced)
    let remote = try harness.remote("purchase.order", "read", [[.int(odooID)], ["notes", "partner_ref"]])?.arrayValue?.first
    #expect(remote?["partner_ref"]?.stringValue == "VR-2041")
    #expect(remote?["notes"]?.stringValue?.contains("Deliver to the back door") == true)

    // The same field: both change the notes.
    var again = afterMerge.order
    again.notes = "Local notes"
    try harness.store.saveOrder(again, actor: "staff", now: harness.clock.now)
    harness.clock.advance(seconds: 5)
    try harness.remote("purchase.order", "write", [[.int(odooID)], ["notes": "Remote notes"]], uid: 8)
    await engine.round()
    let conflicted = try #require(try harness.store.order(id: local.id))
    #expect(conflicted.info.syncStatus == .conflict)
    let conflicts = try harness.store.conflicts(orderID: local.id)
    #expect(conflicts.map(\.conflict.field) == ["notes"])
    #expect(conflicts.first?.conflict.local == "Local notes")
    #expect(conflicts.first?.conflict.remote?.contains("Remote notes") == true)
    // Nothing is pushed while the conflict is open.
    let stillRemote = try harness.remote("purchase.order", "read", [[.int(odooID)], ["notes"]])?.arrayValue?.first
    #expect(stillRemote?["notes"]?.stringValue?.contains("Remote notes") == true)

    try await engine.resolve(orderID: local.id, take: .local, fields: [:], actor: "manager")
    await engine.round()
    let resolved = try #require(try harness.store.order(id: local.id))
    #expect(resolved.info.syncStatus == .synced)
    let pushed = try harness.remote("purchase.order", "read", [[.int(odooID)], ["notes"]])?.arrayValue?.first
    #expect(pushed?["notes"]?.stringValue?.contains("Local notes") == true)
    let audit = try harness.store.auditEntries(orderID: local.id).map(\.action)
    #expect(audit.contains("sync.conflict_detected"))
    #expect(audit.contains("sync.conflict_resolved"))
  }

  @Test("the submission saga compensates in reverse when the push fails for good")
  func sagaCompensates() async throws {
    let harness = try await SyncHarness.start()
    defer { Task { await harness.stop() } }
    let engine = harness.engine(maxAttempts: 1)
    await engine.round()
    let order = try await harness.submitNewOrder(lines: 2, with: engine)
    #expect(try harness.store.reservationCounts(orderID: order.id)["held"] == 2)
    harness.simulator.faults.schedule(ScheduledFault(kind: .http502, count: 5, model: "purchase.order", method: "button_confirm"))
    let report = await engine.round(pull: false)
    #expect(report.deadLettered == 1)
    let saga = try #require(try harness.store.sagas(orderID: order.id).last)
    #expect(saga.state == .compensated)
    #expect(try harness.store.reservationCounts(orderID: order.id)["released"] == 2)
    #expect(try harness.store.order(id: order.id)?.info.syncStatus == .failed)
    // The order had reached Odoo before the confirmation failed: it is cancelled there.
    let found = try harness.remote(
      "ir.model.data", "search_read",
      [[["name", "=", .string(OdooOrderMapping.externalName(order: order.id))]], ["res_id"]])
    let remoteID = try #require(found?.arrayValue?.first?["res_id"]?.intValue)
    let state = try harness.remote("purchase.order", "read", [[.int(remoteID)], ["state"]])?.arrayValue?.first?["state"]
    #expect(state?.stringValue == "cancel")
    #expect(try harness.store.notifications().contains { $0.title.contains("was not submitted") })
  }

  @Test("the submission saga completes when the order is confirmed in Odoo")
  func sagaCompletes() async throws {
    let harness = try await SyncHarness.start()
    defer { Task { await harness.stop() } }
    let engine = harness.engine()
    await engine.round()
    let order = try await harness.submitNewOrder(lines: 1, with: engine)
    await engine.round(pull: false)
    let saga = try #require(try harness.store.sagas(orderID: order.id).last)
    #expect(saga.state == .completed)
    #expect(try harness.store.reservationCounts(orderID: order.id)["consumed"] == 1)
    let stored = try #require(try harness.store.order(id: order.id))
    #expect(stored.order.state == .purchase)
    let state = try harness.remote("purchase.order", "read", [[.int(try #require(stored.order.odooID))], ["state"]])
    #expect(state?.arrayValue?.first?["state"]?.stringValue == "purchase")
  }

  @Test("an order that cannot be confirmed is refused by the saga before anything is written")
  func sagaRefusesAnOrderWithoutLines() async throws {
    let harness = try await SyncHarness.start()
    defer { Task { await harness.stop() } }
    let engine = harness.engine()
    await engine.round()
    let order = try harness.newLocalOrder(lines: 0)
    try harness.store.saveOrder(order, actor: "staff", now: harness.clock.now)
    await #expect(throws: (any Error).self) { try await engine.submit(orderID: order.id) }
    #expect(try harness.store.sagas(orderID: order.id).isEmpty)
    #expect(try harness.store.reservationCounts(orderID: order.id).isEmpty)
  }

  /// The order was confirmed in Odoo, but a later edit's job dies before the saga saw the
  /// confirmation: Odoo's order must not be cancelled.
  @Test("a later job dying does not undo a submission Odoo has confirmed")
  func sagaCompletesDespiteALaterDeadJob() async throws {
    let harness = try await SyncHarness.start()
    defer { Task { await harness.stop() } }
    let engine = harness.engine(maxAttempts: 1)
    await engine.round()
    let order = try await harness.submitNewOrder(lines: 1, with: engine)
    await engine.round(pull: false)
    let saga = try #require(try harness.store.sagas(orderID: order.id).last)
    // As if the edit below had been saved while the confirmation was being pushed.
    try harness.store.updateSaga(id: saga.id, step: "push", state: .running, now: harness.clock.now)
    let confirmed = try #require(try harness.store.order(id: order.id))
    var edited = confirmed.order
    edited.notes = "Refused by Odoo"
    try harness.store.saveOrder(edited, editedFrom: confirmed.order, actor: "staff", now: harness.clock.now)
    harness.simulator.faults.schedule(ScheduledFault(kind: .serverError, count: 5, model: "purchase.order", method: "write"))
    let report = await engine.round(pull: false)
    #expect(report.deadLettered == 1)
    #expect(try harness.store.sagas(orderID: order.id).last?.state == .completed)
    let odooID = try #require(confirmed.order.odooID)
    let state = try harness.remote("purchase.order", "read", [[.int(odooID)], ["state"]])
    #expect(state?.arrayValue?.first?["state"]?.stringValue == "purchase")
    #expect(try harness.store.reservationCounts(orderID: order.id)["consumed"] == 1)
  }

  @Test("a dead job stays visible, and a retry sends it")
  func deadLetterAndRetry() async throws {
    let harness = try await SyncHarness.start()
    defer { Task { await harness.stop() } }
    let engine = harness.engine(maxAttempts: 2)
    await engine.round()
    let order = try harness.newLocalOrder(lines: 1)
    try harness.store.saveOrder(order, actor: "staff", now: harness.clock.now)
    harness.simulator.faults.schedule(ScheduledFault(kind: .http503, count: 2, model: "purchase.order", method: "load"))
    let first = await engine.round(pull: false)
    #expect(first.deferred == 1)
    let deferred = try #require(try harness.store.outboxJobs(orderID: order.id).first)
    #expect(deferred.state == .deferred)
    #expect(deferred.lastError?.contains("503") == true)
    // Not due yet: nothing is sent.
    #expect(await engine.round(pull: false).deferred == 0)
    harness.clock.advance(seconds: 30)
    let second = await engine.round(pull: false)
    #expect(second.deadLettered == 1)
    #expect(try harness.store.outboxJobs(orderID: order.id).first?.state == .dead)
    #expect(try harness.store.order(id: order.id)?.info.syncStatus == .failed)
    try harness.store.retryJobs(actor: "support", now: harness.clock.now)
    let third = await engine.round(pull: false)
    #expect(third.pushed == 1)
    #expect(try harness.remoteCount(of: order.id) == 1)
  }

  @Test("an order deleted in Odoo is removed here when it had no local changes")
  func remoteDeletion() async throws {
    let harness = try await SyncHarness.start(orders: 40)
    defer { Task { await harness.stop() } }
    let engine = harness.engine()
    await engine.round()
    let cancelled = try harness.newLocalOrder(lines: 1)
    try harness.store.saveOrder(cancelled, actor: "staff", now: harness.clock.now)
    #expect(await engine.round(pull: false).pushed == 1)
    let odooID = try #require(try harness.store.order(id: cancelled.id)?.order.odooID)
    try harness.remote("purchase.order", "button_cancel", [[.int(odooID)]])
    try harness.remote("purchase.order", "unlink", [[.int(odooID)]])
    let report = await engine.round()
    #expect(report.deleted == 1)
    #expect(try harness.store.order(id: cancelled.id) == nil)
  }

  @Test("only one engine syncs a database at a time")
  func oneEnginePerDatabase() async throws {
    let harness = try await SyncHarness.start(orders: 2)
    defer { Task { await harness.stop() } }
    let first = try harness.store.acquireEngineLease(owner: "first", now: harness.clock.now, ttl: .seconds(30))
    #expect(first.acquired)
    let refused = harness.engine(owner: "second")
    // A command sent before the engine runs waits for it; when it cannot start, it is answered.
    let early = Task { try await refused.send(.syncNow) }
    await #expect(throws: SyncError.engineBusy(holder: "first")) { try await refused.run(waitForLease: false) }
    await #expect(throws: SyncError.engineBusy(holder: "first")) { try await early.value }
    await #expect(throws: SyncError.engineBusy(holder: "first")) { try await refused.send(.pause) }
    // Once the first stops renewing, the second takes over.
    harness.clock.advance(seconds: 31)
    let second = try harness.store.acquireEngineLease(owner: "second", now: harness.clock.now, ttl: .seconds(30))
    #expect(second.acquired)
  }

  @Test("commands go through the channel and events come out")
  func commandsAndEvents() async throws {
    let harness = try await SyncHarness.start(orders: 3)
    defer { Task { await harness.stop() } }
    let engine = harness.engine()
    let events = engine.events()
    let running = Task { try await engine.run(waitForLease: false) }
    #expect(try await engine.send(.pause) == "paused")
    #expect(try await engine.send(.syncNow) == "paused")
    let order = try harness.newLocalOrder(lines: 1)
    try harness.store.saveOrder(order, actor: "staff", now: harness.clock.now)
    #expect(try await engine.send(.resume) == "resumed")
    var sawSuccess = false
    for await envelope in events {
      if case .jobSucceeded(_, _, let odooID, _) = envelope.event, odooID > 0 {
        sawSuccess = true
        #expect(envelope.user == "tester")
        break
      }
    }
    #expect(sawSuccess)
    _ = try await engine.send(.shutDown)
    try await running.value
    #expect(try harness.store.engineLease() == nil)
  }
}
