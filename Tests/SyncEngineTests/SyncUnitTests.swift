import FarmacyDomain
import FarmacyStore
import FarmacyTestSupport
import Foundation
import OdooKit
import Synchronization
import SyncEngine
import Testing

@Suite("Order mapping to Odoo") struct OdooOrderMappingTests {
  let mapping = OdooOrderMapping(
    names: OdooFieldNames(version: OdooServerVersion(major: 17, minor: 0, serie: "17.0")),
    vendors: [Vendor(id: 1, odooID: 11, name: "Northbridge")],
    products: [
      Product.fixture(id: 1, code: "TAB-00001").with(odooID: 101), Product.fixture(id: 2, code: "TAB-00002").with(odooID: 102),
    ])

  @Test func externalIDsRoundTrip() {
    let id = UUID()
    #expect(OdooOrderMapping.orderUUID(externalName: OdooOrderMapping.externalName(order: id)) == id)
    #expect(OdooOrderMapping.lineUUID(externalName: OdooOrderMapping.externalName(line: id)) == id)
    #expect(OdooOrderMapping.orderUUID(externalName: OdooOrderMapping.externalName(line: id)) == nil)
    #expect(OdooOrderMapping.orderUUID(externalName: "farmacy_nothex") == nil)
  }

  @Test func loadRowsCarryExternalIDsAndOneRowPerLine() throws {
    var order = PurchaseOrder.fixture(lines: [.fixture(productID: 1, quantity: Quantity(thousandths: 2_500), unitPriceMinor: 1_234), .fixture(productID: 2)])
    order.notes = "Back door"
    let rows = try mapping.loadRows(for: order)
    #expect(rows.count == 2)
    let fields = mapping.loadFields
    #expect(rows.allSatisfy { $0.count == fields.count })
    #expect(rows[0][fields.firstIndex(of: "id")!] == "__import__." + OdooOrderMapping.externalName(order: order.id))
    #expect(rows[0][fields.firstIndex(of: "partner_id/.id")!] == "11")
    #expect(rows[0][fields.firstIndex(of: "notes")!] == "Back door")
    #expect(rows[1][fields.firstIndex(of: "id")!] == "")
    #expect(rows[0][fields.firstIndex(of: "order_line/product_qty")!] == "2.500")
    #expect(rows[0][fields.firstIndex(of: "order_line/price_unit")!] == "12.34")
    #expect(rows[1][fields.firstIndex(of: "order_line/product_id/.id")!] == "102")
    #expect(rows[1][fields.firstIndex(of: "order_line/id")!] == "__import__." + OdooOrderMapping.externalName(line: order.lines[1].id))
  }

  @Test func unknownVendorOrProductIsUnmapped() {
    let order = PurchaseOrder.fixture(vendorID: 99)
    #expect(throws: SyncError.self) { try mapping.loadRows(for: order) }
    let product = PurchaseOrder.fixture(lines: [.fixture(productID: 77)])
    #expect(throws: SyncError.self) { try mapping.loadRows(for: product) }
  }

  @Test func writeValuesHoldOnlyWhatChanged() throws {
    var base = PurchaseOrder.fixture(lines: [.fixture(productID: 1), .fixture(productID: 2)])
    base.lines[0].odooID = 501
    base.lines[1].odooID = 502
    var local = base
    #expect(try mapping.writeValues(from: base, to: local).isEmpty)
    local.notes = "New notes"
    local.lines[0].quantity = Quantity(thousandths: 9_000)
    local.lines.remove(at: 1)
    local.lines.append(.fixture(productID: 2, quantity: 4))
    let values = try mapping.writeValues(from: base, to: local)
    #expect(Set(values.keys) == ["notes", "order_line"])
    let commands = try #require(values["order_line"]?.array)
    #expect(commands.count == 3)
    #expect(commands.contains([1, 501, ["product_qty": .double(9.0)]]))
    #expect(commands.contains([2, 502]))
    #expect(commands.contains { $0.array?.first == 0 && $0.array?[2]["product_id"] == 102 })
  }

  @Test func buttonsLeadFromOdoosStateToTheLocalOne() {
    #expect(OdooOrderMapping.buttons(from: .draft, to: .purchase) == [.confirm])
    #expect(OdooOrderMapping.buttons(from: .purchase, to: .purchase) == [])
    #expect(OdooOrderMapping.buttons(from: .sent, to: .cancelled) == [.cancel])
    #expect(OdooOrderMapping.buttons(from: .cancelled, to: .draft) == [.resetToDraft])
    #expect(OdooOrderMapping.buttons(from: .draft, to: .locked) == [.confirm, .lock])
    #expect(OdooOrderMapping.buttons(from: .locked, to: .purchase) == [.unlock])
  }

  @Test func readsAnOrderAndItsLines() throws {
    let record: [String: OdooValue] = [
      "id": 7, "name": "P00007", "partner_id": [11, "Northbridge"], "state": "purchase", "priority": "1",
      "currency_id": [1, "EUR"], "date_order": "2026-03-14 09:00:00", "date_planned": false, "date_approve": false,
      "partner_ref": false, "origin": "Clinic 7", "notes": "<p>Fragile</p>", "write_date": "2026-03-14 10:00:00",
      "invoice_count": 0, "receipt_status": false,
    ]
    let line: [String: OdooValue] = [
      "id": 70, "order_id": [7, "P00007"], "sequence": 10, "product_id": [101, "[TAB-00001] Carprofen"], "name": "Carprofen",
      "product_qty": .double(2.5), "product_uom": [1, "Units"], "price_unit": .double(12.34), "discount": .double(5.0), "date_planned": false,
      "write_date": "2026-03-14 10:00:00",
    ]
    let order = try mapping.order(from: record, lines: [line])
    #expect(order.odooID == 7 && order.reference == "P00007" && order.vendorID == 1)
    #expect(order.state == .purchase && order.priority == .urgent && order.origin == "Clinic 7" && order.notes == "Fragile")
    #expect(order.lines.first?.quantity == Quantity(thousandths: 2_500))
    #expect(order.lines.first?.unitPriceMinor == 1_234)
    #expect(order.lines.first?.discount == Percentage(basisPoints: 500))
    #expect(order.lines.first?.productID == 1)
    #expect(throws: SyncError.self) { try mapping.order(from: ["name": "no id"], lines: []) }

    // Odoo's floats come back to the nearest unit of the scale…
    #expect(try OdooOrderMapping.fixed(["q": .double(0.1 + 0.2)], "q", scale: 1_000) == 300)
    // …and numbers no order holds are a malformed reply, not a crash.
    for (field, value) in [("price_unit", 1e17), ("product_qty", 1e16), ("discount", -1e300), ("price_unit", .infinity)] {
      var huge = line
      huge[field] = .double(value)
      #expect(throws: SyncError.self, "\(field) \(value)") { try mapping.order(from: record, lines: [huge]) }
    }
  }
}

extension Product {
  func with(odooID: Int) -> Product {
    var copy = self
    copy.odooID = odooID
    return copy
  }
}

@Suite("Metrics") struct SyncMetricsTests {
  @Test func countsPercentilesAndThroughput() {
    var metrics = SyncMetrics()
    let start = Date(timeIntervalSince1970: 1_800_000_000)
    for index in 1...100 {
      metrics.record(
        .jobSucceeded(jobIDs: [Int64(index)], order: "P\(index)", odooID: index, duration: .milliseconds(index)),
        at: start.addingTimeInterval(Double(index)))
    }
    metrics.record(.jobDeferred(jobIDs: [1], order: "P1", error: "503", nextAttempt: start), at: start)
    metrics.record(.jobDeadLettered(jobIDs: [2], order: "P2", error: "gone"), at: start)
    let snapshot = metrics.snapshot(at: start.addingTimeInterval(100))
    #expect(snapshot.succeeded == 100 && snapshot.deferred == 1 && snapshot.deadLettered == 1)
    #expect(snapshot.latencyP50Ms == 50)
    #expect(snapshot.latencyP99Ms == 99)
    #expect(snapshot.throughputPerMinute.count == SyncMetrics.throughputMinutes)
    #expect(snapshot.throughputPerMinute.reduce(0, +) == 100)
    #expect(snapshot.lastPushAt == start.addingTimeInterval(100))
  }
}

@Suite("Event bus") struct EventBusTests {
  final class Recorder: SyncEventHandler, Sendable {
    let seen = Mutex<[SyncEnvelope]>([])
    let failuresLeft: Mutex<Int>
    let name: String
    init(name: String = "recorder", failFirst: Int = 0) {
      self.name = name
      failuresLeft = Mutex(failFirst)
    }
    func accepts(_ event: SyncEvent) -> Bool { event.kind.hasPrefix("job.") }
    func handle(_ envelope: SyncEnvelope) async throws {
      let fail = failuresLeft.withLock { left -> Bool in
        defer { left -= 1 }
        return left > 0
      }
      if fail { throw SyncError.invalid("handler failed") }
      seen.withLock { $0.append(envelope) }
    }
  }

  @Test func validatesEnrichesRoutesAndRetries() async {
    let instant = Date(timeIntervalSince1970: 1_800_000_000)
    let bus = EventBus(user: "manager", maxAttempts: 3, now: { instant })
    let flaky = Recorder(name: "flaky", failFirst: 2)
    let broken = Recorder(name: "broken", failFirst: 10)
    bus.register(flaky)
    bus.register(broken)
    let correlation = UUID()
    #expect(await bus.publish(.jobQueued(jobID: 1, order: "L00001"), correlationID: correlation))
    // Routed: not a job event.
    #expect(await bus.publish(.paused))
    // Validation refuses an event without an order.
    #expect(await bus.publish(.jobQueued(jobID: 2, order: "")) == false)
    #expect(bus.rejectedCount == 1)
    let delivered = flaky.seen.withLock { $0 }
    #expect(delivered.count == 1)
    #expect(delivered.first?.correlationID == correlation)
    #expect(delivered.first?.user == "manager")
    #expect(delivered.first?.processedAt == instant)
    #expect(broken.seen.withLock { $0 }.isEmpty)
    #expect(bus.failures.map(\.handler) == ["broken"])
  }

  @Test func subscribersGetEveryValidEvent() async {
    let bus = EventBus(user: "u")
    let stream = bus.subscribe()
    await bus.publish(.paused)
    await bus.publish(.resumed)
    bus.finish()
    var kinds: [String] = []
    for await envelope in stream { kinds.append(envelope.event.kind) }
    #expect(kinds == ["engine.paused", "engine.resumed"])
  }
}

@Suite("Catalogue cache") struct CatalogueCacheTests {
  final class Loader: Sendable {
    let calls = Mutex(0)
    func load(_ vendor: Vendor.ID) -> [CatalogueEntry] {
      calls.withLock { $0 += 1 }
      return [CatalogueEntry(id: vendor * 10, vendorID: vendor, productID: 1, priceMinor: 100 * vendor)]
    }
  }

  @Test func memoryThenStoreThenLoader() async throws {
    let store = try OrderStore.inMemory()
    let clock = TestClock(testNow)
    let loader = Loader()
    let cache = CatalogueCache(store: store, ttl: .seconds(60), capacity: 2, now: { clock.now }) { loader.load($0) }
    #expect(try await cache.entries(vendorID: 1).first?.priceMinor == 100)
    #expect(try await cache.entries(vendorID: 1).first?.priceMinor == 100)
    #expect(loader.calls.withLock { $0 } == 1)
    #expect(await cache.statistics.memoryHits == 1)
    // A second cache over the same store finds it in the table.
    let other = CatalogueCache(store: store, ttl: .seconds(60), now: { clock.now }) { loader.load($0) }
    _ = try await other.entries(vendorID: 1)
    #expect(await other.statistics.storeHits == 1)
    #expect(loader.calls.withLock { $0 } == 1)
    // Expired: loaded again.
    clock.advance(seconds: 61)
    _ = try await cache.entries(vendorID: 1)
    #expect(loader.calls.withLock { $0 } == 2)
    // Invalidation drops both layers.
    try await cache.invalidateAll()
    _ = try await other.entries(vendorID: 1)
    #expect(loader.calls.withLock { $0 } == 3)
  }

  @Test func leastRecentlyUsedIsEvicted() async throws {
    let store = try OrderStore.inMemory()
    let loader = Loader()
    let cache = CatalogueCache(store: store, ttl: .seconds(60), capacity: 2, now: { testNow }) { loader.load($0) }
    _ = try await cache.entries(vendorID: 1)
    _ = try await cache.entries(vendorID: 2)
    _ = try await cache.entries(vendorID: 1)
    _ = try await cache.entries(vendorID: 3)  // evicts 2, the least recently used
    let before = await cache.statistics
    _ = try await cache.entries(vendorID: 1)
    #expect(await cache.statistics.memoryHits == before.memoryHits + 1)
    _ = try await cache.entries(vendorID: 2)
    #expect(await cache.statistics.storeHits == before.storeHits + 1)
  }
}

@Suite("Mail notifications") struct MailNotificationTests {
  /// A mail server that takes no message until the test lets it, and refuses the first try.
  actor HeldMailer: NotificationMailer {
    private var isOpen = false
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private(set) var subjects: [String] = []
    private var refusals = 1

    func open() {
      isOpen = true
      for waiter in waiting { waiter.resume() }
      waiting = []
    }

    func send(subject: String, body: String) async throws {
      if !isOpen { await withCheckedContinuation { waiting.append($0) } }
      if refusals > 0 {
        refusals -= 1
        throw CancellationError()
      }
      subjects.append(subject)
    }
  }

  @Test(.timeLimit(.minutes(1))) func aMailServerThatHangs_neverHoldsTheBusUp_andTheNewestMailGoesOut() async {
    let mailer = HeldMailer()
    let handler = MailNotificationHandler(mailer: mailer, capacity: 2, retryDelays: [.milliseconds(1)])
    let bus = EventBus(user: "u")
    bus.register(handler)
    // Four warnings while the server takes nothing: every publish returns at once.
    for number in 1...4 {
      #expect(await bus.publish(.breakerChanged(from: "closed", to: "open", reason: "outage \(number)")))
    }
    await mailer.open()
    await handler.waitUntilIdle()
    let counts = await handler.counts()
    #expect(counts.sent == 3)
    #expect(counts.dropped == 1, "the queue keeps the newest two behind the one being sent")
    #expect(counts.failed == 0, "the refused first try was tried again")
    #expect(await mailer.subjects.count == 3)
    #expect(bus.failures.isEmpty)
  }

  /// Quitting waits for queued mail, but not forever: the wait ends when its task is cancelled.
  @Test(.timeLimit(.minutes(1))) func waitingForMailThatCannotGoOut_endsWhenCancelled() async {
    let mailer = HeldMailer()
    let handler = MailNotificationHandler(mailer: mailer, retryDelays: [])
    let bus = EventBus(user: "u")
    bus.register(handler)
    await bus.publish(.breakerChanged(from: "closed", to: "open", reason: "outage"))
    let waiting = Task { await handler.waitUntilIdle() }
    waiting.cancel()
    await waiting.value
    #expect(await handler.counts().sent == 0)
    await mailer.open()
  }
}
