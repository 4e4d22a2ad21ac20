/// How an order stands with Odoo, as the badge in lists shows it.
package enum SyncStatus: String, Sendable, Codable, CaseIterable {
  /// The local copy equals the last state agreed with Odoo.
  case synced
  /// Local edits wait in the outbox.
  case pending
  /// Both sides changed the same field; a manager must choose.
  case conflict
  /// The outbox gave up on the order's latest job (dead letter); it can be retried.
  case failed
}
