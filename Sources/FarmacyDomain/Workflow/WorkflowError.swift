import Foundation

/// Why a workflow step was refused. Its description is written for the person who asked.
package struct WorkflowError: Error, Hashable, Sendable, CustomStringConvertible {
  package enum Code: String, Hashable, Sendable, Codable {
    /// The step does not apply to an order in this state.
    case notAllowedInState = "not_allowed_in_state"
    /// Odoo refuses to cancel while a vendor bill is active.
    case activeVendorBill = "active_vendor_bill"
    /// Odoo refuses to cancel once goods have been received.
    case doneReceipt = "done_receipt"
    /// The order is not valid enough to be confirmed.
    case invalidOrder = "invalid_order"
  }

  package var code: Code
  package var action: OrderAction
  package var state: OrderState
  /// Details for ``Code/invalidOrder``.
  package var issues: [ValidationIssue]

  package init(code: Code, action: OrderAction, state: OrderState, issues: [ValidationIssue] = []) {
    self.code = code
    self.action = action
    self.state = state
    self.issues = issues
  }

  package var description: String {
    switch code {
    case .notAllowedInState:
      "cannot \(action.verb) an order in state \"\(state.label)\""
    case .activeVendorBill:
      "cannot cancel: the order has a vendor bill; cancel the bill in Odoo first"
    case .doneReceipt:
      "cannot cancel: goods have already been received for this order"
    case .invalidOrder:
      "cannot \(action.verb): " + issues.map(\.description).joined(separator: "; ")
    }
  }
}
