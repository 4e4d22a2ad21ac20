import Foundation

/// Which automatic rules may settle merge conflicts.
package struct ResolverPolicy: Sendable, Equatable {
  /// Opt-in versioned last-writer-wins: the side edited last wins every non-controlled conflict.
  package var lastWriterWins = false
  /// Totals closer than this (in minor units) keep local for price/discount conflicts: default 1 (i.e. a difference
  /// below 0.01).
  package var negligibleTotalMinor: Int64 = 1

  package init(lastWriterWins: Bool = false, negligibleTotalMinor: Int64 = 1) {
    self.lastWriterWins = lastWriterWins
    self.negligibleTotalMinor = negligibleTotalMinor
  }
}

/// A conflict settled by a rule, with the rule's name and a sentence for the audit trail.
package struct AutoResolution: Hashable, Sendable, Codable {
  package var conflict: MergeConflict
  package var side: MergeSide
  /// The rule's machine name: "cancellation-wins", "negligible-total", "last-writer-wins".
  package var rule: String
  /// A sentence a manager reads: "Odoo cancelled the order; a cancellation wins."
  package var reason: String

  package init(conflict: MergeConflict, side: MergeSide, rule: String, reason: String) {
    self.conflict = conflict
    self.side = side
    self.rule = rule
    self.reason = reason
  }
}

/// Settles the merge conflicts that a rule can settle and leaves the rest for a person.
///
/// The rules, in order:
/// 0. a conflict on a controlled-substance line is never settled;
/// 1. a state conflict where one side cancelled the order goes to that side, and while a
///    cancellation is in play no other conflict is settled;
/// 2. a price or discount conflict whose order totals differ by less than
///    ``ResolverPolicy/negligibleTotalMinor`` keeps the local value;
/// 3. with ``ResolverPolicy/lastWriterWins``, the side written last wins (local when Odoo's
///    write time is unknown).
package enum ConflictResolver {
  package static func resolve(
    _ conflicts: [MergeConflict], base: PurchaseOrder, local: PurchaseOrder, remote: PurchaseOrder,
    localEditedAt: Date, remoteWrittenAt: Date?, policy: ResolverPolicy
  ) -> (settled: [AutoResolution], open: [MergeConflict]) {
    var settled: [AutoResolution] = []
    var open: [MergeConflict] = []
    let cancelledSide: MergeSide? =
      switch (local.state == .cancelled, remote.state == .cancelled) {
      case (true, false): .local
      case (false, true): .remote
      default: nil
      }
    let totalGap = abs(local.totals.totalMinor - remote.totals.totalMinor)

    for conflict in conflicts {
      if conflict.isControlled {
        open.append(conflict)
        continue
      }
      if let cancelledSide {
        if conflict.field == "state" {
          let who = cancelledSide == .remote ? "Odoo" : "This machine"
          settled.append(
            AutoResolution(
              conflict: conflict, side: cancelledSide, rule: "cancellation-wins",
              reason: "\(who) cancelled the order; a cancellation wins."))
        } else {
          open.append(conflict)
        }
        continue
      }
      if conflict.field.hasSuffix(".price") || conflict.field.hasSuffix(".discount"), conflict.isLineConflict,
        totalGap < policy.negligibleTotalMinor
      {
        let gap = Money(minorUnits: totalGap, currency: local.currency).formatted()
        settled.append(
          AutoResolution(
            conflict: conflict, side: .local, rule: "negligible-total",
            reason: "The order totals differ by \(gap), less than the negligible amount; the local value is kept."))
        continue
      }
      if policy.lastWriterWins {
        let side: MergeSide = remoteWrittenAt.map { $0 > localEditedAt ? .remote : .local } ?? .local
        let reason =
          switch (side, remoteWrittenAt) {
          case (.remote, let written?):
            "Odoo was written last (\(OdooDateTime.format(written)) after the local edit at "
              + "\(OdooDateTime.format(localEditedAt))); the last writer wins."
          case (_, let written?):
            "The local edit (\(OdooDateTime.format(localEditedAt))) is not older than Odoo's last write "
              + "(\(OdooDateTime.format(written))); the last writer wins."
          case (_, nil):
            "Odoo's last write time is unknown; the local edit is taken as the last one."
          }
        settled.append(AutoResolution(conflict: conflict, side: side, rule: "last-writer-wins", reason: reason))
        continue
      }
      open.append(conflict)
    }
    return (settled, open)
  }
}
