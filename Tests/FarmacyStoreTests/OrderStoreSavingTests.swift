import FarmacyDemoData
import FarmacyDomain
import FarmacyTestSupport
import Foundation
import GRDB
import Testing

@testable import FarmacyStore

@Suite struct OrderStoreSavingTests {
  @Test func newOrder_writesOrderLinesJobAndAudit_withALocalReference() throws {
    let store = try OrderStore.seeded(orders: 0)
    let saved = try store.saveDraft(lines: 3)
    #expect(saved.order.reference == "L00001")
    #expect(saved.info.syncStatus == .pending)
    #expect(saved.info.revision == 1)
    let stored = try #require(try store.order(reference: "l00001"))
    #expect(stored.order.lines.count == 3)
    #expect(stored.order.lines.map(\.id) == saved.order.lines.map(\.id))
    let jobs = try store.outboxJobs(orderID: saved.order.id)
    #expect(jobs.map(\.kind) == [.create])
    #expect(jobs.first?.id == saved.jobID)
    #expect(jobs.first?.state == .pending)
    let audit = try store.auditEntries(orderID: saved.order.id)
    #expect(audit.map(\.action) == ["order.created"])
    #expect(audit.first?.actor == "tester")
    #expect(try store.saveDraft().order.reference == "L00002")
  }

  @Test func invalidOrder_writesNothing() throws {
    let store = try OrderStore.seeded(orders: 0)
    var order = PurchaseOrder.fixture(lines: [.fixture(quantity: 0)])
    order.vendorID = nil
    #expect(throws: OrderValidationError.self) { try store.saveOrder(order, actor: "t", now: testNow) }
    #expect(try store.countOrders(OrderQuery()) == 0)
    #expect(try store.outboxJobs().isEmpty)
    #expect(try store.auditEntries().map(\.action) == ["orders.imported"])
  }

  @Test func failureMidTransaction_rollsEverythingBack() throws {
    let store = try OrderStore.seeded(orders: 0)
    try store.saveDraft(lines: 1)
    // A second order whose last line names a product the store does not have: the line insert
    // fails (foreign key) after the order row and the first line were written, so the whole
    // save must vanish.
    let clash = PurchaseOrder.fixture(lines: [.fixture(), .fixture(productID: 99_999, code: "GONE-1")])
    #expect(throws: (any Error).self) { try store.saveOrder(clash, actor: "t", now: testNow) }
    #expect(try store.countOrders(OrderQuery()) == 1)
    #expect(try store.outboxJobs().count == 1)
    #expect(try store.auditEntries(orderID: clash.id).isEmpty)
    #expect(try store.order(id: clash.id) == nil)
    #expect(try store.saveDraft().order.reference == "L00002", "the failed save must not consume a reference")
  }

  @Test func edit_bumpsRevision_replacesLines_andQueuesAnUpdateAfterCreate() throws {
    let store = try OrderStore.seeded(orders: 0)
    let saved = try store.saveDraft(lines: 2)
    var order = saved.order
    order.lines.removeFirst()
    order.lines[0].quantity = 9
    order.lines.append(.fixture(productID: 3, code: "TAB-00003"))
    let edited = try store.saveOrder(order, actor: "t", now: testNow)
    #expect(edited.info.revision == 2)
    let stored = try #require(try store.order(id: order.id))
    #expect(stored.order.lines.map(\.id) == order.lines.map(\.id))
    #expect(stored.order.lines[0].quantity == 9)
    #expect(try store.outboxJobs(orderID: order.id).map(\.revision) == [1, 2])
    let audit = try #require(try store.auditEntries(orderID: order.id).first)
    #expect(audit.action == "order.updated")
    #expect(audit.summary.contains("quantity"))
    #expect(audit.details.contains("\"old\":\"2\""))
  }

  @Test func unchangedSave_isRefused() throws {
    let store = try OrderStore.seeded(orders: 0)
    let saved = try store.saveDraft()
    #expect(throws: OrderValidationError.self) { try store.saveOrder(saved.order, actor: "t", now: testNow) }
  }

  @Test func firstEditOfASyncedOrder_keepsTheBaseSnapshot_once() throws {
    let store = try OrderStore.seeded(orders: 20)
    let original = try #require(try store.order(reference: "P00003"))
    #expect(original.info.syncStatus == .synced)
    #expect(try store.baseSnapshot(orderID: original.order.id) == nil)
    let order = original.order
    let edited = try store.perform(.cancel, orderID: order.id, actor: "t", now: testNow)
    #expect(edited.info.syncStatus == .pending)
    #expect(try store.baseSnapshot(orderID: order.id) == original.order)
    _ = try store.perform(.resetToDraft, orderID: order.id, actor: "t", now: testNow)
    #expect(try store.baseSnapshot(orderID: order.id) == original.order, "the base is the state agreed with Odoo")
    #expect(try store.outboxJobs(orderID: order.id).map(\.action) == [.cancel, .resetToDraft])
  }

  @Test func workflowRefusal_writesNothing() throws {
    let store = try OrderStore.seeded(orders: 0)
    let saved = try store.saveDraft()
    #expect(throws: WorkflowError.self) { try store.perform(.unlock, orderID: saved.order.id, actor: "t", now: testNow) }
    #expect(try store.outboxJobs().count == 1)
    #expect(try store.order(id: saved.order.id)?.info.revision == 1)
  }

  @Test func confirmedOrderLineDeletion_isRefused_byTheStore() throws {
    let store = try OrderStore.seeded(orders: 0)
    let saved = try store.saveDraft(lines: 2)
    let confirmed = try store.perform(.confirm, orderID: saved.order.id, actor: "t", now: testNow)
    var order = confirmed.order
    order.lines.removeLast()
    do {
      try store.saveOrder(order, actor: "t", now: testNow)
      Issue.record("deleted a line of a confirmed order")
    } catch let error as OrderValidationError {
      #expect(error.issues.map(\.rule) == [.cannotDeleteConfirmedLine])
    }
    #expect(try store.order(id: order.id)?.order.lines.count == 2)
  }

  @Test func newOrder_mustStartAsAnRFQ() throws {
    let store = try OrderStore.seeded(orders: 0)
    let order = PurchaseOrder.fixture(state: .purchase)
    #expect(throws: OrderValidationError.self) { try store.saveOrder(order, actor: "t", now: testNow) }
  }

  @Test func auditTrail_isAppendOnly() throws {
    let store = try OrderStore.seeded(orders: 0)
    try store.saveDraft()
    #expect(throws: DatabaseError.self) { try store.writer.write { try $0.execute(sql: "UPDATE audit_log SET actor = 'x'") } }
    #expect(throws: DatabaseError.self) { try store.writer.write { try $0.execute(sql: "DELETE FROM audit_log") } }
    #expect(try store.auditEntries().count == 2)
  }

  @Test func hostileText_isStoredExactly_whenValid() throws {
    let store = try OrderStore.seeded(orders: 0)
    var order = PurchaseOrder.fixture()
    order.notes = "東京 🐾 ünïcödé\n\"quotes\" and 'apostrophes'; DROP TABLE purchase_order; --"
    let saved = try store.saveOrder(order, actor: "t", now: testNow)
    #expect(try store.order(id: saved.order.id)?.order.notes == order.notes)
  }
}

@Suite struct OrderStoreImportTests {
  @Test func reimport_updatesInPlace_withoutDuplicates() throws {
    let store = try OrderStore.seeded(orders: 30)
    let before = try store.listOrders(OrderQuery(limit: 1_000)).orders
    let generator = FarmacyDemoData.DemoDataGenerator(seed: 42, count: 30, anchor: testNow)
    var changed = Array(generator.orders)
    changed[3].lines.removeLast()
    changed[3].origin = "re-imported"
    try store.importSyncedOrders(changed, actor: "test", reason: "again", now: testNow)
    let after = try store.listOrders(OrderQuery(limit: 1_000)).orders
    #expect(after.map(\.rowID) == before.map(\.rowID))
    let stored = try #require(try store.order(id: changed[3].id))
    #expect(stored.order.lines.count == changed[3].lines.count)
    #expect(stored.order.origin == "re-imported")
    #expect(try store.countOrders(OrderQuery(search: "re-imported")) == 1)
    #expect(try store.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM order_search") } == 30)
  }
}

/// An edit saved after the order changed under it: a pull from Odoo, or another session.
@Suite struct OrderStoreConcurrentEditTests {
  @Test func anEditBegunBeforeAPull_keepsWhatThePullBrought() throws {
    let store = try OrderStore.seeded(orders: 3)
    let opened = try store.newestOrder().order
    let id = opened.id
    // While the form is open, Odoo's notes and a line's quantity arrive.
    var remote = opened
    remote.notes = "Deliver to the back door"
    remote.lines[0].quantity = Quantity(thousandths: remote.lines[0].quantity.thousandths + 5_000)
    _ = try store.applyPulled(
      [PulledOrder(order: remote, writeDate: "2026-03-14 10:00:01")], actor: "sync", now: testNow, merge: plainMerge)

    var edited = opened
    edited.origin = "Clinic 7"
    let saved = try store.saveOrder(edited, editedFrom: opened, actor: "ana", now: testNow)
    #expect(saved.order.origin == "Clinic 7")
    #expect(saved.order.notes == "Deliver to the back door", "the pulled notes must not be reverted")
    #expect(saved.order.lines[0].quantity == remote.lines[0].quantity)
    let stored = try #require(try store.order(id: id))
    #expect(stored.order == saved.order)
    let audit = try #require(try store.auditEntries(orderID: id).first)
    #expect(audit.action == "order.updated")
    #expect(audit.summary.hasSuffix(": origin"), "only the person's change is recorded as theirs")
    #expect(audit.details.contains("\"merged_with_changes_made_meanwhile\":true"))
  }

  @Test func anEditOfAFieldChangedMeanwhile_isRefused_andWritesNothing() throws {
    let store = try OrderStore.seeded(orders: 3)
    let opened = try store.newestOrder()
    let id = opened.order.id
    var other = opened.order
    other.lines[0].quantity = Quantity(thousandths: other.lines[0].quantity.thousandths + 1_000)
    let otherSave = try store.saveOrder(other, editedFrom: opened.order, actor: "ben", now: testNow)
    let auditBefore = try store.auditEntries(orderID: id).count

    var edited = opened.order
    edited.lines[0].quantity = Quantity(thousandths: edited.lines[0].quantity.thousandths + 2_000)
    edited.notes = "ours"
    let error = #expect(throws: ConcurrentEditError.self) {
      try store.saveOrder(edited, editedFrom: opened.order, actor: "ana", now: testNow)
    }
    #expect(error?.fields == ["lines[\(edited.lines[0].productCode)].quantity"])
    #expect(error?.description.hasPrefix("\(opened.order.reference) changed while you were editing it (lines[") == true)
    let stored = try #require(try store.order(id: id))
    #expect(stored.order == otherSave.order)
    #expect(stored.info.revision == otherSave.info.revision)
    #expect(try store.auditEntries(orderID: id).count == auditBefore)
    #expect(try store.outboxJobs(orderID: id).count == 1)
  }

  /// Times finer than the store keeps (a new line's arrival is now plus the lead time) must
  /// not look like a change made meanwhile when the saved order is edited again.
  @Test func theOrderASaveReturns_isTheOrderAsStored_soEditingItAgainIsNoConflict() throws {
    let store = try OrderStore.seeded(orders: 0)
    var order = PurchaseOrder.fixture(lines: [.fixture(productID: 1, code: "TAB-00001")])
    order.dateOrder = Date(timeIntervalSince1970: 1_790_000_000.123_456)
    order.lines[0].datePlanned = Date(timeIntervalSince1970: 1_790_259_200.987_654)
    let saved = try store.saveOrder(order, actor: "t", now: testNow)
    #expect(saved.order == (try store.order(id: order.id))?.order)
    var edited = saved.order
    edited.lines[0].datePlanned = Date(timeIntervalSince1970: 1_790_345_600)
    let again = try store.saveOrder(edited, editedFrom: saved.order, actor: "t", now: testNow)
    #expect(again.order.lines[0].datePlanned == edited.lines[0].datePlanned)
    #expect(again.order == (try store.order(id: order.id))?.order)
  }

  @Test func anEditOfAnUnchangedOrder_isSavedAsItIs() throws {
    let store = try OrderStore.seeded(orders: 0)
    let saved = try store.saveDraft()
    var edited = saved.order
    edited.notes = "x"
    let again = try store.saveOrder(edited, editedFrom: saved.order, actor: "t", now: testNow)
    #expect(again.order == edited)
    #expect(try store.auditEntries(orderID: edited.id).first?.details.contains("merged_with") == false)
  }
}
