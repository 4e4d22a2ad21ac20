/// One aligned row of a ``DiffView``: a label (a field or an order line) and its value on each
/// side. `nil` means the row does not exist on that side (a line added or removed).
public struct DiffRow: Hashable, Sendable {
  public var label: String
  public var values: [String?]

  public init(_ label: String, _ values: [String?]) {
    self.label = label
    self.values = values
  }

  /// How each value compares with the others, column by column.
  ///
  /// With two columns (old, new) a differing new value is `.changed`, one missing on the old
  /// side `.added`, one missing on the new side `.removed`. With three columns (base, local,
  /// remote) a side that differs from the base is `.changed`, unless both sides changed it
  /// differently: then both are `.conflict`. The first column is never highlighted.
  public var changes: [DiffChange] {
    var result = Array(repeating: DiffChange.unchanged, count: values.count)
    guard values.count >= 2 else { return result }
    let base = values[0]
    for column in 1..<values.count where values[column] != base {
      switch (base, values[column]) {
      case (nil, _): result[column] = .added
      case (_, nil): result[column] = .removed
      default: result[column] = .changed
      }
    }
    if values.count == 3, result[1] != .unchanged, result[2] != .unchanged, values[1] != values[2] {
      result[1] = .conflict
      result[2] = .conflict
    }
    return result
  }
}

/// How a ``DiffView`` cell compares with the base column.
public enum DiffChange: Hashable, Sendable {
  case unchanged, changed, added, removed, conflict
}
