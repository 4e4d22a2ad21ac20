import FarmacyDomain
import FarmacyStore
import Foundation

/// Settling an order's open conflicts: each conflict field takes the side a person chose, the
/// result is saved as a local edit and queued, so the next push sends the chosen values.
package enum ConflictSettlement {
  /// - Parameters:
  ///   - take: The side for every conflict not named in `fields`.
  ///   - fields: A side per conflict field (`notes`, `lines[TAB-00042].quantity`…).
  /// - Returns: The order's reference.
  /// - Throws: ``SyncError`` when the order has no open conflict or a field is not in conflict.
  @discardableResult
  package static func settle(
    store: OrderStore, orderID: UUID, take: MergeSide, fields: [String: MergeSide], actor: String, now: Date
  ) throws -> String {
    let open = try store.conflicts(orderID: orderID)
    guard !open.isEmpty else { throw SyncError.notFound("the order has no open conflict") }
    let openFields = Set(open.map(\.conflict.field))
    if let unknown = fields.keys.sorted().first(where: { !openFields.contains($0) }) {
      throw SyncError.invalid("\(unknown) is not in conflict; open: \(openFields.sorted().joined(separator: ", "))")
    }
    guard let local = try store.order(id: orderID), let remote = try store.remoteSnapshot(orderID: orderID) else {
      throw SyncError.notFound("the order's copies are missing")
    }
    var choices: [String: MergeSide] = [:]
    for field in openFields { choices[field] = fields[field] ?? take }
    let resolved = ThreeWayMerge.resolve(
      local.order, conflicts: open.map(\.conflict), choices: choices, local: local.order, remote: remote)
    try store.resolveConflicts(orderID: orderID, resolved: resolved, choices: choices, actor: actor, now: now)
    return local.order.reference
  }
}
