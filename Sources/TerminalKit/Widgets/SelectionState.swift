/// Selection and scroll position of a ``List`` or a ``Table``, kept by the app between frames.
///
/// The widget moves ``offset`` while rendering so that ``selected`` stays visible; the app only
/// moves the selection, typically in its reducer:
///
/// ```swift
/// case .downArrowPressed: state.orders.selectNext(count: rowCount)
/// ```
public struct SelectionState: Hashable, Sendable {
  /// The selected row, `nil` when nothing is selected.
  public var selected: Int?
  /// The first visible row.
  public var offset: Int

  public init(selected: Int? = nil, offset: Int = 0) {
    self.selected = selected
    self.offset = offset
  }

  public mutating func select(_ index: Int?) { selected = index }

  /// Selects the next row, stopping at the last; selects the first when nothing was selected.
  public mutating func selectNext(count: Int) { move(by: 1, count: count) }
  public mutating func selectPrevious(count: Int) { move(by: -1, count: count) }
  public mutating func selectFirst(count: Int) { selected = count > 0 ? 0 : nil }
  public mutating func selectLast(count: Int) { selected = count > 0 ? count - 1 : nil }

  /// Moves the selection by `delta` rows (a page with `±visibleRows`), clamped to the rows.
  public mutating func move(by delta: Int, count: Int) {
    guard count > 0 else {
      selected = nil
      return
    }
    let current = selected ?? (delta >= 0 ? -1 : count)
    selected = max(0, min(count - 1, current + delta))
  }

  /// Maps a click on `row` of a list whose rows start at `firstRowY` to a row index.
  public func row(atScreenY y: Int, firstRowY: Int, count: Int) -> Int? {
    let index = offset + (y - firstRowY)
    return y >= firstRowY && index < count ? index : nil
  }
}

/// The state of a ``Table``.
public typealias TableState = SelectionState
/// The state of a ``List``.
public typealias ListState = SelectionState
