import FarmacyDomain
import FarmacyStore
import Foundation

/// Settling an order's open conflicts: each conflict field takes the side a person chose, the
/// result is saved as a local edit and queued, so the next push sends the chosen values.
package enum ConflictSettlement {
  /// - Parameters:
  ///   - take: The side for every conflict not named in `fields`.
  ///   - fields: A side per conflict field (`notes`, `lines[TAB-00042].quantity`…).
  ///   - keepBoth: Keys of lines both sides added with the same product whose two copies are
  ///     both kept (see ``ThreeWayMerge/keepBoth(lineID:remote:in:)``); their fields are not
  ///     settled by side.
  /// - Returns: The order's reference.
  /// - Throws: ``SyncError`` when the order has no open conflict, a field is not in conflict, a
  ///   line to keep twice was not added on both sides, or a field of such a line is also given a
  ///   side.
  @discardableResult
  package static func settle(
    store: OrderStore, orderID: UUID, take: MergeSide, fields: [String: MergeSide], keepBoth: [String] = [],
    actor: String, now: Date
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
    // A line kept twice starts from the local values; its Odoo twin is added back below.
    let twinKeys = open.map(\.conflict).keysOfLinesAddedOnBothSides
    var twins: [UUID] = []
    for key in keepBoth {
      let about = open.map(\.conflict).filter { $0.lineKey == key }
      guard twinKeys.contains(key), let lineID = about.first?.lineID else {
        let candidates =
          twinKeys.isEmpty
          ? "no line of this order was added on both sides"
          : "lines added on both sides: \(twinKeys.joined(separator: ", "))"
        throw SyncError.invalid("line \(key) was not added on both sides, so it cannot be kept twice; \(candidates)")
      }
      if let picked = about.map(\.field).sorted().first(where: { fields[$0] != nil }) {
        throw SyncError.invalid("\(picked) cannot take a side when both copies of line \(key) are kept")
      }
      for conflict in about { choices[conflict.field] = .local }
      twins.append(lineID)
    }
    var resolved = ThreeWayMerge.resolve(
      local.order, conflicts: open.map(\.conflict), choices: choices, local: local.order, remote: remote)
    for (key, lineID) in zip(keepBoth, twins) {
      guard let both = ThreeWayMerge.keepBoth(lineID: lineID, remote: remote, in: resolved) else {
        throw SyncError.invalid("line \(key) has no copy in Odoo's version to keep")
      }
      resolved = both
    }
    try store.resolveConflicts(
      orderID: orderID, resolved: resolved, choices: choices, keptBoth: keepBoth,
      settledRevision: local.info.revision, actor: actor, now: now)
    return local.order.reference
  }
}
