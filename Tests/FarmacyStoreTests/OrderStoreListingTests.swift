import FarmacyDomain
import FarmacyTestSupport
import Foundation
import Testing

@testable import FarmacyStore

@Suite struct OrderStoreListingTests {
  static let store: OrderStore = {
    do { return try OrderStore.seeded(orders: 600) } catch { preconditionFailure("cannot seed: \(error)") }
  }()

  /// Walks every page forwards and checks the concatenation is the full list, in order, once.
  @Test(arguments: OrderQuery.SortField.allCases, [true, false])
  func keysetPages_visitEveryOrderOnce_inSortOrder(sort: OrderQuery.SortField, descending: Bool) throws {
    var query = OrderQuery(sort: sort, descending: descending, limit: 37)
    var seen: [OrderSummary] = []
    var pages = 0
    while true {
      let page = try Self.store.listOrders(query)
      seen += page.orders
      pages += 1
      guard let next = page.nextCursor else { break }
      query.after = next
    }
    #expect(seen.count == 600)
    #expect(Set(seen.map(\.rowID)).count == 600)
    #expect(pages == 17)
    let all = try Self.store.listOrders(OrderQuery(sort: sort, descending: descending, limit: 10_000)).orders
    #expect(seen.map(\.rowID) == all.map(\.rowID))
    let keys = all.map { key($0, sort) }
    for (a, b) in zip(keys, keys.dropFirst()) {
      #expect(descending ? a >= b : a <= b)
    }
  }

  private func key(_ order: OrderSummary, _ sort: OrderQuery.SortField) -> String {
    func number(_ value: Int64) -> String { String(format: "%020lld", value) }
    switch sort {
    case .reference: return order.reference
    case .vendor: return order.vendorName
    case .dateOrder: return number(Int64(order.dateOrder.timeIntervalSince1970))
    case .datePlanned: return number(Int64(order.datePlanned?.timeIntervalSince1970 ?? 0))
    case .state: return String(OrderState.allCases.firstIndex(of: order.state) ?? 0)
    case .total: return number(order.total.minorUnits)
    case .sync: return order.syncStatus.rawValue
    }
  }

  @Test func previousCursor_walksBack_toTheSamePages() throws {
    let first = try Self.store.listOrders(OrderQuery(limit: 25))
    #expect(first.previousCursor == nil)
    let second = try Self.store.listOrders(OrderQuery(limit: 25, after: first.nextCursor))
    let third = try Self.store.listOrders(OrderQuery(limit: 25, after: second.nextCursor))
    let backToSecond = try Self.store.listOrders(OrderQuery(limit: 25, before: third.previousCursor))
    #expect(backToSecond.orders == second.orders)
    let backToFirst = try Self.store.listOrders(OrderQuery(limit: 25, before: backToSecond.previousCursor))
    #expect(backToFirst.orders == first.orders)
    #expect(backToFirst.previousCursor == nil)
  }

  @Test func cursorToken_roundTrips() {
    for cursor in [PageCursor(value: .integer(-5), rowID: 9), PageCursor(value: .text("Société : 東京"), rowID: 1)] {
      #expect(PageCursor(token: cursor.token) == cursor)
    }
    #expect(PageCursor(token: "x:1:2") == nil)
    #expect(PageCursor(token: "i:abc:2") == nil)
  }

  @Test func filters_byState_vendor_andSyncStatus() throws {
    let all = try Self.store.listOrders(OrderQuery(limit: 10_000)).orders
    let locked = try Self.store.listOrders(OrderQuery(states: [.locked], limit: 10_000)).orders
    #expect(!locked.isEmpty)
    #expect(locked.count == all.filter { $0.state == .locked }.count)
    #expect(locked.allSatisfy { $0.state == .locked })
    let vendor = try Self.store.listOrders(OrderQuery(vendorID: 2, limit: 10_000)).orders
    #expect(vendor.count == all.filter { $0.vendorID == 2 }.count)
    #expect(try Self.store.countOrders(OrderQuery(states: [.draft, .sent], vendorID: 2)) ==
      all.filter { $0.vendorID == 2 && ($0.state == .draft || $0.state == .sent) }.count)
    #expect(try Self.store.countOrders(OrderQuery(syncStatuses: [.pending])) == 0)
  }

  @Test func search_findsByReferenceVendorAndProduct_anyCase() throws {
    let byReference = try Self.store.listOrders(OrderQuery(search: "p00042")).orders
    #expect(byReference.map(\.reference) == ["P00042"])
    let byVendor = try Self.store.listOrders(OrderQuery(search: "alpenvet", limit: 10_000)).orders
    #expect(!byVendor.isEmpty && byVendor.allSatisfy { $0.vendorName == "Alpenvet Großhandel GmbH" })
    let cjk = try Self.store.listOrders(OrderQuery(search: "東京", limit: 10_000)).orders
    #expect(!cjk.isEmpty && cjk.allSatisfy { $0.vendorName.hasPrefix("東京") })
    let accentFree = try Self.store.countOrders(OrderQuery(search: "leman"))
    #expect(accentFree > 0)
    #expect(accentFree == (try Self.store.countOrders(OrderQuery(search: "Léman"))))
    let product = try Self.store.listOrders(OrderQuery(search: "ketamine", limit: 10_000)).orders
    #expect(!product.isEmpty)
    for summary in product.prefix(10) {
      let order = try #require(try Self.store.order(id: summary.id))
      #expect(order.order.lines.contains { $0.description.lowercased().contains("ketamine") })
    }
  }

  @Test func search_combinesWords_includingShortOnes() throws {
    let both = try Self.store.countOrders(OrderQuery(search: "carprofen 50"))
    let one = try Self.store.countOrders(OrderQuery(search: "carprofen"))
    #expect(both > 0)
    #expect(both <= one)
    #expect(try Self.store.countOrders(OrderQuery(search: "carprofen zzzzqq")) == 0)
  }

  @Test(arguments: ["\"", "%", "_", "\\", "' OR 1=1 --", "NEAR(", "*", "a\"b", "🐾", "\u{1B}[2J"])
  func search_withSpecialCharacters_neverFails(text: String) throws {
    _ = try Self.store.listOrders(OrderQuery(search: text))
    _ = try Self.store.countOrders(OrderQuery(search: text))
  }

  @Test func localEdits_areFoundBySearch_andByLocalReference() throws {
    let store = try OrderStore.seeded(orders: 5)
    let saved = try store.saveDraft()
    #expect(try store.listOrders(OrderQuery(search: "L00001")).orders.map(\.id) == [saved.order.id])
    #expect(try store.listOrders(OrderQuery(syncStatuses: [.pending])).orders.map(\.id) == [saved.order.id])
  }
}
