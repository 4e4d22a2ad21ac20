import DequeModule
import FarmacyDomain
import FarmacyStore
import Foundation

/// Cache-aside for a vendor's catalogue: memory (least recently used first out) → the store's
/// cache table (with a time to live) → the loader (Odoo, or the local catalogue when Odoo is
/// out of reach). Invalidated by catalogue events.
package actor CatalogueCache {
  package struct Statistics: Sendable, Equatable {
    package var memoryHits = 0
    package var storeHits = 0
    package var loads = 0
  }

  private let store: OrderStore
  private let ttl: Duration
  private let capacity: Int
  private let now: @Sendable () -> Date
  private let loader: @Sendable (Vendor.ID) async throws -> [CatalogueEntry]
  private var memory: [Vendor.ID: (entries: [CatalogueEntry], expires: Date)] = [:]
  /// Recency order, least recent first.
  private var recency = Deque<Vendor.ID>()
  package private(set) var statistics = Statistics()

  package init(
    store: OrderStore, ttl: Duration = .seconds(900), capacity: Int = 64, now: @escaping @Sendable () -> Date = Date.init,
    loader: @escaping @Sendable (Vendor.ID) async throws -> [CatalogueEntry]
  ) {
    self.store = store
    self.ttl = ttl
    self.capacity = max(1, capacity)
    self.now = now
    self.loader = loader
  }

  static func key(_ vendorID: Vendor.ID) -> String { "catalogue.vendor.\(vendorID)" }

  /// The vendor's catalogue, from the nearest layer that has it fresh.
  package func entries(vendorID: Vendor.ID) async throws -> [CatalogueEntry] {
    let instant = now()
    if let cached = memory[vendorID], cached.expires > instant {
      statistics.memoryHits += 1
      touch(vendorID)
      return cached.entries
    }
    if let data = try store.cachedValue(forKey: Self.key(vendorID), now: instant),
      let entries = try? JSONDecoder().decode([CatalogueEntry].self, from: data)
    {
      statistics.storeHits += 1
      remember(vendorID, entries, at: instant)
      return entries
    }
    statistics.loads += 1
    let entries = try await loader(vendorID)
    try store.cache(try JSONEncoder().encode(entries), forKey: Self.key(vendorID), ttl: ttl, now: now())
    remember(vendorID, entries, at: now())
    return entries
  }

  /// Forgets everything cached, in memory and in the store.
  package func invalidateAll() throws {
    memory.removeAll()
    recency.removeAll()
    try store.invalidateCache(prefix: "catalogue.")
  }

  private func remember(_ vendorID: Vendor.ID, _ entries: [CatalogueEntry], at instant: Date) {
    memory[vendorID] = (entries, instant.addingTimeInterval(Double(ttl.components.seconds)))
    touch(vendorID)
    while recency.count > capacity, let evicted = recency.popFirst() {
      memory.removeValue(forKey: evicted)
    }
  }

  private func touch(_ vendorID: Vendor.ID) {
    if let index = recency.firstIndex(of: vendorID) { recency.remove(at: index) }
    recency.append(vendorID)
  }
}
