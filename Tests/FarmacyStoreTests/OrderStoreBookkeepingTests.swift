import FarmacyDomain
import FarmacyTestSupport
import Foundation
import Testing

@testable import FarmacyStore

@Suite struct OrderStoreBookkeepingTests {
  @Test func cache_expiresAfterItsTTL() throws {
    let store = try OrderStore.inMemory()
    try store.cache(Data("catalogue".utf8), forKey: "vendor:1", ttl: .seconds(60), now: testNow)
    #expect(try store.cachedValue(forKey: "vendor:1", now: testNow.addingTimeInterval(59)) == Data("catalogue".utf8))
    #expect(try store.cachedValue(forKey: "vendor:1", now: testNow.addingTimeInterval(60)) == nil)
    #expect(try store.purgeExpiredCache(now: testNow.addingTimeInterval(61)) == 1)
  }

  @Test func cache_invalidatesByPrefix() throws {
    let store = try OrderStore.inMemory()
    for key in ["vendor:1", "vendor:2", "product:1", "vendor_%"] {
      try store.cache(Data(), forKey: key, ttl: .seconds(60), now: testNow)
    }
    #expect(try store.invalidateCache(prefix: "vendor:") == 2)
    #expect(try store.cachedValue(forKey: "product:1", now: testNow) != nil)
    #expect(try store.cachedValue(forKey: "vendor_%", now: testNow) != nil)
  }

  @Test func syncCursor_isStoredAndReplaced() throws {
    let store = try OrderStore.inMemory()
    #expect(try store.syncCursor(named: "purchase.order") == nil)
    try store.setSyncCursor(named: "purchase.order", watermark: "2026-03-14 09:00:00", lastID: 41, now: testNow)
    try store.setSyncCursor(named: "purchase.order", watermark: "2026-03-14 09:05:00", lastID: 42, now: testNow)
    let cursor = try #require(try store.syncCursor(named: "purchase.order"))
    #expect(cursor.watermark == "2026-03-14 09:05:00")
    #expect(cursor.lastID == 42)
  }

  @Test func reservations_holdOnce_andRelease() throws {
    let store = try OrderStore.seeded(orders: 0)
    let saved = try store.saveDraft(lines: 2)
    let held = try store.reserveInventory(orderID: saved.order.id, now: testNow)
    #expect(held[1] == 2)
    _ = try store.reserveInventory(orderID: saved.order.id, now: testNow)
    #expect(try store.reservedQuantity(productID: 1) == 2, "reserving twice holds once")
    #expect(try store.releaseInventory(orderID: saved.order.id, now: testNow) == 2)
    #expect(try store.reservedQuantity(productID: 1) == 0)
    #expect(try store.releaseInventory(orderID: saved.order.id, now: testNow) == 0)
  }

  @Test func vendorMatching_byIdNameOrUniquePart() throws {
    let store = try OrderStore.seeded(orders: 0)
    #expect(try store.vendor(matching: "2").name == "Alpenvet Großhandel GmbH")
    #expect(try store.vendor(matching: "alpenvet großhandel gmbh").id == 2)
    #expect(try store.vendor(matching: "東京").name.hasPrefix("東京"))
    #expect(throws: StoreError.self) { try store.vendor(matching: "nobody") }
    do {
      _ = try store.vendor(matching: "vet")
      Issue.record("an ambiguous name matched")
    } catch let error as StoreError {
      #expect(error.code == .notFound)
      #expect(error.description.contains("several vendors"))
    }
  }

  @Test func catalogue_searchesTheVendorsProducts() throws {
    let store = try OrderStore.seeded(orders: 0)
    let all = try store.catalogue(vendorID: 1)
    #expect(!all.isEmpty)
    #expect(all.allSatisfy { $0.vendorID == 1 })
    let some = try store.catalogue(vendorID: 1, search: "TAB")
    #expect(some.count < all.count)
    #expect(try store.catalogue(vendorID: 1, search: "_").isEmpty, "LIKE wildcards are escaped")
  }

  @Test func catalogueWithProducts_joinsEachEntrysProduct_andLeavesInactiveProductsOut() throws {
    let store = try OrderStore.seeded(orders: 0)
    let entries = try store.catalogue(vendorID: 1, search: "TAB")
    let joined = try store.catalogueWithProducts(vendorID: 1, search: "TAB")
    #expect(joined.map(\.entry) == entries)
    for (entry, product) in joined {
      let stored = try store.product(id: entry.productID)
      #expect(stored == product)
    }

    let first = try #require(entries.first)
    var retired = try #require(try store.product(id: first.productID))
    retired.isActive = false
    try store.upsertCatalogue(vendors: [], products: [retired], entries: [])
    let after = try store.catalogueWithProducts(vendorID: 1, search: "TAB")
    #expect(after.map(\.entry) == entries.filter { $0.productID != retired.id })
    #expect(after.allSatisfy { $0.product.isActive })
  }
}
