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
      let insertOrder = try db.cachedStatement(
        sql: OrderRow.insertOrderSQL + """
           ON CONFLICT(uuid) DO UPDATE SET odoo_id = excluded.odoo_id, reference = excluded.reference,
            vendor_id = excluded.vendor_id, vendor_name = excluded.vendor_name, state = excluded.state,
            priority = excluded.priority, currency = excluded.currency, date_order = excluded.date_order,
            date_planned = excluded.date_planned, date_approve = excluded.date_approve,
            vendor_reference = excluded.vendor_reference, origin = excluded.origin, notes = excluded.notes,
            amount_untaxed_minor = excluded.amount_untaxed_minor, amount_tax_minor = excluded.amount_tax_minor,
            amount_total_minor = excluded.amount_total_minor, line_count = excluded.line_count,
            has_active_vendor_bill = excluded.has_active_vendor_bill, has_done_receipt = excluded.has_done_receipt,
            sync_status = 'synced', remote_write_date = excluded.remote_write_date, updated_at_ms = excluded.updated_at_ms
          RETURNING id
          """)
      let deleteLines = try db.cachedStatement(sql: "DELETE FROM order_line WHERE order_id = ?")
      let insertLine = try db.cachedStatement(sql: OrderRow.insertLineSQL)
      let deleteSearch = try db.cachedStatement(sql: "DELETE FROM order_search WHERE rowid = ?")
      let insertSearch = try db.cachedStatement(sql: "INSERT INTO order_search (rowid, text) VALUES (?, ?)")
      let remoteWriteDate = OdooDateTime.format(now)
      var count = 0
      for order in orders {
        guard
          let rowID = try Int64.fetchOne(
            insertOrder,
            arguments: OrderRow.insertArguments(
              order, localReference: nil, revision: 1, syncStatus: .synced, remoteWriteDate: remoteWriteDate,
              nowMs: nowMs))
        else { continue }
        if db.lastInsertedRowID != rowID || count == 0 {
          // An update of an existing order: clear what the insert path assumes is empty.
          try deleteLines.execute(arguments: [rowID])
          try deleteSearch.execute(arguments: [rowID])
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
