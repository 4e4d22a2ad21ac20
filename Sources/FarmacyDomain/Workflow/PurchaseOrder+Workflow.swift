import Foundation

extension PurchaseOrder {
  /// The steps that can be taken on this order now, in the order a menu shows them.
  package func availableActions(policy: WorkflowPolicy = .standard) -> [OrderAction] {
    OrderAction.allCases.filter { (try? applying($0, policy: policy, now: dateOrder)) != nil }
  }

  /// The order after one workflow step, following Odoo's rules (odoo-api §5.2).
  ///
  /// Farmacy is stricter than Odoo in one way: where Odoo silently skips an order that a
  /// button does not apply to (`button_confirm` on a confirmed order), Farmacy refuses with a
  /// ``WorkflowError`` so that the person knows nothing happened.
  ///
  /// - Parameters:
  ///   - action: The step to take.
  ///   - policy: The company's approval and locking settings.
  ///   - now: The time to record as the confirmation date.
  /// - Throws: ``WorkflowError`` naming the refused step and why.
  package func applying(_ action: OrderAction, policy: WorkflowPolicy = .standard, now: Date) throws(WorkflowError)
    -> PurchaseOrder
  {
    var order = self
    func refuse(_ code: WorkflowError.Code = .notAllowedInState, _ issues: [ValidationIssue] = []) -> WorkflowError {
      WorkflowError(code: code, action: action, state: state, issues: issues)
    }
    switch action {
    case .send:
      guard state == .draft else { throw refuse() }
      order.state = .sent
    case .confirm:
      guard state == .draft || state == .sent else { throw refuse() }
      var issues = validate()
      if lines.isEmpty {
        issues.append(ValidationIssue(field: "lines", rule: .required, message: "an order needs at least one line"))
      }
      guard issues.isEmpty else { throw refuse(.invalidOrder, issues) }
      if let threshold = policy.secondApprovalFromMinor, totals.totalMinor >= threshold {
        order.state = .toApprove
      } else {
        order.approve(policy: policy, now: now)
      }
    case .approve:
      guard state == .toApprove else { throw refuse() }
      order.approve(policy: policy, now: now)
    case .lock:
      guard state == .purchase else { throw refuse() }
      order.state = .locked
    case .unlock:
      guard state == .locked else { throw refuse() }
      order.state = .purchase
    case .cancel:
      guard state != .cancelled else { throw refuse() }
      guard state != .locked || policy.allowsCancellingLocked else { throw refuse() }
      guard !hasActiveVendorBill else { throw refuse(.activeVendorBill) }
      guard !hasDoneReceipt else { throw refuse(.doneReceipt) }
      order.state = .cancelled
    case .resetToDraft:
      guard state == .cancelled else { throw refuse() }
      order.state = .draft
    }
    return order
  }

  private mutating func approve(policy: WorkflowPolicy, now: Date) {
    state = policy.locksOnApproval ? .locked : .purchase
    dateApprove = now
  }
}
