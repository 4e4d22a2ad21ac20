import FarmacyDomain
import FarmacyStore
import Foundation
import SyncEngine

/// What the runtime needs from the world, as closures: the store, the engine and a health
/// probe. Tests pass their own; ``live(store:engine:health:)`` wires the real ones.
package struct AppServices: Sendable {
  package var listOrders: @Sendable (OrderQuery) throws -> OrderPage
  package var countOrders: @Sendable (OrderQuery) throws -> Int
  package var order: @Sendable (UUID) throws -> StoredOrder?
  package var perform: @Sendable (OrderAction, UUID, String) throws -> SavedOrder
  package var save: @Sendable (PurchaseOrder, PurchaseOrder, String) throws -> SavedOrder
  package var queue:
    @Sendable () throws -> (jobs: [OutboxJob], counts: [OutboxJob.State: Int], oldest: [OutboxJob.State: Date])
  package var conflicts: @Sendable () throws -> [StoredConflict]
  package var health: @Sendable () -> HealthSample
  package var send: @Sendable (SyncCommand) async throws -> String
  /// Creates an order from what a person typed, with the store's vendors, products and prices.
  package var createOrder: @Sendable (NewOrderForm, String) throws -> SavedOrder = { _, _ in
    throw FormProblem(description: "creating orders is not available here")
  }
  /// The vendor's products whose code or name contains the text, one offer per product.
  package var searchCatalogue: @Sendable (Vendor.ID, String) throws -> [CatalogueOffer] = { _, _ in [] }
  /// The active vendors whose name contains the text, in any case.
  package var searchVendors: @Sendable (String) throws -> [Vendor] = { _ in [] }
  /// The vendor's catalogue offers for these products, one per product it offers.
  package var vendorOffers: @Sendable (Vendor.ID, [Product.ID]) throws -> [CatalogueOffer] = { _, _ in [] }
  /// The audit trail of one order, or of every order, newest first.
  package var audit: @Sendable (UUID?) throws -> [AuditEntry] = { _ in [] }
  /// The vendor whose name (or part of it, or id) was typed.
  package var findVendor: @Sendable (String) throws -> Vendor = { text in
    throw FormProblem(description: "no vendor \"\(text)\" here")
  }
  /// The newest audit entries of an order.
  package var history: @Sendable (UUID) throws -> [AuditEntry] = { _ in [] }
  /// Finds a theme by name or path, with a warning when it falls back to the default.
  package var loadTheme: @Sendable (String) -> (Theme, String?) = { name in
    ThemeLoader.choose(name: name, environment: ProcessInfo.processInfo.environment)
  }
  /// Demo only: takes the simulated Odoo down for a number of seconds.
  package var startDemoOutage: (@Sendable (Double) -> Void)?

  package init(
    listOrders: @escaping @Sendable (OrderQuery) throws -> OrderPage,
    countOrders: @escaping @Sendable (OrderQuery) throws -> Int,
    order: @escaping @Sendable (UUID) throws -> StoredOrder?,
    perform: @escaping @Sendable (OrderAction, UUID, String) throws -> SavedOrder,
    save: @escaping @Sendable (PurchaseOrder, PurchaseOrder, String) throws -> SavedOrder,
    queue:
      @escaping @Sendable () throws -> (
        jobs: [OutboxJob], counts: [OutboxJob.State: Int], oldest: [OutboxJob.State: Date]
      ),
    conflicts: @escaping @Sendable () throws -> [StoredConflict],
    health: @escaping @Sendable () -> HealthSample,
    send: @escaping @Sendable (SyncCommand) async throws -> String,
    startDemoOutage: (@Sendable (Double) -> Void)? = nil
  ) {
    self.listOrders = listOrders
    self.countOrders = countOrders
    self.order = order
    self.perform = perform
    self.save = save
    self.queue = queue
    self.conflicts = conflicts
    self.health = health
    self.send = send
    self.startDemoOutage = startDemoOutage
  }

  /// The store and engine of a running app.
  package static func live(store: OrderStore, engine: SyncEngine, health: @escaping @Sendable () -> HealthSample)
    -> AppServices
  {
    var services = AppServices(
      listOrders: { try store.listOrders($0) },
      countOrders: { try store.countOrders($0) },
      order: { try store.order(id: $0) },
      perform: { action, id, actor in try store.perform(action, orderID: id, actor: actor, now: Date()) },
      save: { order, base, actor in try store.saveOrder(order, editedFrom: base, actor: actor, now: Date()) },
      queue: {
        let jobs = try store.outboxJobs(states: [.pending, .inFlight, .deferred, .dead], limit: 500)
        return (jobs, try store.outboxCounts(), try store.oldestJobs())
      },
      conflicts: { try store.conflicts() },
      health: health,
      send: { try await engine.send($0) })
    services.history = { try store.auditEntries(orderID: $0, limit: 6) }
    services.audit = { try store.auditEntries(orderID: $0, limit: 1_000) }
    services.findVendor = { try store.vendor(matching: $0) }
    services.searchCatalogue = { vendorID, text in try catalogueOffers(store: store, vendorID: vendorID, search: text) }
    services.searchVendors = { try store.searchVendors($0) }
    services.vendorOffers = { vendorID, products in
      try catalogueOffers(store: store, vendorID: vendorID, productIDs: Set(products))
    }
    return services
  }
}

/// At most `limit` products of the vendor's catalogue matching `search`, each with its entry for
/// the smallest quantity (the price a new line starts from).
package func catalogueOffers(store: OrderStore, vendorID: Vendor.ID, search: String, limit: Int = 50) throws
  -> [CatalogueOffer]
{
  offers(from: try store.catalogueWithProducts(vendorID: vendorID, search: search), limit: limit)
}

/// The vendor's offers for `productIDs`, with every price tier: what re-prices an order's lines
/// when it moves to the vendor.
package func catalogueOffers(store: OrderStore, vendorID: Vendor.ID, productIDs: Set<Product.ID>) throws
  -> [CatalogueOffer]
{
  offers(
    from: try store.catalogueWithProducts(vendorID: vendorID).filter { productIDs.contains($0.product.id) },
    limit: .max)
}

/// Catalogue entries grouped into one offer per product, at most `limit` of them.
private func offers(from entries: [(entry: CatalogueEntry, product: Product)], limit: Int) -> [CatalogueOffer] {
  var offers: [CatalogueOffer] = []
  // Entries come sorted by product code, then by minimum quantity: the first per product is
  // the entry a line starts from, the others its price tiers.
  for (entry, product) in entries {
    if let last = offers.last, last.product.id == product.id {
      offers[offers.count - 1].tiers.append(entry)
      continue
    }
    if offers.count == limit { break }
    offers.append(CatalogueOffer(entry: entry, product: product))
  }
  return offers
}
