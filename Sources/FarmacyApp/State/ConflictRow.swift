import FarmacyDomain

/// One row of the conflicts diff: a header field, an order line, or one field of that line.
///
/// Lines are grouped by their key (the product code), so every conflict about one product sits
/// under that product's line row, aligned across base, local and Odoo. A side picked on a line
/// row settles every conflict of that line at once.
package enum ConflictRow: Hashable, Sendable {
  /// A header field, or one field of a line (listed under its line row).
  case field(MergeConflict)
  /// A line with conflicts: its key and every conflict about it, its presence included.
  case line(key: String, conflicts: [MergeConflict])

  /// The conflicts a side picked on this row settles.
  package var conflicts: [MergeConflict] {
    switch self {
    case .field(let conflict): [conflict]
    case .line(_, let conflicts): conflicts
    }
  }

  /// The line's key, for a line row or a line field's row.
  package var lineKey: String? {
    switch self {
    case .field(let conflict): conflict.lineKey
    case .line(let key, _): key
    }
  }

  /// The conflict about the line being there at all: removed on one side, edited on the other.
  package var presence: MergeConflict? {
    guard case .line(_, let conflicts) = self else { return nil }
    return conflicts.first { $0.lineFieldName == "" }
  }

  /// Whether this is a line both sides added with the same product, so both copies can be kept.
  package var isLineAddedOnBothSides: Bool {
    guard case .line(_, let conflicts) = self else { return false }
    return !conflicts.isEmpty && conflicts.allSatisfy(\.isOnLineAddedOnBothSides)
  }
}

extension ConflictsState.OrderConflicts {
  /// The diff's rows: header fields first, then each line's row followed by its fields, lines in
  /// the order the merge listed them.
  package var rows: [ConflictRow] {
    var rows = conflicts.filter { !$0.isLineConflict }.map(ConflictRow.field)
    var keys: [String] = []
    var byKey: [String: [MergeConflict]] = [:]
    for conflict in conflicts where conflict.isLineConflict {
      let key = conflict.lineKey ?? conflict.field
      if byKey[key] == nil { keys.append(key) }
      byKey[key, default: []].append(conflict)
    }
    for key in keys {
      let about = byKey[key] ?? []
      rows.append(.line(key: key, conflicts: about))
      rows += about.filter { $0.lineFieldName?.isEmpty == false }.map(ConflictRow.field)
    }
    return rows
  }
}
