import Foundation

/// A workflow step a person can take on an order; each maps to one of Odoo's buttons.
package enum OrderAction: String, Sendable, Codable, CaseIterable {
  /// Mark the RFQ as sent to the vendor (draft → sent).
  case send
  /// `button_confirm`: draft or sent → purchase, or → to approve when a second approval is needed.
  case confirm
  /// `button_approve`: to approve → purchase.
  case approve
  /// `button_done` (≤ 18) or `button_lock` (19): purchase → locked.
  case lock
  /// `button_unlock`: locked → purchase.
  case unlock
  /// `button_cancel`: any state but cancelled → cancelled, unless a bill or a done receipt exists.
  case cancel
  /// `button_draft`: cancelled → draft.
  case resetToDraft = "reset_to_draft"

  /// The Odoo method the sync engine calls for this step on Odoo 16–18.
  ///
  /// Sending is `print_quotation`, which moves a draft to "RFQ Sent"; `action_rfq_send` only
  /// opens the mail composer and leaves the state alone.
  package var odooMethod: String {
    switch self {
    case .send: "print_quotation"
    case .confirm: "button_confirm"
    case .approve: "button_approve"
    case .lock: "button_done"
    case .unlock: "button_unlock"
    case .cancel: "button_cancel"
    case .resetToDraft: "button_draft"
    }
  }

  /// What a person reads after the step: "Confirmed", "Reset to draft"…
  package var pastTense: String {
    switch self {
    case .send: "Sent"
    case .confirm: "Confirmed"
    case .approve: "Approved"
    case .lock: "Locked"
    case .unlock: "Unlocked"
    case .cancel: "Cancelled"
    case .resetToDraft: "Reset to draft"
    }
  }

  /// The verb shown to people: "confirm", "reset to draft"…
  package var verb: String {
    switch self {
    case .resetToDraft: "reset to draft"
    default: rawValue
    }
  }
}
