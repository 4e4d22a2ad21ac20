import Foundation

/// The company settings and server version that change what a workflow step does.
///
/// Mirrors Odoo's `po_double_validation`, `po_double_validation_amount` and `po_lock` company
/// settings, and the one version difference in the guards: Odoo 19 refuses to cancel a locked
/// order, while 16–18 allow it when no bill or done receipt exists.
package struct WorkflowPolicy: Hashable, Sendable, Codable {
  /// With two-step approval, orders whose total is at or above this amount (in minor units of
  /// the order currency) go to "To Approve" on confirmation. `nil` means one-step approval.
  package var secondApprovalFromMinor: Int64?
  /// Whether approval locks the order at once (`po_lock == 'lock'`).
  package var locksOnApproval: Bool
  /// Whether a locked order may be cancelled (true on Odoo 16–18, false on 19).
  package var allowsCancellingLocked: Bool

  package init(secondApprovalFromMinor: Int64? = nil, locksOnApproval: Bool = false, allowsCancellingLocked: Bool = true) {
    self.secondApprovalFromMinor = secondApprovalFromMinor
    self.locksOnApproval = locksOnApproval
    self.allowsCancellingLocked = allowsCancellingLocked
  }

  /// Odoo's defaults on 16–18: one-step approval, no automatic lock.
  package static let standard = WorkflowPolicy()
}
