import FarmacyDomain
import FarmacyStore
import Foundation
import GRDBSQLite

/// The fastest way this machine can write the rows the store writes: one transaction, prepared
/// statements, positional binds, nothing else. The store's bulk import is measured against it.
enum RawInsertLoop {
  private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  static func insert(_ orders: [PurchaseOrder], path: String) throws {
    var db: OpaquePointer?
    guard sqlite3_open(path, &db) == SQLITE_OK, let db else { throw Failure(description: "open \(path)") }
    defer { sqlite3_close(db) }
    func exec(_ sql: String) throws {
      guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else {
        throw Failure(description: String(cString: sqlite3_errmsg(db)))
      }
    }
    func prepare(_ sql: String) throws -> OpaquePointer {
      var statement: OpaquePointer?
      guard sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK,
        let statement
      else { throw Failure(description: String(cString: sqlite3_errmsg(db))) }
      return statement
    }
    // The same connection settings as the store's bulk import.
    try exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON")
    try exec("PRAGMA cache_size = -1048576")
    let order = try prepare(
      """
      INSERT INTO purchase_order (uuid, odoo_id, reference, local_reference, vendor_id, vendor_name, state, priority,
        currency, date_order, date_planned, date_approve, vendor_reference, origin, notes, amount_untaxed_minor,
        amount_tax_minor, amount_total_minor, line_count, has_active_vendor_bill, has_done_receipt, revision,
        sync_status, remote_write_date, created_at_ms, updated_at_ms)
      VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 'synced', ?, ?, ?)
      """)
    let line = try prepare(
      """
      INSERT INTO order_line (uuid, order_id, odoo_id, sequence, product_id, product_code, description,
        quantity_milli, unit, unit_price_minor, discount_bp, tax_rate_bp, date_planned, is_controlled, subtotal_minor)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """)
    let search = try prepare("INSERT INTO order_search (rowid, text) VALUES (?, ?)")
    defer {
      sqlite3_finalize(order)
      sqlite3_finalize(line)
      sqlite3_finalize(search)
    }
    func text(_ statement: OpaquePointer, _ index: Int32, _ value: String) {
      sqlite3_bind_text(statement, index, value, -1, transient)
    }
    func int(_ statement: OpaquePointer, _ index: Int32, _ value: Int64?) {
      if let value { sqlite3_bind_int64(statement, index, value) } else { sqlite3_bind_null(statement, index) }
    }
    func step(_ statement: OpaquePointer) throws {
      guard sqlite3_step(statement) == SQLITE_DONE else { throw Failure(description: String(cString: sqlite3_errmsg(db))) }
      sqlite3_reset(statement)
    }
    let seconds = { (date: Date) in Int64(date.timeIntervalSince1970.rounded(.down)) }
    let nowMs = Int64(Date().timeIntervalSince1970 * 1000)
    let writeDate = OdooDateTime.format(Date())
    try exec("BEGIN IMMEDIATE")
    for o in orders {
      let totals = o.totals
      text(order, 1, o.id.uuidString.lowercased())
      int(order, 2, o.odooID.map(Int64.init))
      text(order, 3, o.reference)
      int(order, 4, o.vendorID)
      text(order, 5, o.vendorName)
      text(order, 6, o.state.rawValue)
      text(order, 7, o.priority.rawValue)
      text(order, 8, o.currency.rawValue)
      int(order, 9, seconds(o.dateOrder))
      int(order, 10, o.effectiveDatePlanned.map(seconds))
      int(order, 11, o.dateApprove.map(seconds))
      text(order, 12, o.vendorReference)
      text(order, 13, o.origin)
      text(order, 14, o.notes)
      int(order, 15, totals.untaxedMinor)
      int(order, 16, totals.taxMinor)
      int(order, 17, totals.totalMinor)
      int(order, 18, Int64(o.lines.count))
      int(order, 19, o.hasActiveVendorBill ? 1 : 0)
      int(order, 20, o.hasDoneReceipt ? 1 : 0)
      text(order, 21, writeDate)
      int(order, 22, nowMs)
      int(order, 23, nowMs)
      try step(order)
      let rowID = sqlite3_last_insert_rowid(db)
      var searchText = [o.reference, o.vendorName]
      if !o.vendorReference.isEmpty { searchText.append(o.vendorReference) }
      if !o.origin.isEmpty { searchText.append(o.origin) }
      for l in o.lines {
        text(line, 1, l.id.uuidString.lowercased())
        int(line, 2, rowID)
        int(line, 3, l.odooID.map(Int64.init))
        int(line, 4, Int64(l.sequence))
        int(line, 5, l.productID)
        text(line, 6, l.productCode)
        text(line, 7, l.description)
        int(line, 8, l.quantity.thousandths)
        text(line, 9, l.unit)
        int(line, 10, l.unitPriceMinor)
        int(line, 11, l.discount.basisPoints)
        int(line, 12, l.taxRate.basisPoints)
        int(line, 13, l.datePlanned.map(seconds))
        int(line, 14, l.isControlled ? 1 : 0)
        int(line, 15, l.subtotalMinor)
        try step(line)
        if !l.description.contains(l.productCode) { searchText.append(l.productCode) }
        searchText.append(l.description)
      }
      let joined = searchText.joined(separator: " \u{1F} ")
      int(search, 1, rowID)
      text(search, 2, joined.utf8.allSatisfy { $0 < 0x80 } ? joined : joined.folding(options: [.diacriticInsensitive], locale: nil))
      try step(search)
    }
    try exec("COMMIT")
  }
}

/// Read baselines over the same file: the store's keyset SQL without the store, an OFFSET page,
/// and a LIKE scan instead of the trigram index.
final class RawQuery {
  private var db: OpaquePointer?

  init(path: String) throws {
    guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, nil) == SQLITE_OK else {
      throw RawInsertLoop.Failure(description: "open \(path)")
    }
  }

  deinit { sqlite3_close(db) }

  private func rows(_ sql: String, bind: (OpaquePointer) -> Void = { _ in }) throws -> Int {
    var statement: OpaquePointer?
    guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
      throw RawInsertLoop.Failure(description: String(cString: sqlite3_errmsg(db)))
    }
    defer { sqlite3_finalize(statement) }
    bind(statement)
    var count = 0
    while sqlite3_step(statement) == SQLITE_ROW {
      _ = sqlite3_column_int64(statement, 0)
      _ = sqlite3_column_text(statement, 3)
      count += 1
    }
    return count
  }

  private static let columns = """
    id, uuid, odoo_id, reference, vendor_id, vendor_name, state, priority, date_order, date_planned, currency,
    amount_total_minor, line_count, sync_status, revision, vendor_name
    """

  func keysetPage(after cursor: PageCursor?) throws -> Int {
    guard let cursor, case .text(let name) = cursor.value else { return 0 }
    return try rows(
      "SELECT \(Self.columns) FROM purchase_order WHERE (vendor_name, id) > (?, ?) ORDER BY vendor_name, id LIMIT 51"
    ) { statement in
      sqlite3_bind_text(statement, 1, name, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
      sqlite3_bind_int64(statement, 2, cursor.rowID)
    }
  }

  func offsetPage(offset: Int) throws -> Int {
    try rows("SELECT \(Self.columns) FROM purchase_order ORDER BY vendor_name, id LIMIT 51 OFFSET \(offset)")
  }

  /// The search without the index: a LIKE scan over the indexed text itself (the FTS table's
  /// content table, a plain table).
  func likeSearch(_ word: String) throws -> Int {
    let page = try rows(
      """
      SELECT \(Self.columns) FROM purchase_order WHERE id IN (SELECT id FROM order_search_content WHERE c0 LIKE ?)
      ORDER BY date_order DESC, id DESC LIMIT 51
      """
    ) { sqlite3_bind_text($0, 1, "%\(word)%", -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self)) }
    let count = try rows("SELECT count(*) FROM order_search_content WHERE c0 LIKE ?") {
      sqlite3_bind_text($0, 1, "%\(word)%", -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
    }
    return page + count
  }
}
