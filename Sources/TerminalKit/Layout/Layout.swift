/// Splits a rectangle into rows or columns by ``Constraint``s.
///
/// ```swift
/// let rows = Layout.vertical([.fixed(1), .fill(1), .fixed(1)]).split(screen)
/// // rows[0]: title bar, rows[1]: content, rows[2]: status bar
/// let columns = Layout.horizontal([.percent(30), .fill(1)]).spacing(1).split(rows[1])
/// ```
///
/// The rules, in order: `fixed` and `min` get their size and `percent` its share of the room;
/// if that is more than there is, parts are shrunk from the last one backwards. What is left
/// goes to the `fill` parts by weight (the remainder of the division, one cell each, to the
/// first ones), or, when there is no `fill`, shared equally by the `min` parts. The result
/// always has one rectangle per constraint, in order, and never leaves `area`.
public struct Layout: Hashable, Sendable {
  public enum Direction: Hashable, Sendable { case horizontal, vertical }

  public var direction: Direction
  public var constraints: [Constraint]
  private var gap = 0
  private var edge = 0

  public init(_ direction: Direction, _ constraints: [Constraint]) {
    self.direction = direction
    self.constraints = constraints
  }

  /// Parts stacked top to bottom.
  public static func vertical(_ constraints: [Constraint]) -> Layout { Layout(.vertical, constraints) }
  /// Parts side by side, left to right.
  public static func horizontal(_ constraints: [Constraint]) -> Layout { Layout(.horizontal, constraints) }

  /// Leaves `cells` empty between neighbouring parts.
  public func spacing(_ cells: Int) -> Layout { var copy = self; copy.gap = max(0, cells); return copy }
  /// Leaves `cells` empty on every side of the area before splitting.
  public func margin(_ cells: Int) -> Layout { var copy = self; copy.edge = max(0, cells); return copy }

  /// The rectangles, one per constraint.
  public func split(_ area: Rect) -> [Rect] {
    let inner = area.inset(by: edge)
    let total = direction == .horizontal ? inner.width : inner.height
    let sizes = Layout.sizes(for: constraints, total: total, spacing: gap)
    var rects: [Rect] = []
    var offset = 0
    for size in sizes {
      switch direction {
      case .horizontal:
        rects.append(Rect(x: inner.x + min(offset, total), y: inner.y, width: size, height: inner.height))
      case .vertical:
        rects.append(Rect(x: inner.x, y: inner.y + min(offset, total), width: inner.width, height: size))
      }
      offset += size + gap
    }
    return rects
  }

  /// The sizes along the split axis; exposed for widgets that lay out columns themselves.
  public static func sizes(for constraints: [Constraint], total: Int, spacing: Int = 0) -> [Int] {
    guard !constraints.isEmpty else { return [] }
    let room = max(0, total - spacing * (constraints.count - 1))
    var sizes = constraints.map { constraint -> Int in
      switch constraint {
      case .fixed(let cells), .min(let cells): Swift.max(0, cells)
      case .percent(let percent): room * Swift.min(100, Swift.max(0, percent)) / 100
      case .fill: 0
      }
    }
    var used = sizes.reduce(0, +)
    var index = sizes.count - 1
    while used > room, index >= 0 {
      let cut = Swift.min(sizes[index], used - room)
      sizes[index] -= cut
      used -= cut
      index -= 1
    }
    var left = room - used
    guard left > 0 else { return sizes }
    let fills = constraints.indices.compactMap { i -> (Int, Int)? in
      if case .fill(let weight) = constraints[i] { return (i, Swift.max(0, weight)) }
      return nil
    }
    let totalWeight = fills.reduce(0) { $0 + $1.1 }
    if totalWeight > 0 {
      var given = 0
      for (i, weight) in fills {
        let share = left * weight / totalWeight
        sizes[i] += share
        given += share
      }
      var remainder = left - given
      for (i, weight) in fills where remainder > 0 && weight > 0 {
        sizes[i] += 1
        remainder -= 1
      }
      return sizes
    }
    let mins = constraints.indices.filter { if case .min = constraints[$0] { true } else { false } }
    guard !mins.isEmpty else { return sizes }
    let share = left / mins.count
    for i in mins {
      sizes[i] += share
      left -= share
    }
    for i in mins where left > 0 {
      sizes[i] += 1
      left -= 1
    }
    return sizes
  }
}
