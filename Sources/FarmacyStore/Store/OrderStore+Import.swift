import FarmacyDomain
import Foundation
import GRDB

// MARK: - Bulk import of orders that are already in Odoo

extension OrderStore {
  /// Stores orders that Odoo already has, as in step with it (no outbox job, no base snapshot).
  ///
  /// Used by the demo seed and by a first full pull. Everything is one transaction with cached
  /// statements, so 100,000 orders with their lines and search text take seconds. An order whose
  /// UUID is already stored is replaced. One audit row records the import.
  ///
  /// - Returns: The number of orders written.
  @discardableResult
  package func importSyncedOrders(
    _ orders: some Sequence<PurchaseOrder>, actor: String, reason: String, now: Date
  ) throws -> Int {
    try write { db in
      // A bulk import touches far more pages than the everyday cache holds; let it keep them
      // all until the commit, then shrink back.
      let everydayCache = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -65_536
      try db.execute(sql: "PRAGMA cache_size = -1048576")
      defer { try? db.execute(sql: "PRAGMA cache_size = \(everydayCache)") }
      let nowMs = OrderRow.milliseconds(now)
      // New orders take the same path as a plain insert loop; an order already stored (by
      // UUID) is updated and its lines and search text rewritten.
      let findOrder = try db.cachedStatement(sql: "SELECT id FROM purchase_order WHERE uuid = ?")
      let insertOrder = try db.cachedStatement(sql: OrderRow.insertOrderSQL)
      let updateOrder = try db.cachedStatement(sql: OrderRow.updateOrderSQL)
      let setRemoteWriteDate = try db.cachedStatement(
        sql: "UPDATE purchase_order SET remote_write_date = ? WHERE id = ?")
      let deleteLines = try db.cachedStatement(sql: "DELETE FROM order_line WHERE order_id = ?")
      let insertLine = try db.cachedStatement(sql: OrderRow.insertLineSQL)
      let deleteSearch = try db.cachedStatement(sql: "DELETE FROM order_search WHERE rowid = ?")
      let insertSearch = try db.cachedStatement(sql: "INSERT INTO order_search (rowid, text) VALUES (?, ?)")
      let remoteWriteDate = OdooDateTime.format(now)
      var count = 0
      for order in orders {
        let rowID: Int64
        if let existing = try Int64.fetchOne(findOrder, arguments: [order.id.uuidString.lowercased()]) {
          rowID = existing
          try updateOrder.execute(
            arguments: OrderRow.updateArguments(order, rowID: rowID, revision: 1, syncStatus: .synced, nowMs: nowMs))
          try setRemoteWriteDate.execute(arguments: [remoteWriteDate, rowID])
          try deleteLines.execute(arguments: [rowID])
          try deleteSearch.execute(arguments: [rowID])
        } else {
          try insertOrder.execute(
            arguments: OrderRow.insertArguments(
              order, localReference: nil, revision: 1, syncStatus: .synced, remoteWriteDate: remoteWriteDate,
              nowMs: nowMs))
          rowID = db.lastInsertedRowID
        }
        for line in order.lines {
          try insertLine.execute(arguments: OrderRow.lineArguments(line, orderRowID: rowID))
        }
        try insertSearch.execute(arguments: [rowID, SearchText.of(order, localReference: nil)])
        count += 1
      }
      try Self.appendAudit(
        db, at: nowMs, actor: actor, action: "orders.imported", orderRowID: nil, order: nil,
        summary: "\(count) order(s) imported: \(reason)", details: ["count": .int(Int64(count)), "reason": .string(reason)])
      return count
    }
  }
}
