import Foundation

/// The state of a purchase order, as Odoo's `purchase.order.state` selection has it.
///
/// Raw values are Odoo's wire values for 16.0–18.0. Odoo 19 dropped `done` in favour of a
/// boolean `locked` on a `purchase` order; the Odoo client maps that to ``locked`` so the rest
/// of Farmacy sees one model.
package enum OrderState: String, Sendable, Codable, CaseIterable, Comparable {
  case draft
  case sent
  case toApprove = "to approve"
  case purchase
  case locked = "done"
  case cancelled = "cancel"

  /// The label Odoo shows: "RFQ", "RFQ Sent", "To Approve", "Purchase Order", "Locked", "Cancelled".
  package var label: String {
    switch self {
    case .draft: "RFQ"
    case .sent: "RFQ Sent"
    case .toApprove: "To Approve"
    case .purchase: "Purchase Order"
    case .locked: "Locked"
    case .cancelled: "Cancelled"
    }
  }

  /// A short lower-case name for command lines and JSON: `draft`, `sent`, `to-approve`,
  /// `purchase`, `locked`, `cancelled`.
  package var slug: String {
    switch self {
    case .draft: "draft"
    case .sent: "sent"
    case .toApprove: "to-approve"
    case .purchase: "purchase"
    case .locked: "locked"
    case .cancelled: "cancelled"
    }
  }

  /// Accepts a slug, an Odoo value or a label, case-insensitively (`rfq`, `done`, `to approve`).
  package init?(userText: String) {
    let text = userText.trimmingCharacters(in: .whitespaces).lowercased()
    if let state = OrderState.allCases.first(where: {
      $0.slug == text || $0.rawValue == text || $0.label.lowercased() == text
    }) {
      self = state
      return
    }
    switch text {
    case "rfq", "quotation": self = .draft
    case "toapprove", "to_approve": self = .toApprove
    case "confirmed", "po": self = .purchase
    case "canceled": self = .cancelled
    default: return nil
    }
  }

  /// Whether the order has been confirmed with the vendor (its lines can no longer be removed).
  package var isConfirmed: Bool { self == .purchase || self == .locked }

  /// Whether the order may move to another vendor: only an RFQ, draft or sent.
  package var allowsVendorChange: Bool { self == .draft || self == .sent }

  private var rank: Int { OrderState.allCases.firstIndex(of: self) ?? 0 }
  package static func < (lhs: OrderState, rhs: OrderState) -> Bool { lhs.rank < rhs.rank }
}

/// Whether the order is urgent (`priority` `'1'` in Odoo).
package enum OrderPriority: String, Sendable, Codable, CaseIterable {
  case normal = "0"
  case urgent = "1"
}
