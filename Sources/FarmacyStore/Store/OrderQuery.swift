import FarmacyDomain
import Foundation

/// What to list: filters, search text, sort and page.
package struct OrderQuery: Hashable, Sendable {
  /// A column that lists can be sorted by.
  package enum SortField: String, Sendable, CaseIterable, Codable {
    case reference, vendor, dateOrder = "date", datePlanned = "arrival", state, total, sync

    /// The SQL expression sorted on; each has an index `(expression, id)`.
    var sqlExpression: String {
      switch self {
      case .reference: "reference"
      case .vendor: "vendor_name"
      case .dateOrder: "date_order"
      case .datePlanned: "ifnull(date_planned, 0)"
      case .state: StoreMigrations.stateRankSQL
      case .total: "amount_total_minor"
      case .sync: "sync_status"
      }
    }

    /// Accepts the names people type: `date`, `date_order`, `arrival`, `amount`, `ref`…
    package init?(userText: String) {
      switch userText.lowercased().replacingOccurrences(of: "-", with: "_") {
      case "reference", "ref", "name": self = .reference
      case "vendor", "partner": self = .vendor
      case "date", "date_order", "order_date", "created": self = .dateOrder
      case "arrival", "date_planned", "expected", "planned": self = .datePlanned
      case "state", "status": self = .state
      case "total", "amount", "amount_total": self = .total
      case "sync", "sync_status", "badge": self = .sync
      default: return nil
      }
    }
  }

  package var states: Set<OrderState> = []
  package var vendorID: Vendor.ID?
  package var syncStatuses: Set<SyncStatus> = []
  /// Words that must each appear in the reference, vendor, origin or a line's product.
  package var search = ""
  package var sort: SortField = .dateOrder
  package var descending = true
  package var limit = 50
  /// Continue after this cursor (from ``OrderPage/nextCursor``).
  package var after: PageCursor?
  /// Or go back: the page that ends just before this cursor (from ``OrderPage/previousCursor``).
  package var before: PageCursor?

  package init(
    states: Set<OrderState> = [], vendorID: Vendor.ID? = nil, syncStatuses: Set<SyncStatus> = [], search: String = "",
    sort: SortField = .dateOrder, descending: Bool = true, limit: Int = 50, after: PageCursor? = nil,
    before: PageCursor? = nil
  ) {
    self.states = states
    self.vendorID = vendorID
    self.syncStatuses = syncStatuses
    self.search = search
    self.sort = sort
    self.descending = descending
    self.limit = limit
    self.after = after
    self.before = before
  }
}

/// A position in a sorted list: the sort value and row id of the last row seen.
///
/// Keyset paging: the next page is "rows after (value, id)", which costs the same on page 2,000
/// as on page 1, unlike `OFFSET`. The text form (``token``) is opaque to people but stable, so
/// scripts can pass it back with `--after`.
package struct PageCursor: Hashable, Sendable {
  package enum Value: Hashable, Sendable {
    case integer(Int64)
    case text(String)
  }

  package var value: Value
  package var rowID: Int64

  package init(value: Value, rowID: Int64) {
    self.value = value
    self.rowID = rowID
  }

  /// `i:<value>:<id>` or `t:<base64 text>:<id>`.
  package var token: String {
    switch value {
    case .integer(let number): "i:\(number):\(rowID)"
    case .text(let text): "t:\(Data(text.utf8).base64EncodedString()):\(rowID)"
    }
  }

  package init?(token: String) {
    let parts = token.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 3, let rowID = Int64(parts[2]) else { return nil }
    switch parts[0] {
    case "i":
      guard let number = Int64(parts[1]) else { return nil }
      value = .integer(number)
    case "t":
      guard let data = Data(base64Encoded: String(parts[1])), let text = String(data: data, encoding: .utf8) else {
        return nil
      }
      value = .text(text)
    default: return nil
    }
    self.rowID = rowID
  }
}

/// One row of an order list: what a table shows, without the lines.
package struct OrderSummary: Hashable, Sendable, Identifiable {
  package var rowID: Int64
  package var id: UUID
  package var odooID: Int?
  package var reference: String
  package var vendorID: Vendor.ID?
  package var vendorName: String
  package var state: OrderState
  package var priority: OrderPriority
  package var dateOrder: Date
  package var datePlanned: Date?
  package var total: Money
  package var lineCount: Int
  package var syncStatus: SyncStatus
  package var revision: Int
}

/// A page of orders and the cursors to move from it.
package struct OrderPage: Hashable, Sendable {
  package var orders: [OrderSummary]
  /// Pass as ``OrderQuery/after`` for the next page; `nil` on the last page.
  package var nextCursor: PageCursor?
  /// Pass as ``OrderQuery/before`` for the previous page; `nil` on the first page.
  package var previousCursor: PageCursor?
}
