import FarmacyDemoData
import FarmacyDomain
import FarmacyStore
import FarmacyTestSupport
import Testing
import Foundation

extension OrderStore {
  /// A store holding the demo catalogue and `orders` demo orders.
  static func seeded(orders: Int, seed: UInt64 = 42, path: String? = nil) throws -> OrderStore {
    let store = try path.map { try OrderStore.open(path: $0) } ?? OrderStore.inMemory()
    let generator = DemoDataGenerator(seed: seed, count: orders, anchor: testNow)
    try store.upsertCatalogue(
      vendors: generator.catalogue.vendors, products: generator.catalogue.products,
      entries: generator.catalogue.catalogue)
    try store.importSyncedOrders(generator.orders, actor: "test", reason: "fixture", now: testNow)
    return store
  }

  /// Saves a new draft for vendor 1 with `lines` lines of product 1…
  @discardableResult
  func saveDraft(lines: Int = 2, now: Date = testNow) throws -> SavedOrder {
    let order = PurchaseOrder.fixture(
      lines: (0..<lines).map { OrderLine.fixture(productID: Int64($0 % 5 + 1), code: "TAB-0000\($0 % 5 + 1)") })
    return try saveOrder(order, actor: "tester", now: now)
  }
}

/// The engine's merge without its resolver: every conflict stays open.
func plainMerge(_ base: PurchaseOrder, _ local: PurchaseOrder, _ remote: PurchaseOrder, _: Date) -> MergeDecision {
  let result = ThreeWayMerge.merge(base: base, local: local, remote: remote)
  return MergeDecision(merged: result.merged, open: result.conflicts, notes: result.notes)
}

extension OrderStore {
  /// The newest order in the store, as stored.
  func newestOrder(sourceLocation: SourceLocation = #_sourceLocation) throws -> StoredOrder {
    let summary = try #require(try listOrders(OrderQuery(limit: 1)).orders.first, sourceLocation: sourceLocation)
    return try #require(try order(id: summary.id), sourceLocation: sourceLocation)
  }
}

extension OrderStore {
  /// The newest order as stored, and the save of `change` made to it here.
  func editNewestOrder(_ change: (inout PurchaseOrder) -> Void) throws -> (synced: PurchaseOrder, saved: SavedOrder) {
    let synced = try newestOrder().order
    var edited = synced
    change(&edited)
    return (synced, try saveOrder(edited, editedFrom: synced, actor: "ana", now: testNow))
  }
}
