import Foundation

/// A purchase order (an RFQ until confirmed): the unit of editing, syncing and conflict.
///
/// Every order gets a random ``id`` on the machine where it is born. That UUID travels to Odoo
/// as the order's external id, which is what makes a retried create idempotent. ``odooID`` is
/// set once Odoo has the order.
package struct PurchaseOrder: Identifiable, Hashable, Sendable, Codable {
  package var id: UUID
  package var odooID: Int?
  /// Odoo's `name` (`P00042`) once known; before that a local reference such as `L00007`.
  package var reference: String
  package var vendorID: Vendor.ID?
  /// The vendor's name as last seen, kept so that lists sort and search without a join.
  package var vendorName: String
  package var state: OrderState
  package var priority: OrderPriority
  package var currency: CurrencyCode
  /// Odoo's `date_order` ("Order Deadline" before confirmation).
  package var dateOrder: Date
  /// Odoo's `date_planned`: the expected arrival. Defaults to the earliest line date.
  package var datePlanned: Date?
  /// When the order was confirmed (`date_approve`).
  package var dateApprove: Date?
  /// The vendor's reference for this order (`partner_ref`).
  package var vendorReference: String
  /// The source document (`origin`).
  package var origin: String
  /// Terms and conditions (`notes`, `note` on Odoo 19), kept as plain text.
  package var notes: String
  package var lines: [OrderLine]
  /// Odoo refuses to cancel an order with a vendor bill that is not draft or cancelled.
  package var hasActiveVendorBill: Bool
  /// Odoo refuses to cancel an order with a receipt that has been done.
  package var hasDoneReceipt: Bool

  package init(
    id: UUID = .timeOrdered(), odooID: Int? = nil, reference: String = "", vendorID: Vendor.ID?, vendorName: String = "",
    state: OrderState = .draft, priority: OrderPriority = .normal, currency: CurrencyCode = .eur, dateOrder: Date,
    datePlanned: Date? = nil, dateApprove: Date? = nil, vendorReference: String = "", origin: String = "",
    notes: String = "", lines: [OrderLine] = [], hasActiveVendorBill: Bool = false, hasDoneReceipt: Bool = false
  ) {
    self.id = id
    self.odooID = odooID
    self.reference = reference
    self.vendorID = vendorID
    self.vendorName = vendorName
    self.state = state
    self.priority = priority
    self.currency = currency
    self.dateOrder = dateOrder
    self.datePlanned = datePlanned
    self.dateApprove = dateApprove
    self.vendorReference = vendorReference
    self.origin = origin
    self.notes = notes
    self.lines = lines
    self.hasActiveVendorBill = hasActiveVendorBill
    self.hasDoneReceipt = hasDoneReceipt
  }

  /// The untaxed amount, the tax and the total, summed from the lines.
  package var totals: OrderTotals {
    var totals = OrderTotals(currency: currency)
    for line in lines {
      totals.untaxedMinor += line.subtotalMinor
      totals.taxMinor += line.taxMinor
    }
    return totals
  }

  /// The expected arrival: the explicit date if set, else the earliest line date.
  package var effectiveDatePlanned: Date? { datePlanned ?? lines.compactMap(\.datePlanned).min() }

  /// Whether any line is a controlled substance.
  package var hasControlledLines: Bool { lines.contains(where: \.isControlled) }
}

/// An order's computed amounts (Odoo's stored `amount_untaxed`, `amount_tax`, `amount_total`).
package struct OrderTotals: Hashable, Sendable, Codable {
  package var currency: CurrencyCode
  package var untaxedMinor: Int64 = 0
  package var taxMinor: Int64 = 0
  package var totalMinor: Int64 { untaxedMinor + taxMinor }

  package init(currency: CurrencyCode, untaxedMinor: Int64 = 0, taxMinor: Int64 = 0) {
    self.currency = currency
    self.untaxedMinor = untaxedMinor
    self.taxMinor = taxMinor
  }

  package var untaxed: Money { Money(minorUnits: untaxedMinor, currency: currency) }
  package var tax: Money { Money(minorUnits: taxMinor, currency: currency) }
  package var total: Money { Money(minorUnits: totalMinor, currency: currency) }
}
