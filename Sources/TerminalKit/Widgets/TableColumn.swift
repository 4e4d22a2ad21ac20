/// A table column: its header, how wide it is and how its cells are aligned.
public struct TableColumn: Hashable, Sendable {
  public var title: String
  /// `.fixed`, `.percent`, `.min` or `.fill`, shared out as ``Layout`` does.
  public var width: Constraint
  public var alignment: Alignment

  public init(_ title: String, width: Constraint = .fill(1), alignment: Alignment = .left) {
    self.title = title
    self.width = width
    self.alignment = alignment
  }
}

/// Which column the rows are sorted by, shown as ▲ or ▼ after the column title.
public struct SortIndicator: Hashable, Sendable {
  public var column: Int
  public var ascending: Bool

  public init(column: Int, ascending: Bool = true) {
    self.column = column
    self.ascending = ascending
  }

  var symbol: String { ascending ? "▲" : "▼" }
}
