/// Values side by side, two columns (old, new) or three (base, local, remote), with changed
/// cells highlighted: the widget managers use to settle sync conflicts.
///
/// Rows stay aligned: each row is as tall as its longest wrapped value, so a long note on one
/// side pushes the next field down on every side. The selected row (a field to settle) is
/// marked and kept in view; ``DiffViewState`` holds it and the scroll position, in rows.
///
/// ```swift
/// DiffView(titles: ["Base", "Local", "Odoo"], rows: [
///   DiffRow("Vendor", ["Vetpharma", "Vetpharma", "Vetpharma GmbH"]),
///   DiffRow("Qty", ["10", "12", "15"]),
/// ]).render(in: area, buffer: &buffer, state: &state.conflict)
/// ```
public struct DiffView: StatefulWidget {
  private var titles: [String]
  private var rows: [DiffRow]
  private var block: Block?
  private var headerStyle: Style = Style().bold().underlined()
  private var labelStyle: Style = Style().bold()
  private var changedStyle: Style = Style().foreground(.black).background(.yellow)
  private var addedStyle: Style = Style().foreground(.black).background(.green)
  private var removedStyle: Style = Style().foreground(.black).background(.red)
  private var conflictStyle: Style = Style().foreground(.white).background(.red).bold()
  private var selectedStyle: Style = Style().reversed()
  private var missingText = "—"

  public init(titles: [String], rows: [DiffRow]) {
    self.titles = titles
    self.rows = rows
  }

  public func block(_ block: Block) -> DiffView { var copy = self; copy.block = block; return copy }
  public func changedStyle(_ style: Style) -> DiffView { var copy = self; copy.changedStyle = style; return copy }
  public func conflictStyle(_ style: Style) -> DiffView { var copy = self; copy.conflictStyle = style; return copy }
  public func addedStyle(_ style: Style) -> DiffView { var copy = self; copy.addedStyle = style; return copy }
  public func removedStyle(_ style: Style) -> DiffView { var copy = self; copy.removedStyle = style; return copy }

  public func render(in area: Rect, buffer: inout Buffer, state: inout DiffViewState) {
    let inner = block.renderAround(area, buffer: &buffer)
    guard inner.height > 1, inner.width > 4, !titles.isEmpty else { return }
    let labelWidth = min((rows.map { DisplayWidth.of($0.label) }.max() ?? 0) + 2, inner.width / 4)
    let valueWidths = Layout.sizes(
      for: Array(repeating: .fill(1), count: titles.count), total: inner.width - labelWidth - 1, spacing: 1)
    var lefts: [Int] = []
    var x = inner.x + labelWidth + 1
    for width in valueWidths {
      lefts.append(x)
      x += width + 1
    }

    // Header and the column separators.
    for (column, title) in titles.enumerated() {
      buffer.setLine(
        Line(title, style: headerStyle),
        in: Rect(x: lefts[column], y: inner.y, width: valueWidths[column], height: 1))
    }
    for separator in [inner.x + labelWidth] + lefts.dropFirst().map({ $0 - 1 }) {
      for y in inner.y..<inner.bottom { buffer.setString("│", x: separator, y: y, style: Style().dim()) }
    }

    // Lay out every row: wrapped values, padded to the tallest.
    let body = Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: inner.height - 1)
    let wrapped: [[[Line]]] = rows.map { row in
      (0..<titles.count).map { column in
        let value = column < row.values.count ? row.values[column] : nil
        let text = value ?? missingText
        return TextWrapper.wrap(text, width: max(1, valueWidths[column]))
      }
    }
    let heights = wrapped.map { max(1, $0.map(\.count).max() ?? 1) }
    if let selected = state.selected {
      state.selected = rows.isEmpty ? nil : max(0, min(selected, rows.count - 1))
    }
    state.offset = max(0, min(state.offset, rows.count - 1))
    if let selected = state.selected {
      if selected < state.offset { state.offset = selected }
      while state.offset < selected && heights[state.offset...selected].reduce(0, +) > body.height {
        state.offset += 1
      }
    }

    var y = body.y
    for index in state.offset..<rows.count {
      guard y < body.bottom else { break }
      let row = rows[index]
      let height = min(heights[index], body.bottom - y)
      let changes = row.changes
      let isSelected = index == state.selected
      let marker = isSelected ? "▶ " : "  "
      buffer.setLine(
        Line([Span(marker), Span(row.label, style: labelStyle)]),
        in: Rect(x: inner.x, y: y, width: labelWidth, height: 1))
      if isSelected { buffer.setStyle(selectedStyle, in: Rect(x: inner.x, y: y, width: labelWidth, height: height)) }
      for column in 0..<titles.count {
        let cellArea = Rect(x: lefts[column], y: y, width: valueWidths[column], height: height)
        let missing = column >= row.values.count || row.values[column] == nil
        for (offset, line) in wrapped[index][column].prefix(height).enumerated() {
          buffer.setLine(missing ? line.style(Style().dim()) : line, in: cellArea.row(offset))
        }
        if let highlight = style(for: changes[column]) { buffer.setStyle(highlight, in: cellArea) }
      }
      y += height
    }
    var fitted = 0
    var used = 0
    for index in state.offset..<rows.count {
      used += heights[index]
      if used > body.height { break }
      fitted += 1
    }
    state.visibleRowCount = max(1, fitted)
  }

  private func style(for change: DiffChange) -> Style? {
    switch change {
    case .unchanged: nil
    case .changed: changedStyle
    case .added: addedStyle
    case .removed: removedStyle
    case .conflict: conflictStyle
    }
  }
}

/// The selected row and scroll position of a ``DiffView``, in rows (not screen lines).
public struct DiffViewState: Hashable, Sendable {
  public var selected: Int?
  public var offset: Int
  /// How many rows fitted whole in the last frame, for paging.
  public internal(set) var visibleRowCount = 1

  public init(selected: Int? = 0, offset: Int = 0) {
    self.selected = selected
    self.offset = offset
  }

  public mutating func selectNext(count: Int) {
    selected = count == 0 ? nil : min(count - 1, (selected ?? -1) + 1)
  }

  public mutating func selectPrevious(count: Int) {
    selected = count == 0 ? nil : max(0, (selected ?? count) - 1)
  }

  /// Scrolls without moving the selection off screen at the next frame.
  public mutating func scroll(by rows: Int, count: Int) {
    offset = max(0, min(count - 1, offset + rows))
    if let current = selected {
      selected = max(offset, min(current, offset + visibleRowCount - 1, count - 1))
    }
  }
}
