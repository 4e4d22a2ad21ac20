import FarmacyDomain
import FarmacyStore
import Foundation

// The JSON shapes printed with --json. They are documented in docs/json-output.md; change them
// only by adding keys.

struct OrderSummaryJSON: Encodable {
  var id: String
  var odoo_id: Int?
  var reference: String
  var vendor: VendorRefJSON
  var state: String
  var state_label: String
  var priority: String
  var date_order: String
  var date_planned: String?
  var total: String
  var currency: String
  var line_count: Int
  var sync: String
  var revision: Int

  init(_ summary: OrderSummary) {
    id = summary.id.uuidString.lowercased()
    odoo_id = summary.odooID
    reference = summary.reference
    vendor = VendorRefJSON(id: summary.vendorID, name: summary.vendorName)
    state = summary.state.slug
    state_label = summary.state.label
    priority = summary.priority == .urgent ? "urgent" : "normal"
    date_order = OdooDateTime.format(summary.dateOrder)
    date_planned = summary.datePlanned.map(OdooDateTime.format)
    total = summary.total.decimalString
    currency = summary.total.currency.rawValue
    line_count = summary.lineCount
    sync = summary.syncStatus.rawValue
    revision = summary.revision
  }
}

struct VendorRefJSON: Encodable {
  var id: Int64?
  var name: String
}

struct OrderListJSON: Encodable {
  var orders: [OrderSummaryJSON]
  var count: Int
  var total_count: Int
  var next_cursor: String?
}

struct OrderLineJSON: Encodable {
  var id: String
  var odoo_id: Int?
  var number: Int
  var sequence: Int
  var product_id: Int64?
  var product_code: String
  var description: String
  var quantity: String
  var unit: String
  var unit_price: String
  var discount: String
  var tax_rate: String
  var date_planned: String?
  var subtotal: String
  var tax: String
  var total: String
  var controlled: Bool
}

struct OrderDetailJSON: Encodable {
  var id: String
  var odoo_id: Int?
  var reference: String
  var local_reference: String?
  var vendor: VendorRefJSON
  var state: String
  var state_label: String
  var priority: String
  var currency: String
  var date_order: String
  var date_planned: String?
  var date_approve: String?
  var vendor_reference: String
  var origin: String
  var notes: String
  var lines: [OrderLineJSON]
  var amount_untaxed: String
  var amount_tax: String
  var amount_total: String
  var sync: String
  var revision: Int
  var available_actions: [String]

  init(_ stored: StoredOrder) {
    let order = stored.order
    let money = { (minor: Int64) in Money(minorUnits: minor, currency: order.currency).decimalString }
    id = order.id.uuidString.lowercased()
    odoo_id = order.odooID
    reference = order.reference
    local_reference = stored.info.localReference
    vendor = VendorRefJSON(id: order.vendorID, name: order.vendorName)
    state = order.state.slug
    state_label = order.state.label
    priority = order.priority == .urgent ? "urgent" : "normal"
    currency = order.currency.rawValue
    date_order = OdooDateTime.format(order.dateOrder)
    date_planned = order.effectiveDatePlanned.map(OdooDateTime.format)
    date_approve = order.dateApprove.map(OdooDateTime.format)
    vendor_reference = order.vendorReference
    origin = order.origin
    notes = order.notes
    lines = order.lines.enumerated().map { index, line in
      OrderLineJSON(
        id: line.id.uuidString.lowercased(), odoo_id: line.odooID, number: index + 1, sequence: line.sequence,
        product_id: line.productID, product_code: line.productCode, description: line.description,
        quantity: line.quantity.description, unit: line.unit, unit_price: money(line.unitPriceMinor),
        discount: FixedPoint.format(line.discount.basisPoints, scale: 2, trimZeros: true),
        tax_rate: FixedPoint.format(line.taxRate.basisPoints, scale: 2, trimZeros: true),
        date_planned: line.datePlanned.map(OdooDateTime.format), subtotal: money(line.subtotalMinor),
        tax: money(line.taxMinor), total: money(line.totalMinor), controlled: line.isControlled)
    }
    let totals = order.totals
    amount_untaxed = totals.untaxed.decimalString
    amount_tax = totals.tax.decimalString
    amount_total = totals.total.decimalString
    sync = stored.info.syncStatus.rawValue
    revision = stored.info.revision
    available_actions = order.availableActions().map(\.rawValue)
  }
}

struct OrderChangeJSON: Encodable {
  var order: OrderDetailJSON
  var job_id: Int64
}
