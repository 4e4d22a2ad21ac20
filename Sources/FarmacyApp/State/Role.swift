/// Who sits at the terminal; decides which keys do anything.
package enum Role: String, CaseIterable, Hashable, Sendable {
  /// Purchasing staff: browse, edit, confirm and cancel orders.
  case staff
  /// Managers: everything staff do, plus settling conflicts and managing the queue.
  case manager
  /// Support staff: watch sync and manage the queue (retry, discard, pause, resume).
  case support
}

/// What the person may do, from their role and whether the session is read-only.
package struct Permissions: Hashable, Sendable {
  package var editsOrders: Bool
  package var resolvesConflicts: Bool
  package var managesQueue: Bool

  package init(role: Role, readOnly: Bool) {
    editsOrders = !readOnly && role != .support
    resolvesConflicts = !readOnly && role == .manager
    managesQueue = !readOnly && role != .staff
  }
}
