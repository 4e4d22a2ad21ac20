import FarmacyDomain
import Foundation
import OdooKit

/// Farmacy's orders in Odoo's words and back: the fields read, the rows given to `load`, the
/// values given to `write` with line commands, and the external ids that make a create
/// idempotent.
///
/// Every order born here carries the external id `__import__.farmacy_<uuid>` and each of its
/// lines `__import__.farmacy_line_<uuid>`: loading the same rows again updates the same
/// records instead of creating new ones (odoo-api.md §3.2, §6).
package struct OdooOrderMapping: Sendable {
  package var names: OdooFieldNames
  /// Local vendor id by Odoo partner id, and back.
  package var vendorByPartner: [Int: Vendor.ID] = [:]
  package var partnerByVendor: [Vendor.ID: Int] = [:]
  /// Local product by Odoo `product.product` id, and back.
  package var productByOdooID: [Int: Product] = [:]
  package var odooIDByProduct: [Product.ID: Int] = [:]

  package init(names: OdooFieldNames, vendors: [Vendor] = [], products: [Product] = []) {
    self.names = names
    for vendor in vendors {
      guard let odooID = vendor.odooID else { continue }
      vendorByPartner[odooID] = vendor.id
      partnerByVendor[vendor.id] = odooID
    }
    for product in products {
      guard let odooID = product.odooID else { continue }
      productByOdooID[odooID] = product
      odooIDByProduct[product.id] = odooID
    }
  }

  // MARK: External ids

  package static let module = "__import__"

  package static func externalName(order id: UUID) -> String { "farmacy_" + hex(id) }
  package static func externalName(line id: UUID) -> String { "farmacy_line_" + hex(id) }

  /// The order uuid an external id name stands for, if it is one of ours.
  package static func orderUUID(externalName name: String) -> UUID? {
    guard name.hasPrefix("farmacy_"), !name.hasPrefix("farmacy_line_") else { return nil }
    return uuid(hex: String(name.dropFirst("farmacy_".count)))
  }

  package static func lineUUID(externalName name: String) -> UUID? {
    guard name.hasPrefix("farmacy_line_") else { return nil }
    return uuid(hex: String(name.dropFirst("farmacy_line_".count)))
  }

  private static func hex(_ id: UUID) -> String { id.uuidString.lowercased().replacingOccurrences(of: "-", with: "") }

  private static func uuid(hex: String) -> UUID? {
    guard hex.count == 32 else { return nil }
    let chars = Array(hex)
    let text = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(chars[$0]) }.joined(separator: "-")
    return UUID(uuidString: text)
  }

  // MARK: Reading

  package var orderFields: [String] {
    var fields = [
      "name", "partner_id", "state", "priority", "currency_id", "date_order", "date_planned", "date_approve",
      "partner_ref", "origin", names.orderNotes, "write_date", "invoice_count", "receipt_status",
    ]
    if names.locksWithBoolean { fields.append("locked") }
    return fields
  }

  package var lineFields: [String] {
    [
      "order_id", "sequence", "product_id", "name", "product_qty", names.lineUnit, "price_unit", "discount",
      "date_planned", "write_date",
    ]
  }

  /// An order from its `search_read` record and its lines' records. The uuids are fresh: the
  /// store keeps the local identities when it knows the order.
  package func order(from record: [String: OdooValue], lines lineRecords: [[String: OdooValue]]) throws(SyncError) -> PurchaseOrder {
    guard let odooID = record["id"]?.int else { throw SyncError.malformed("an order without an id") }
    let currency = record["currency_id"]?.many2oneName.flatMap(CurrencyCode.init) ?? .eur
    var state = OrderState(rawValue: record["state"]?.string ?? "draft") ?? .draft
    if names.locksWithBoolean, state == .purchase, record["locked"]?.bool == true { state = .locked }
    let partnerID = record["partner_id"]?.many2oneID
    var lines: [OrderLine] = []
    for line in lineRecords {
      lines.append(try self.line(from: line, currency: currency))
    }
    lines.sort { ($0.sequence, $0.odooID ?? 0) < ($1.sequence, $1.odooID ?? 0) }
    return PurchaseOrder(
      id: .timeOrdered(), odooID: odooID, reference: record["name"]?.string ?? "", vendorID: partnerID.flatMap { vendorByPartner[$0] },
      vendorName: record["partner_id"]?.many2oneName ?? "", state: state,
      priority: OrderPriority(rawValue: record["priority"]?.string ?? "0") ?? .normal, currency: currency,
      dateOrder: Self.date(record["date_order"]) ?? Date(timeIntervalSince1970: 0), datePlanned: Self.date(record["date_planned"]),
      dateApprove: Self.date(record["date_approve"]), vendorReference: record["partner_ref"]?.string ?? "",
      origin: record["origin"]?.string ?? "", notes: Self.plainText(record[names.orderNotes]?.string ?? ""), lines: lines,
      hasActiveVendorBill: (record["invoice_count"]?.int ?? 0) > 0, hasDoneReceipt: record["receipt_status"]?.string == "full")
  }

  /// The number in `record[field]` (0 when absent) times `scale`, rounded: a quantity in
  /// thousandths, a price in minor units, a percentage in basis points. A value that is not a
  /// finite number within ±10¹⁵ after scaling (no quantity, price or discount comes near) is a
  /// malformed reply, never a crash.
  package static func fixed(_ record: [String: OdooValue], _ field: String, scale: Double) throws(SyncError) -> Int64 {
    let scaled = ((record[field]?.double ?? 0) * scale).rounded()
    guard scaled.isFinite, abs(scaled) <= 1e15 else {
      throw SyncError.malformed("\(field) \(record[field]?.double ?? 0) is out of range")
    }
    return Int64(scaled)
  }

  func line(from record: [String: OdooValue], currency: CurrencyCode) throws(SyncError) -> OrderLine {
    guard let odooID = record["id"]?.int else { throw SyncError.malformed("an order line without an id") }
    let productOdooID = record["product_id"]?.many2oneID
    let product = productOdooID.flatMap { productByOdooID[$0] }
    let scale = pow(10, Double(currency.minorUnitDigits))
    return OrderLine(
      id: .timeOrdered(), odooID: odooID, sequence: record["sequence"]?.int ?? 10, productID: product?.id,
      productCode: product?.code ?? "", description: record["name"]?.string ?? "",
      quantity: Quantity(thousandths: try Self.fixed(record, "product_qty", scale: 1_000)),
      unit: record[names.lineUnit]?.many2oneName ?? product?.unit ?? "Units",
      unitPriceMinor: try Self.fixed(record, "price_unit", scale: scale),
      discount: Percentage(basisPoints: try Self.fixed(record, "discount", scale: 100)), taxRate: product?.taxRate ?? .zero,
      datePlanned: Self.date(record["date_planned"]), isControlled: product?.isControlled ?? false)
  }

  // MARK: Writing

  /// The `load` columns for orders with their lines.
  package var loadFields: [String] {
    [
      "id", "partner_id/.id", "currency_id", "date_order", "date_planned", "partner_ref", "origin", names.orderNotes,
      "priority", "order_line/id", "order_line/product_id/.id", "order_line/name", "order_line/product_qty",
      "order_line/price_unit", "order_line/discount", "order_line/date_planned", "order_line/sequence",
    ]
  }

  /// The `load` rows of one order: the header on the first row with its first line, one row per
  /// further line with the header columns empty.
  package func loadRows(for order: PurchaseOrder) throws(SyncError) -> [[String]] {
    guard let vendorID = order.vendorID, let partner = partnerByVendor[vendorID] else {
      throw SyncError.unmapped("vendor \(order.vendorName) is not known in Odoo yet")
    }
    let header = [
      Self.module + "." + Self.externalName(order: order.id), String(partner), order.currency.rawValue,
      OdooDateTime.format(order.dateOrder), order.datePlanned.map(OdooDateTime.format) ?? "", order.vendorReference,
      order.origin, order.notes, order.priority.rawValue,
    ]
    let blank = Array(repeating: "", count: header.count)
    guard !order.lines.isEmpty else { return [header + Array(repeating: "", count: 8)] }
    var rows: [[String]] = []
    for (index, line) in order.lines.enumerated() {
      rows.append((index == 0 ? header : blank) + (try lineCells(line, currency: order.currency)))
    }
    return rows
  }

  private func lineCells(_ line: OrderLine, currency: CurrencyCode) throws(SyncError) -> [String] {
    guard let productID = line.productID, let odooProduct = odooIDByProduct[productID] else {
      throw SyncError.unmapped("product \(line.productCode) is not known in Odoo yet")
    }
    return [
      Self.module + "." + Self.externalName(line: line.id), String(odooProduct), line.description,
      Self.decimal(Double(line.quantity.thousandths) / 1000, digits: 3),
      Self.decimal(Double(line.unitPriceMinor) / pow(10, Double(currency.minorUnitDigits)), digits: currency.minorUnitDigits),
      Self.decimal(line.discount.odooValue, digits: 2), line.datePlanned.map(OdooDateTime.format) ?? "", String(line.sequence),
    ]
  }

  /// The `write` values that take Odoo from `base` to `local`: changed header fields, and line
  /// commands — `(0, 0, vals)` for a new line, `(1, id, vals)` for a changed one, `(2, id)` for
  /// a removed one. Empty when nothing changed.
  package func writeValues(from base: PurchaseOrder, to local: PurchaseOrder) throws(SyncError) -> [String: OdooValue] {
    var values: [String: OdooValue] = [:]
    if base.vendorID != local.vendorID {
      guard let vendorID = local.vendorID, let partner = partnerByVendor[vendorID] else {
        throw SyncError.unmapped("vendor \(local.vendorName) is not known in Odoo yet")
      }
      values["partner_id"] = .int(partner)
    }
    if base.dateOrder != local.dateOrder { values["date_order"] = .string(OdooDateTime.format(local.dateOrder)) }
    if base.datePlanned != local.datePlanned {
      values["date_planned"] = local.datePlanned.map { .string(OdooDateTime.format($0)) } ?? .bool(false)
    }
    if base.vendorReference != local.vendorReference { values["partner_ref"] = Self.text(local.vendorReference) }
    if base.origin != local.origin { values["origin"] = Self.text(local.origin) }
    if base.notes != local.notes { values[names.orderNotes] = Self.text(local.notes) }
    if base.priority != local.priority { values["priority"] = .string(local.priority.rawValue) }

    var commands: [OdooValue] = []
    let baseByID = Dictionary(base.lines.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    let baseByOdooID = Dictionary(
      base.lines.compactMap { line in line.odooID.map { ($0, line) } }, uniquingKeysWith: { first, _ in first })
    var kept = Set<Int>()
    for line in local.lines {
      let before = line.odooID.flatMap { baseByOdooID[$0] } ?? baseByID[line.id]
      if let before, let odooID = before.odooID ?? line.odooID {
        kept.insert(odooID)
        let changed = try lineValues(line, comparedWith: before, currency: local.currency)
        if !changed.isEmpty { commands.append([1, .int(odooID), .object(changed)]) }
      } else {
        commands.append([0, 0, .object(try lineValues(line, comparedWith: nil, currency: local.currency))])
      }
    }
    for line in base.lines {
      if let odooID = line.odooID, !kept.contains(odooID) { commands.append([2, .int(odooID)]) }
    }
    if !commands.isEmpty { values["order_line"] = .array(commands) }
    return values
  }

  private func lineValues(_ line: OrderLine, comparedWith before: OrderLine?, currency: CurrencyCode) throws(SyncError)
    -> [String: OdooValue]
  {
    var values: [String: OdooValue] = [:]
    if before?.productID != line.productID {
      guard let productID = line.productID, let odooProduct = odooIDByProduct[productID] else {
        throw SyncError.unmapped("product \(line.productCode) is not known in Odoo yet")
      }
      values["product_id"] = .int(odooProduct)
    }
    if before?.description != line.description { values["name"] = .string(line.description) }
    if before?.quantity != line.quantity { values["product_qty"] = .double(line.quantity.odooValue) }
    if before?.unitPriceMinor != line.unitPriceMinor {
      values["price_unit"] = .double(Double(line.unitPriceMinor) / pow(10, Double(currency.minorUnitDigits)))
    }
    if before?.discount != line.discount { values["discount"] = .double(line.discount.odooValue) }
    if before?.datePlanned != line.datePlanned {
      values["date_planned"] = line.datePlanned.map { .string(OdooDateTime.format($0)) } ?? .bool(false)
    }
    if before?.sequence != line.sequence { values["sequence"] = .int(line.sequence) }
    return values
  }

  /// The workflow buttons that take an order from Odoo's state to the local one, when the
  /// queued steps do not say (for example after a merge).
  package static func buttons(from remote: OrderState, to local: OrderState) -> [OrderAction] {
    guard remote != local else { return [] }
    switch (remote, local) {
    case (_, .cancelled): return [.cancel]
    case (.cancelled, .draft): return [.resetToDraft]
    case (.draft, .sent): return [.send]
    case (.draft, .purchase), (.sent, .purchase): return [.confirm]
    case (.draft, .locked), (.sent, .locked): return [.confirm, .lock]
    case (.toApprove, .purchase): return [.approve]
    case (.toApprove, .locked): return [.approve, .lock]
    case (.purchase, .locked): return [.lock]
    case (.locked, .purchase): return [.unlock]
    case (.cancelled, _): return [.resetToDraft] + buttons(from: .draft, to: local)
    default: return []
    }
  }

  // MARK: Values

  static func date(_ value: OdooValue?) -> Date? { value?.string.flatMap(OdooDateTime.parse) }

  static func text(_ text: String) -> OdooValue { text.isEmpty ? .bool(false) : .string(text) }

  static func decimal(_ value: Double, digits: Int) -> String { String(format: "%.\(max(0, digits))f", value) }

  /// Odoo 17+ keeps `notes` as HTML; a plain paragraph comes back as text.
  static func plainText(_ html: String) -> String {
    guard html.hasPrefix("<p>"), html.hasSuffix("</p>"), html.count >= 7 else { return html }
    let inner = html.dropFirst(3).dropLast(4)
    return inner.contains("<") ? html : String(inner)
  }
}

extension OdooValue {
  /// The display name of a many2one read as `[id, "name"]`.
  var many2oneName: String? {
    guard let pair = array, pair.count == 2 else { return nil }
    return pair[1].string
  }
}
