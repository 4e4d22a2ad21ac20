import FarmacyDomain
import FarmacyStore
import FarmacyTestSupport
import Foundation
import Testing

/// Pulled copies of an order that has local changes.
@Suite struct OrderStorePullTests {
  /// The same product added here (4) and in Odoo (3): the merge pairs the two lines, so the
  /// local line carries Odoo's line id while Odoo's copy, kept as the base, names it otherwise.
  @Test func anOrderInConflict_staysInConflict_whenOdoosSameCopyIsReadAgain() throws {
    let store = try OrderStore.seeded(orders: 3)
    let summary = try #require(try store.listOrders(OrderQuery(limit: 1)).orders.first)
    var local = try #require(try store.order(id: summary.id)).order
    var remote = local
    let product = try #require(
      try store.products().first { product in !local.lines.contains { $0.productID == product.id } })
    var ours = OrderLine.fixture(productID: product.id, code: product.code, quantity: 4)
    ours.sequence = 99
    local.lines.append(ours)
    try store.saveOrder(local, actor: "ana", now: testNow)

    var theirs = OrderLine.fixture(productID: product.id, code: product.code, quantity: 3)
    theirs.odooID = 999_001
    theirs.sequence = 99
    remote.lines.append(theirs)
    let conflicts = ["lines[\(product.code)].quantity"]
    let first = try store.applyPulled(
      [PulledOrder(order: remote, writeDate: "2026-03-14 10:00:01")], actor: "sync", now: testNow, merge: plainMerge)
    #expect(first.conflicted == [summary.id])
    #expect(try store.conflicts(orderID: summary.id).map(\.conflict.field) == conflicts)

    // Read again, unchanged; a read names a line the store does not know with a new uuid.
    remote.lines[remote.lines.count - 1].id = UUID()
    let again = try store.applyPulled(
      [PulledOrder(order: remote, writeDate: "2026-03-14 10:00:01")], actor: "sync", now: testNow, merge: plainMerge)
    #expect(again.unchanged == 1)
    #expect(again.merged == 0)
    #expect(try store.conflicts(orderID: summary.id).map(\.conflict.field) == conflicts)
    #expect(try store.order(id: summary.id)?.info.syncStatus == .conflict)
  }

  /// The vendor reference changed here and in Odoo; then Odoo changes only the origin. The
  /// question about the vendor reference is still open: nothing settles it silently.
  @Test func anOrderInConflict_keepsItsConflict_whenOdooChangesAnotherField() throws {
    let store = try OrderStore.seeded(orders: 3)
    let summary = try #require(try store.listOrders(OrderQuery(limit: 1)).orders.first)
    let synced = try #require(try store.order(id: summary.id)).order
    var local = synced
    local.vendorReference = "OURS-1"
    try store.saveOrder(local, actor: "ana", now: testNow)
    var remote = synced
    remote.vendorReference = "THEIRS-1"
    let first = try store.applyPulled(
      [PulledOrder(order: remote, writeDate: "2026-03-14 10:00:01")], actor: "sync", now: testNow, merge: plainMerge)
    #expect(first.conflicted == [summary.id])
    #expect(try store.conflicts(orderID: summary.id).map(\.conflict.field) == ["vendor_reference"])

    remote.origin = "Reorder rule 7"
    let second = try store.applyPulled(
      [PulledOrder(order: remote, writeDate: "2026-03-14 10:05:00")], actor: "sync", now: testNow, merge: plainMerge)
    #expect(second.conflicted == [summary.id])
    let open = try store.conflicts(orderID: summary.id).map(\.conflict)
    #expect(open.map(\.field) == ["vendor_reference"])
    #expect(open.first?.local == "OURS-1")
    #expect(open.first?.remote == "THEIRS-1")
    let stored = try #require(try store.order(id: summary.id))
    #expect(stored.info.syncStatus == .conflict)
    #expect(stored.order.vendorReference == "OURS-1")
    #expect(stored.order.origin == "Reorder rule 7")

    // Odoo comes round to our value: nothing is left to ask.
    remote.vendorReference = "OURS-1"
    _ = try store.applyPulled(
      [PulledOrder(order: remote, writeDate: "2026-03-14 10:06:00")], actor: "sync", now: testNow, merge: plainMerge)
    #expect(try store.conflicts(orderID: summary.id).isEmpty)
    #expect(try store.order(id: summary.id)?.info.syncStatus != .conflict)
  }

  /// A settlement built from copies read before a pull re-merged the order is refused, so the
  /// newer copies are not overwritten with the older ones.
  @Test func settlingFromCopiesReadBeforeAPull_isRefused_andWritesNothing() throws {
    let store = try OrderStore.seeded(orders: 3)
    let synced = try store.newestOrder().order
    var local = synced
    local.vendorReference = "OURS-1"
    try store.saveOrder(local, actor: "ana", now: testNow)
    var remote = synced
    remote.vendorReference = "THEIRS-1"
    _ = try store.applyPulled(
      [PulledOrder(order: remote, writeDate: "2026-03-14 10:00:01")], actor: "sync", now: testNow, merge: plainMerge)
    let read = try #require(try store.order(id: synced.id))
    remote.origin = "Reorder rule 7"
    _ = try store.applyPulled(
      [PulledOrder(order: remote, writeDate: "2026-03-14 10:05:00")], actor: "sync", now: testNow, merge: plainMerge)
    let before = try #require(try store.order(id: synced.id))
    #expect(before.info.revision > read.info.revision)

    let error = #expect(throws: ConcurrentEditError.self) {
      try store.resolveConflicts(
        orderID: synced.id, resolved: read.order, choices: ["vendor_reference": .local],
        settledRevision: read.info.revision, actor: "manager", now: testNow)
    }
    #expect(error?.fields == ["vendor_reference"])
    #expect(try store.order(id: synced.id) == before)
    #expect(try store.conflicts(orderID: synced.id).map(\.conflict.field) == ["vendor_reference"])

    let settled = try store.resolveConflicts(
      orderID: synced.id, resolved: before.order, choices: ["vendor_reference": .local],
      settledRevision: before.info.revision, actor: "manager", now: testNow)
    #expect(settled.order.origin == "Reorder rule 7")
    #expect(try store.conflicts(orderID: synced.id).isEmpty)
  }
}
