/// Rows and columns with a header, a sort indicator and a selected row.
///
/// The rows come from a ``TableRowSource``, asked only for the rows on screen. The selection
/// and scroll position live in a ``TableState`` owned by the app:
///
/// ```swift
/// Table(columns: [
///   TableColumn("Order", width: .fixed(10)),
///   TableColumn("Vendor", width: .fill(1)),
///   TableColumn("Total", width: .fixed(12), alignment: .right),
/// ], rows: OrderRows(orders: orders))
/// .sort(SortIndicator(column: 2, ascending: false))
/// .block(.bordered(title: "Purchase orders"))
/// .render(in: area, buffer: &buffer, state: &state.orderTable)
/// ```
///
/// Cells too wide for their column end in `…`; wide characters are never split.
public struct Table<Source: TableRowSource>: StatefulWidget {
  private var columns: [TableColumn]
  private var rows: Source
  private var sort: SortIndicator?
  private var block: Block?
  private var style: Style = .plain
  private var headerStyle: Style = Style().bold()
  private var highlightStyle: Style = Style().reversed()
  private var highlightSymbol = ""
  private var columnSpacing = 1
  private var showsHeader = true

  public init(columns: [TableColumn], rows: Source) {
    self.columns = columns
    self.rows = rows
  }

  public func sort(_ indicator: SortIndicator?) -> Table { var copy = self; copy.sort = indicator; return copy }
  public func block(_ block: Block) -> Table { var copy = self; copy.block = block; return copy }
  public func style(_ style: Style) -> Table { var copy = self; copy.style = style; return copy }
  public func headerStyle(_ style: Style) -> Table { var copy = self; copy.headerStyle = style; return copy }
  /// Laid over the selected row; reverse video by default.
  public func highlightStyle(_ style: Style) -> Table { var copy = self; copy.highlightStyle = style; return copy }
  /// Drawn before the selected row (e.g. "▶ "); other rows get as many spaces.
  public func highlightSymbol(_ symbol: String) -> Table { var copy = self; copy.highlightSymbol = symbol; return copy }
  public func columnSpacing(_ cells: Int) -> Table { var copy = self; copy.columnSpacing = max(0, cells); return copy }
  public func header(_ shown: Bool) -> Table { var copy = self; copy.showsHeader = shown; return copy }

  /// The number of rows visible in `area`, for paging with ``SelectionState/move(by:count:)``.
  public func visibleRowCount(in area: Rect) -> Int {
    let inner = block?.inner(area) ?? area
    return max(0, inner.height - (showsHeader ? 1 : 0))
  }

  /// The column whose cells are under `x` when the table is drawn in `area`; `nil` over the
  /// borders, the highlight symbol and the gaps between columns. For sorting by a clicked
  /// header, for example.
  public func column(atX x: Int, in area: Rect) -> Int? {
    let inner = block.map { $0.inner(area) } ?? area
    let (lefts, widths) = columnPlacement(in: inner)
    return lefts.indices.first { x >= lefts[$0] && x < lefts[$0] + widths[$0] }
  }

  /// Where each column starts and how wide it is inside the block.
  private func columnPlacement(in inner: Rect) -> (lefts: [Int], widths: [Int]) {
    let symbolWidth = DisplayWidth.of(highlightSymbol)
    let widths = Layout.sizes(
      for: columns.map(\.width), total: max(0, inner.width - symbolWidth), spacing: columnSpacing)
    var lefts: [Int] = []
    var x = inner.x + symbolWidth
    for width in widths {
      lefts.append(x)
      x += width + columnSpacing
    }
    return (lefts, widths)
  }

  public func render(in area: Rect, buffer: inout Buffer, state: inout TableState) {
    buffer.setStyle(style, in: area)
    let inner = block.renderAround(area, buffer: &buffer)
    guard !inner.isEmpty else { return }
    let symbolWidth = DisplayWidth.of(highlightSymbol)
    let (lefts, widths) = columnPlacement(in: inner)

    var rowsArea = inner
    if showsHeader {
      let header = inner.row(0)
      buffer.setStyle(headerStyle, in: header)
      for (index, column) in columns.enumerated() {
        var title = Line(column.title)
        if let sort, sort.column == index {
          title = Line([Span(column.title), Span(" " + sort.symbol)])
        }
        let cell = Rect(x: lefts[index], y: header.y, width: widths[index], height: 1)
        buffer.setLine(title, in: cell, alignment: column.alignment)
      }
      rowsArea = Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: inner.height - 1)
    }

    let count = rows.rowCount
    if let selected = state.selected {
      state.selected = count > 0 ? max(0, min(selected, count - 1)) : nil
    }
    state.offset = ScrollWindow.offset(
      current: state.offset, selected: state.selected, visible: rowsArea.height, count: count)
    guard rowsArea.height > 0, count > 0 else { return }
    let last = min(count, state.offset + rowsArea.height)
    for index in state.offset..<last {
      let row = rows.row(at: index)
      let line = rowsArea.row(index - state.offset)
      buffer.setStyle(row.style, in: line)
      let isSelected = index == state.selected
      if symbolWidth > 0 && isSelected {
        buffer.setString(highlightSymbol, x: line.x, y: line.y, maxWidth: symbolWidth)
      }
      for (column, cell) in row.cells.prefix(columns.count).enumerated() {
        let cellArea = Rect(x: lefts[column], y: line.y, width: widths[column], height: 1)
        buffer.setLine(cell, in: cellArea, alignment: columns[column].alignment)
      }
      if isSelected { buffer.setStyle(highlightStyle, in: line) }
    }
  }
}
