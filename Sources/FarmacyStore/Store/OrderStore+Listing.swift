import FarmacyDomain
import Foundation
import GRDB

// MARK: - Reading orders

extension OrderStore {
  /// One page of orders matching `query`, using keyset paging on the sort column's index.
  ///
  /// A page costs the same wherever it is in the list. Search words of three characters or
  /// more use the trigram index; shorter words are matched within the index's text.
  package func listOrders(_ query: OrderQuery) throws -> OrderPage {
    try read { db in try Self.listOrders(db, query) }
  }

  /// How many orders match the filters and search of `query` (its sort and page are ignored).
  package func countOrders(_ query: OrderQuery) throws -> Int {
    try read { db in
      var arguments = StatementArguments()
      let filter = Self.filterSQL(query, arguments: &arguments)
      return try Int.fetchOne(db, sql: "SELECT count(*) FROM purchase_order WHERE \(filter)", arguments: arguments) ?? 0
    }
  }

  /// The order with this reference (Odoo's or the local one, any case), or `nil`.
  package func order(reference: String) throws -> StoredOrder? {
    try read { db in
      let text = reference.trimmingCharacters(in: .whitespaces)
      let fetched =
        try Self.fetchStoredOrder(db, whereSQL: "reference = ?", arguments: [text])
        ?? Self.fetchStoredOrder(db, whereSQL: "local_reference = ?", arguments: [text.uppercased()])
        ?? Self.fetchStoredOrder(db, whereSQL: "reference = ? COLLATE NOCASE", arguments: [text])
        ?? (UUID(uuidString: text).flatMap { try? Self.fetchStoredOrder(db, uuid: $0) })
      return fetched.map { StoredOrder(order: $0.order, info: $0.info) }
    }
  }

  package func order(id: UUID) throws -> StoredOrder? {
    try read { db in try Self.fetchStoredOrder(db, uuid: id).map { StoredOrder(order: $0.order, info: $0.info) } }
  }

  /// The last state agreed with Odoo, kept when the order was first edited after a sync.
  package func baseSnapshot(orderID: UUID) throws -> PurchaseOrder? {
    try read { db in
      guard
        let payload = try String.fetchOne(
          db,
          sql: """
            SELECT s.payload FROM base_snapshot s JOIN purchase_order o ON o.id = s.order_id WHERE o.uuid = ?
            """, arguments: [orderID.uuidString.lowercased()])
      else { return nil }
      return try SnapshotCoding.decode(payload)
    }
  }

  /// Counts of orders by state and by sync status, for summaries.
  package func orderCounts() throws -> (byState: [OrderState: Int], bySync: [SyncStatus: Int]) {
    try read { db in
      var byState: [OrderState: Int] = [:]
      for row in try Row.fetchAll(db, sql: "SELECT state, count(*) FROM purchase_order GROUP BY state") {
        if let state = OrderState(rawValue: row[0]) { byState[state] = row[1] }
      }
      var bySync: [SyncStatus: Int] = [:]
      for row in try Row.fetchAll(db, sql: "SELECT sync_status, count(*) FROM purchase_order GROUP BY sync_status") {
        if let status = SyncStatus(rawValue: row[0]) { bySync[status] = row[1] }
      }
      return (byState, bySync)
    }
  }

  // MARK: - Query building

  static func listOrders(_ db: Database, _ query: OrderQuery) throws -> OrderPage {
    let limit = max(1, min(query.limit, 10_000))
    let expression = query.sort.sqlExpression
    let backward = query.before != nil
    // Walking backwards is walking forwards in the opposite direction, then reversing the page.
    let descending = query.descending != backward
    var arguments = StatementArguments()
    var conditions = [filterSQL(query, arguments: &arguments)]
    if let cursor = query.before ?? query.after {
      conditions.append("(\(expression), id) \(descending ? "<" : ">") (?, ?)")
      switch cursor.value {
      case .integer(let number): arguments += [number]
      case .text(let text): arguments += [text]
      }
      arguments += [cursor.rowID]
    }
    let direction = descending ? "DESC" : "ASC"
    let sql = """
      SELECT id, uuid, odoo_id, reference, vendor_id, vendor_name, state, priority, date_order, date_planned,
        currency, amount_total_minor, line_count, sync_status, revision, \(expression)
      FROM purchase_order
      WHERE \(conditions.joined(separator: " AND "))
      ORDER BY \(expression) \(direction), id \(direction)
      LIMIT \(limit + 1)
      """
    var rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
    let hasMore = rows.count > limit
    if hasMore { rows.removeLast() }
    if backward { rows.reverse() }
    var orders: [OrderSummary] = []
    orders.reserveCapacity(rows.count)
    var cursors: [PageCursor] = []
    for row in rows {
      let uuidText: String = row[1]
      let stateText: String = row[6]
      let currencyText: String = row[10]
      let syncText: String = row[13]
      let currency = CurrencyCode(currencyText) ?? .eur
      orders.append(
        OrderSummary(
          rowID: row[0], id: UUID(uuidString: uuidText) ?? UUID(), odooID: row[2], reference: row[3], vendorID: row[4],
          vendorName: row[5], state: OrderState(rawValue: stateText) ?? .draft,
          priority: OrderPriority(rawValue: row[7]) ?? .normal, dateOrder: OrderRow.date(row[8]),
          datePlanned: (row[9] as Int64?).map(OrderRow.date),
          total: Money(minorUnits: row[11], currency: currency), lineCount: row[12],
          syncStatus: SyncStatus(rawValue: syncText) ?? .pending, revision: row[14]))
      let key: DatabaseValue = row[15]
      let value: PageCursor.Value =
        switch key.storage {
        case .int64(let number): .integer(number)
        case .string(let text): .text(text)
        case .double(let number): .integer(Int64(number))
        default: .integer(0)
        }
      cursors.append(PageCursor(value: value, rowID: row[0]))
    }
    let next: PageCursor?
    let previous: PageCursor?
    if backward {
      next = cursors.last
      previous = hasMore ? cursors.first : nil
    } else {
      next = hasMore ? cursors.last : nil
      previous = query.after == nil ? nil : cursors.first
    }
    return OrderPage(orders: orders, nextCursor: next, previousCursor: previous)
  }

  /// The `WHERE` clause for the filters and search of `query` ("1" when there are none).
  static func filterSQL(_ query: OrderQuery, arguments: inout StatementArguments) -> String {
    var conditions: [String] = []
    if !query.states.isEmpty {
      let states = query.states.sorted()
      conditions.append("state IN (\(Array(repeating: "?", count: states.count).joined(separator: ", ")))")
      for state in states { arguments += [state.rawValue] }
    }
    if let vendorID = query.vendorID {
      conditions.append("vendor_id = ?")
      arguments += [vendorID]
    }
    if !query.syncStatuses.isEmpty {
      let statuses = query.syncStatuses.map(\.rawValue).sorted()
      conditions.append("sync_status IN (\(Array(repeating: "?", count: statuses.count).joined(separator: ", ")))")
      for status in statuses { arguments += [status] }
    }
    if let search = searchSQL(query.search, arguments: &arguments) {
      conditions.append(search)
    }
    return conditions.isEmpty ? "1" : conditions.joined(separator: " AND ")
  }

  /// The condition for the words of `text`, or `nil` when there are none.
  ///
  /// Words of three characters or more are phrase queries on the trigram index, answered from
  /// the index alone (any character may appear in a phrase, `%` and `_` included). Shorter
  /// words, which a trigram index cannot answer, are matched with `LIKE` on the indexed text.
  /// Words are folded the way the indexed text is. Every word must match.
  static func searchSQL(_ text: String, arguments: inout StatementArguments) -> String? {
    let words = SearchText.fold(text).split(whereSeparator: { $0.isWhitespace }).map(String.init)
    guard !words.isEmpty else { return nil }
    let long = words.filter { $0.count >= 3 }
    let short = words.filter { $0.count < 3 }
    var conditions: [String] = []
    if !long.isEmpty {
      conditions.append("id IN (SELECT rowid FROM order_search WHERE order_search MATCH ?)")
      arguments += [long.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: " AND ")]
    }
    if !short.isEmpty {
      // `order_search_content` is the plain table in which FTS5 keeps the indexed text.
      let likes = short.map { _ in "c0 LIKE ? ESCAPE '\\'" }.joined(separator: " AND ")
      conditions.append("id IN (SELECT id FROM order_search_content WHERE \(likes))")
      for word in short { arguments += ["%" + escapeLike(word) + "%"] }
    }
    return conditions.joined(separator: " AND ")
  }
}
