import FarmacyDomain
import FarmacyStore
import Foundation

/// Builds order lines and header changes from command-line input, with the store's catalogue.
struct OrderBuilder {
  var store: OrderStore
  var now: Date

  /// A new request for quotation to `vendor`, dated now, with `lines` (each `CODE:QTY` or
  /// `CODE:QTY@PRICE`) and an expected arrival when `datePlanned` is not empty.
  func newOrder(vendor: Vendor, lines: [String], datePlanned: String?, priority: OrderPriority = .normal) throws
    -> PurchaseOrder
  {
    var order = PurchaseOrder(
      vendorID: vendor.id, vendorName: vendor.name, priority: priority, currency: vendor.currency,
      dateOrder: Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down)))
    for (index, text) in lines.enumerated() {
      order.lines.append(try line(try LineSpec.parse(text), for: order, number: index + 1))
    }
    if let datePlanned, !datePlanned.isEmpty { try set("date_planned", to: datePlanned, on: &order) }
    return order
  }

  /// A new line for `spec`, priced from the vendor's catalogue unless a price was typed.
  func line(_ spec: LineSpec, for order: PurchaseOrder, number: Int) throws -> OrderLine {
    guard let product = try store.product(code: spec.productCode) else {
      throw CommandFailure.notFound("lines[\(number)]: no product with code \"\(TerminalText.safe(spec.productCode))\"")
    }
    let entries = order.vendorID.map { try? store.catalogue(vendorID: $0) } ?? nil
    let entry = entries?.bestEntry(vendorID: order.vendorID ?? -1, productID: product.id, quantity: spec.quantity)
    var line = OrderLine(product: product, quantity: spec.quantity, catalogueEntry: entry, now: now)
    line.sequence = (order.lines.map(\.sequence).max() ?? 0) + 10
    if let priceText = spec.priceText {
      line.unitPriceMinor = try FieldParsing.price(priceText, currency: order.currency, field: "lines[\(number)].price")
    }
    return line
  }

  /// Applies `FIELD=VALUE` to the order header.
  func set(_ field: String, to value: String, on order: inout PurchaseOrder) throws {
    switch field {
    case "vendor", "partner", "partner_id":
      let vendor = try store.vendor(matching: value)
      order.vendorID = vendor.id
      order.vendorName = vendor.name
    case "vendor_reference", "vendor_ref", "partner_ref":
      order.vendorReference = value
    case "origin", "source":
      order.origin = value
    case "notes", "note":
      order.notes = value.replacingOccurrences(of: "\\n", with: "\n")
    case "date_order", "order_date", "deadline":
      order.dateOrder = try FieldParsing.date(value, field: field)
    case "date_planned", "arrival", "expected_arrival":
      order.datePlanned = value.isEmpty ? nil : try FieldParsing.date(value, field: field)
    case "priority":
      switch value.lowercased() {
      case "urgent", "1", "high": order.priority = .urgent
      case "normal", "0", "": order.priority = .normal
      default: throw CommandFailure.invalid("priority: \"\(value)\" is not normal or urgent")
      }
    default:
      throw CommandFailure.invalid(
        "unknown field \"\(field)\"; use vendor, vendor_reference, origin, notes, date_order, date_planned or priority")
    }
  }

  /// Applies `FIELD=VALUE` to line `number` (1-based).
  func setLine(_ number: Int, _ field: String, to value: String, on order: inout PurchaseOrder) throws {
    guard order.lines.indices.contains(number - 1) else {
      throw CommandFailure.invalid("lines[\(number)]: the order has \(order.lines.count) line(s)")
    }
    let name = "lines[\(number)].\(field)"
    var line = order.lines[number - 1]
    switch field {
    case "quantity", "qty", "product_qty": line.quantity = try FieldParsing.quantity(value, field: name)
    case "price", "unit_price", "price_unit":
      line.unitPriceMinor = try FieldParsing.price(value, currency: order.currency, field: name)
    case "discount": line.discount = try FieldParsing.percentage(value, field: name)
    case "date", "date_planned", "arrival": line.datePlanned = try FieldParsing.date(value, field: name)
    case "description", "name": line.description = value
    default:
      throw CommandFailure.invalid(
        "unknown line field \"\(field)\"; use quantity, price, discount, date_planned or description")
    }
    order.lines[number - 1] = line
  }
}
