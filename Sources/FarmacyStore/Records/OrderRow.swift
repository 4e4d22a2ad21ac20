import FarmacyDomain
import Foundation
import GRDB

/// Column lists and row mapping for `purchase_order` and `order_line`.
///
/// Written by hand rather than through Codable records: listing and bulk import are the hot
/// paths of the store, and positional column access avoids per-row key lookups.
enum OrderRow {
  static let orderColumns = """
    id, uuid, odoo_id, reference, local_reference, vendor_id, vendor_name, state, priority, currency,
    date_order, date_planned, date_approve, vendor_reference, origin, notes,
    has_active_vendor_bill, has_done_receipt, revision, sync_status, remote_write_date
    """

  static let insertOrderSQL = """
    INSERT INTO purchase_order (
      uuid, odoo_id, reference, local_reference, vendor_id, vendor_name, state, priority, currency,
      date_order, date_planned, date_approve, vendor_reference, origin, notes,
      amount_untaxed_minor, amount_tax_minor, amount_total_minor, line_count,
      has_active_vendor_bill, has_done_receipt, revision, sync_status, remote_write_date,
      created_at_ms, updated_at_ms)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    """

  static let updateOrderSQL = """
    UPDATE purchase_order SET
      odoo_id = ?, reference = ?, vendor_id = ?, vendor_name = ?, state = ?, priority = ?, currency = ?,
      date_order = ?, date_planned = ?, date_approve = ?, vendor_reference = ?, origin = ?, notes = ?,
      amount_untaxed_minor = ?, amount_tax_minor = ?, amount_total_minor = ?, line_count = ?,
      has_active_vendor_bill = ?, has_done_receipt = ?, revision = ?, sync_status = ?, updated_at_ms = ?
    WHERE id = ?
    """

  static let insertLineSQL = """
    INSERT INTO order_line (
      uuid, order_id, odoo_id, sequence, product_id, product_code, description, quantity_milli, unit,
      unit_price_minor, discount_bp, tax_rate_bp, date_planned, is_controlled, subtotal_minor)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    """

  static let lineColumns = """
    uuid, odoo_id, sequence, product_id, product_code, description, quantity_milli, unit,
    unit_price_minor, discount_bp, tax_rate_bp, date_planned, is_controlled
    """

  static func insertArguments(
    _ order: PurchaseOrder, localReference: String?, revision: Int, syncStatus: SyncStatus, remoteWriteDate: String?,
    nowMs: Int64
  ) -> StatementArguments {
    let totals = order.totals
    return [
      order.id.uuidString.lowercased(), order.odooID, order.reference, localReference, order.vendorID,
      order.vendorName, order.state.rawValue, order.priority.rawValue, order.currency.rawValue,
      seconds(order.dateOrder), order.effectiveDatePlanned.map(seconds), order.dateApprove.map(seconds),
      order.vendorReference, order.origin, order.notes, totals.untaxedMinor, totals.taxMinor, totals.totalMinor,
      order.lines.count, order.hasActiveVendorBill, order.hasDoneReceipt, revision, syncStatus.rawValue,
      remoteWriteDate, nowMs, nowMs,
    ]
  }

  static func updateArguments(
    _ order: PurchaseOrder, rowID: Int64, revision: Int, syncStatus: SyncStatus, nowMs: Int64
  ) -> StatementArguments {
    let totals = order.totals
    return [
      order.odooID, order.reference, order.vendorID, order.vendorName, order.state.rawValue, order.priority.rawValue,
      order.currency.rawValue, seconds(order.dateOrder), order.effectiveDatePlanned.map(seconds),
      order.dateApprove.map(seconds), order.vendorReference, order.origin, order.notes, totals.untaxedMinor,
      totals.taxMinor, totals.totalMinor, order.lines.count, order.hasActiveVendorBill, order.hasDoneReceipt,
      revision, syncStatus.rawValue, nowMs, rowID,
    ]
  }

  static func lineArguments(_ line: OrderLine, orderRowID: Int64) -> StatementArguments {
    [
      line.id.uuidString.lowercased(), orderRowID, line.odooID, line.sequence, line.productID, line.productCode,
      line.description, line.quantity.thousandths, line.unit, line.unitPriceMinor, line.discount.basisPoints,
      line.taxRate.basisPoints, line.datePlanned.map(seconds), line.isControlled, line.subtotalMinor,
    ]
  }

  /// Decodes a row selected with ``orderColumns``; lines are filled in separately.
  static func order(from row: Row) throws -> (rowID: Int64, order: PurchaseOrder, meta: StoredOrderInfo) {
    let rowID: Int64 = row[0]
    let uuidText: String = row[1]
    guard let uuid = UUID(uuidString: uuidText) else {
      throw StoreError(code: .corrupt, path: "", detail: "order \(rowID) has an invalid uuid \(uuidText)")
    }
    let stateText: String = row[7]
    let currencyText: String = row[9]
    let order = PurchaseOrder(
      id: uuid, odooID: row[2], reference: row[3], vendorID: row[5], vendorName: row[6],
      state: OrderState(rawValue: stateText) ?? .draft,
      priority: OrderPriority(rawValue: row[8]) ?? .normal, currency: CurrencyCode(currencyText) ?? .eur,
      dateOrder: date(row[10]), datePlanned: (row[11] as Int64?).map(date), dateApprove: (row[12] as Int64?).map(date),
      vendorReference: row[13], origin: row[14], notes: row[15], lines: [],
      hasActiveVendorBill: row[16], hasDoneReceipt: row[17])
    let statusText: String = row[19]
    let meta = StoredOrderInfo(
      localReference: row[4], revision: row[18], syncStatus: SyncStatus(rawValue: statusText) ?? .pending,
      remoteWriteDate: row[20])
    return (rowID, order, meta)
  }

  static func line(from row: Row) throws -> OrderLine {
    let uuidText: String = row[0]
    guard let uuid = UUID(uuidString: uuidText) else {
      throw StoreError(code: .corrupt, path: "", detail: "order line has an invalid uuid \(uuidText)")
    }
    return OrderLine(
      id: uuid, odooID: row[1], sequence: row[2], productID: row[3], productCode: row[4], description: row[5],
      quantity: Quantity(thousandths: row[6]), unit: row[7], unitPriceMinor: row[8],
      discount: Percentage(basisPoints: row[9]), taxRate: Percentage(basisPoints: row[10]),
      datePlanned: (row[11] as Int64?).map(date), isControlled: row[12])
  }

  /// Business dates are whole seconds since 1970 (Odoo keeps seconds on the wire).
  static func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }
  static func date(_ seconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }
  static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }
}

/// What the store knows about an order beyond the order itself.
package struct StoredOrderInfo: Hashable, Sendable, Codable {
  /// The reference the order had before Odoo named it (`L00007`), if it was born here.
  package var localReference: String?
  /// Bumped on every local save.
  package var revision: Int
  package var syncStatus: SyncStatus
  /// Odoo's `write_date` of the copy last pulled or pushed, as Odoo wrote it.
  package var remoteWriteDate: String?
}

/// An order with its store bookkeeping.
package struct StoredOrder: Hashable, Sendable {
  package var order: PurchaseOrder
  package var info: StoredOrderInfo

  package init(order: PurchaseOrder, info: StoredOrderInfo) {
    self.order = order
    self.info = info
  }
}
