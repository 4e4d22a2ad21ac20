import FarmacyDomain
import FarmacyStore
import Foundation
import OdooKit

/// Pulls from Odoo into the store: the catalogue (vendors, products, vendor prices) first, then
/// orders with their lines, incrementally on `write_date`.
///
/// The watermark is the newest `write_date` seen (server time, never this machine's clock).
/// Each pull re-reads an overlap window behind it, because Odoo stamps `write_date` with the
/// transaction's start and returns it truncated to the second (odoo-api.md §4.1); pages are
/// ordered `write_date asc, id asc` and the store skips copies it already has. Lines edited
/// without their order's `write_date` moving are found through the lines' own `write_date`.
/// Deleted orders are found by reconciling the id sets.
struct Puller: Sendable {
  let client: OdooClient
  let store: OrderStore
  let configuration: SyncEngine.Configuration
  let now: @Sendable () -> Date
  let publish: @Sendable (SyncEvent) async -> Void
  let merge: @Sendable (PurchaseOrder, PurchaseOrder, PurchaseOrder, Date) -> MergeDecision

  static let orderCursor = "purchase.order"
  static let catalogueCursor = "catalogue"

  // MARK: Catalogue

  /// Reads vendors, products and vendor prices, and stores them under local ids: a record
  /// already known by its Odoo id keeps its local id; otherwise a local vendor of the same name
  /// (or product of the same code) not yet linked is adopted; otherwise a new local id is given.
  /// Returns the mapping for orders.
  func pullCatalogue(names: OdooFieldNames) async throws -> OdooOrderMapping {
    let partners = try await client.searchRead(
      "res.partner", domain: [["supplier_rank", ">", 0]],
      fields: ["name", "email", "phone", "active", "country_code", "property_purchase_currency_id"], order: "id asc",
      context: ["active_test": false])
    let productRecords = try await client.searchRead(
      "product.product", domain: [], fields: [
        "default_code", "name", "barcode", "active", "uom_id", "standard_price", "product_tmpl_id",
      ],
      order: "id asc", context: ["active_test": false])
    let sellers = try await client.searchRead(
      "product.supplierinfo", domain: [],
      fields: ["partner_id", "product_tmpl_id", "product_id", "product_code", "product_name", "min_qty", "price", "currency_id", "delay"],
      order: "id asc")

    let localVendors = try store.vendors(includingInactive: true)
    let localProducts = try store.products()
    let vendorsByOdoo = Dictionary(localVendors.compactMap { v in v.odooID.map { ($0, v) } }, uniquingKeysWith: { a, _ in a })
    var vendorsByName = Dictionary(
      localVendors.filter { $0.odooID == nil }.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
    var nextVendorID = (localVendors.map(\.id).max() ?? 0) + 1
    var vendors: [Vendor] = []
    for record in partners {
      guard let odooID = record["id"]?.int else { continue }
      let name = record["name"]?.string ?? "Vendor \(odooID)"
      var vendor =
        vendorsByOdoo[odooID] ?? vendorsByName.removeValue(forKey: name.lowercased())
        ?? Vendor(id: nextVendorID, name: name)
      if vendor.id == nextVendorID { nextVendorID += 1 }
      vendor.odooID = odooID
      vendor.name = name
      vendor.email = record["email"]?.string ?? vendor.email
      vendor.phone = record["phone"]?.string ?? vendor.phone
      vendor.countryCode = record["country_code"]?.string ?? vendor.countryCode
      vendor.currency = record["property_purchase_currency_id"]?.many2oneName.flatMap(CurrencyCode.init) ?? vendor.currency
      vendor.isActive = record["active"]?.bool ?? true
      vendors.append(vendor)
    }
    var productsByOdoo = Dictionary(localProducts.compactMap { p in p.odooID.map { ($0, p) } }, uniquingKeysWith: { a, _ in a })
    var productsByCode = Dictionary(
      localProducts.filter { $0.odooID == nil && !$0.code.isEmpty }.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
    var nextProductID = (localProducts.map(\.id).max() ?? 0) + 1
    var products: [Product] = []
    var productByTemplate: [Int: Product] = [:]
    for record in productRecords {
      guard let odooID = record["id"]?.int else { continue }
      let code = record["default_code"]?.string ?? ""
      var product =
        productsByOdoo[odooID] ?? (code.isEmpty ? nil : productsByCode.removeValue(forKey: code))
        ?? Product(id: nextProductID, code: code, name: "", form: .consumable, unit: "Units", standardPriceMinor: 0)
      if product.id == nextProductID { nextProductID += 1 }
      product.odooID = odooID
      product.code = code
      product.name = record["name"]?.string ?? product.name
      product.barcode = record["barcode"]?.string ?? product.barcode
      product.unit = record["uom_id"]?.many2oneName ?? product.unit
      product.standardPriceMinor = try OdooOrderMapping.fixed(record, "standard_price", scale: 100)
      product.isActive = record["active"]?.bool ?? true
      productsByOdoo[odooID] = product
      products.append(product)
      // Vendor prices may name the template rather than the variant.
      productByTemplate[record["product_tmpl_id"]?.many2oneID ?? odooID] = product
    }
    let localEntries = try vendors.flatMap { try store.catalogue(vendorID: $0.id) }
    let entriesByOdoo = Dictionary(localEntries.compactMap { e in e.odooID.map { ($0, e) } }, uniquingKeysWith: { a, _ in a })
    var nextEntryID = (localEntries.map(\.id).max() ?? 0) + 1
    var entries: [CatalogueEntry] = []
    let vendorByPartner = Dictionary(vendors.compactMap { v in v.odooID.map { ($0, v) } }, uniquingKeysWith: { a, _ in a })
    for record in sellers {
      guard let odooID = record["id"]?.int, let partner = record["partner_id"]?.many2oneID,
        let vendor = vendorByPartner[partner],
        let product = record["product_id"]?.many2oneID.flatMap({ productsByOdoo[$0] })
          ?? record["product_tmpl_id"]?.many2oneID.flatMap({ productByTemplate[$0] })
      else { continue }
      let currency = record["currency_id"]?.many2oneName.flatMap(CurrencyCode.init) ?? vendor.currency
      let id = entriesByOdoo[odooID]?.id ?? nextEntryID
      if id == nextEntryID { nextEntryID += 1 }
      entries.append(
        CatalogueEntry(
          id: id, odooID: odooID, vendorID: vendor.id, productID: product.id,
          vendorProductCode: record["product_code"]?.string ?? "", vendorProductName: record["product_name"]?.string ?? "",
          minQuantity: Quantity(thousandths: try OdooOrderMapping.fixed(record, "min_qty", scale: 1_000)),
          priceMinor: try OdooOrderMapping.fixed(record, "price", scale: pow(10, Double(currency.minorUnitDigits))),
          currency: currency, leadTimeDays: record["delay"]?.int ?? 0))
    }
    try store.upsertCatalogue(vendors: vendors, products: products, entries: entries)
    try store.setSyncCursor(named: Self.catalogueCursor, watermark: nil, lastID: nil, now: now())
    await publish(.catalogueChanged(vendors: vendors.count, products: products.count, entries: entries.count))
    return try storedMapping(names: names)
  }

  /// The mapping over the vendors and products the store holds now.
  func storedMapping(names: OdooFieldNames) throws -> OdooOrderMapping {
    OdooOrderMapping(names: names, vendors: try store.vendors(includingInactive: true), products: try store.products())
  }

  // MARK: Orders

  /// Pulls the orders changed since the watermark (all of them the first time).
  func pullOrders(mapping: OdooOrderMapping, reconcile: Bool) async throws -> (PullOutcome, deleted: Int) {
    let cursor = try store.syncCursor(named: Self.orderCursor)
    let since = cursor?.watermark.flatMap(OdooDateTime.parse).map {
      OdooDateTime.format($0.addingTimeInterval(-Double(configuration.pullOverlap.components.seconds)))
    }
    let domain: OdooValue = since.map { [["write_date", ">=", .string($0)]] } ?? []
    // First the ids and write dates of everything changed, in one sorted list; then the
    // orders in pages of ids. Paging by offset would make Odoo sort every matching order
    // again for each page, and skips an order when another one leaves the window mid-pull.
    let listing = try await client.searchRead(
      "purchase.order", domain: domain, fields: ["write_date"], order: "write_date asc, id asc")
    let listed: [(id: Int, writeDate: String)] = listing.compactMap { record in
      record["id"]?.int.map { ($0, record["write_date"]?.string ?? "") }
    }
    let total = listed.count
    await publish(.pullStarted(full: since == nil))
    var outcome = PullOutcome()
    var watermark = cursor?.watermark
    var seenIDs = Set<Int>()
    var knownIDs = try store.storedOdooOrderIDs()
    // Only orders born here and not yet matched to an Odoo id can be behind an unknown id.
    let awaitingOdooIDs = try store.ordersAwaitingOdooID() > 0
    let pageSize = max(1, configuration.pullPageSize)
    let pages = stride(from: 0, to: listed.count, by: pageSize).map { Array(listed[$0..<min($0 + pageSize, listed.count)]) }
    // The next page is read from Odoo while this one is written here, so the two overlap.
    @Sendable func fetch(_ index: Int, _ known: Set<Int>) async throws -> [PulledOrder] {
      guard index < pages.count else { return [] }
      let ids = pages[index].map { OdooValue.int($0.id) }
      // An order deleted since the listing is simply missing from the page.
      let records = try await client.searchRead(
        "purchase.order", domain: [["id", "in", .array(ids)]], fields: mapping.orderFields, order: "write_date asc, id asc")
      return try await pulledOrders(records, mapping: mapping, knownIDs: known, lookUpUnknown: awaitingOdooIDs)
    }
    var done = 0
    var current = try await fetch(0, knownIDs)
    for index in pages.indices {
      let page = current
      let known = knownIDs
      async let next = fetch(index + 1, known)
      for item in page {
        if let id = item.order.odooID {
          seenIDs.insert(id)
          knownIDs.insert(id)
        }
      }
      outcome += try store.applyPulled(page, actor: configuration.user, now: now(), merge: merge)
      done += pages[index].count
      // The watermark follows the listing, not the pages: an order edited during this pull
      // carries a later date, and orders listed after it are not stored yet.
      if let listedNewest = pages[index].last?.writeDate, listedNewest > (watermark ?? "") { watermark = listedNewest }
      try store.setSyncCursor(named: Self.orderCursor, watermark: watermark, lastID: nil, now: now())
      await publish(.pullProgress(model: "purchase.order", done: done, total: total))
      current = try await next
    }
    // Lines edited without their order's write_date moving.
    if let since {
      let lineRecords = try await client.searchRead(
        "purchase.order.line", domain: [["write_date", ">=", .string(since)]], fields: ["order_id"], order: "id asc")
      let orderIDs = Set(lineRecords.compactMap { $0["order_id"]?.many2oneID }).subtracting(seenIDs)
      if !orderIDs.isEmpty {
        let records = try await client.searchRead(
          "purchase.order", domain: [["id", "in", .array(orderIDs.sorted().map(OdooValue.int))]], fields: mapping.orderFields,
          order: "write_date asc, id asc")
        let page = try await pulledOrders(records, mapping: mapping, knownIDs: knownIDs, lookUpUnknown: awaitingOdooIDs)
        outcome += try store.applyPulled(page, actor: configuration.user, now: now(), merge: merge)
        knownIDs.formUnion(page.compactMap(\.order.odooID))
      }
    }
    var deleted = 0
    // Deletions leave no trace in Odoo: fewer orders there than ids known here means some
    // were deleted; every few pulls the id sets are compared anyway. `knownIDs` is the store's
    // set, kept up to date through this pull (only this engine gives orders Odoo ids).
    let remoteCount = try await client.searchCount("purchase.order")
    let needsReconcile = reconcile || remoteCount < knownIDs.count
    if needsReconcile && since != nil {
      let remoteIDs = Set(try await client.search("purchase.order", domain: []))
      let gone = knownIDs.subtracting(remoteIDs)
      if !gone.isEmpty {
        deleted = try store.applyRemoteDeletions(odooIDs: gone.sorted(), actor: configuration.user, now: now()).removed
      }
    }
    return (outcome, deleted)
  }

  /// Reads the lines of `records` and the external ids of orders not known here yet.
  func pulledOrders(
    _ records: [[String: OdooValue]], mapping: OdooOrderMapping, knownIDs: Set<Int>, lookUpUnknown: Bool
  ) async throws
    -> [PulledOrder]
  {
    let ids = records.compactMap { $0["id"]?.int }
    guard !ids.isEmpty else { return [] }
    let lineRecords = try await client.searchRead(
      "purchase.order.line", domain: [["order_id", "in", .array(ids.map(OdooValue.int))]], fields: mapping.lineFields,
      order: "id asc")
    var linesByOrder: [Int: [[String: OdooValue]]] = [:]
    for line in lineRecords {
      if let orderID = line["order_id"]?.many2oneID { linesByOrder[orderID, default: []].append(line) }
    }
    var uuids: [Int: UUID] = [:]
    let unknown = lookUpUnknown ? ids.filter { !knownIDs.contains($0) } : []
    if !unknown.isEmpty {
      let xmlids = try await client.searchRead(
        "ir.model.data",
        domain: [
          ["model", "=", "purchase.order"], ["module", "=", .string(OdooOrderMapping.module)],
          ["res_id", "in", .array(unknown.map(OdooValue.int))],
        ], fields: ["name", "res_id"])
      for record in xmlids {
        if let resID = record["res_id"]?.int, let uuid = record["name"]?.string.flatMap(OdooOrderMapping.orderUUID(externalName:)) {
          uuids[resID] = uuid
        }
      }
    }
    var pulled: [PulledOrder] = []
    pulled.reserveCapacity(records.count)
    for record in records {
      guard let id = record["id"]?.int else { continue }
      let order = try mapping.order(from: record, lines: linesByOrder[id] ?? [])
      pulled.append(PulledOrder(order: order, writeDate: record["write_date"]?.string ?? "", knownUUID: uuids[id]))
    }
    return pulled
  }
}
