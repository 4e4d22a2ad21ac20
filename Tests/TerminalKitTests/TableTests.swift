import Testing
import TerminalKit
import TerminalKitTestSupport

/// Counts which rows a table asks for.
private final class CountingRows: TableRowSource {
  let rowCount: Int
  var requested: [Int] = []
  init(count: Int) { rowCount = count }
  func row(at index: Int) -> TableRow {
    requested.append(index)
    return TableRow(["PO\(index)", "Vendor \(index)"])
  }
}

@Suite struct TableTests {
  let columns = [TableColumn("No", width: .fixed(4)), TableColumn("Vendor", width: .fill(1))]

  @Test func rendersHeaderAndRows() {
    let rows = [TableRow(["1", "Vetpharma"]), TableRow(["2", "Animedica"])]
    var state = TableState()
    let buffer = render(Table(columns: columns, rows: rows), width: 15, height: 3, state: &state)
    expectBuffer(buffer, equals: Buffer(lines: [
      "No   Vendor    ",
      "1    Vetpharma ",
      "2    Animedica ",
    ]).withStyle(Style().bold(), in: Rect(x: 0, y: 0, width: 15, height: 1)))
    #expect(buffer[0, 0].style.modifiers.contains(.bold))
    #expect(!buffer[0, 1].style.modifiers.contains(.bold))
  }

  @Test func columnAtX_findsTheColumnUnderAClick_insideTheBlock() {
    let table = Table(columns: columns, rows: [TableRow]()).block(.bordered())
    let area = Rect(x: 10, y: 0, width: 17, height: 5)
    // Border at 10, "No" at 11–14, a gap at 15, "Vendor" at 16–25, border at 26.
    #expect(table.column(atX: 10, in: area) == nil)
    #expect(table.column(atX: 11, in: area) == 0)
    #expect(table.column(atX: 14, in: area) == 0)
    #expect(table.column(atX: 15, in: area) == nil)
    #expect(table.column(atX: 16, in: area) == 1)
    #expect(table.column(atX: 25, in: area) == 1)
    #expect(table.column(atX: 26, in: area) == nil)
  }

  @Test func showsSortIndicator() {
    var state = TableState()
    let table = Table(columns: columns, rows: [TableRow]()).sort(SortIndicator(column: 1, ascending: false))
    let buffer = render(table, width: 15, height: 1, state: &state)
    expectBuffer(buffer, equals: Buffer(lines: ["No   Vendor ▼  "]).withStyle(Style().bold(), in: Rect(x: 0, y: 0, width: 15, height: 1)))
  }

  @Test func selectedRow_isHighlighted_acrossFullWidth() {
    let rows = [TableRow(["1", "A"]), TableRow(["2", "B"])]
    var state = TableState(selected: 1)
    let buffer = render(Table(columns: columns, rows: rows).highlightSymbol("> "), width: 10, height: 3, state: &state)
    expectBuffer(buffer, equals: Buffer(lines: [
      "  No   Ve…",
      "  1    A  ",
      "> 2    B  ",
    ]).withStyle(Style().reversed(), in: Rect(x: 0, y: 2, width: 10, height: 1))
      .withStyle(Style().bold(), in: Rect(x: 0, y: 0, width: 10, height: 1)))
  }

  @Test func asksOnlyForVisibleRows_from100kRows() {
    let rows = CountingRows(count: 100_000)
    var state = TableState(selected: 50_000)
    let buffer = render(Table(columns: columns, rows: rows), width: 20, height: 6, state: &state)
    #expect(rows.requested == Array(49_996...50_000))
    #expect(state.offset == 49_996)
    #expect(buffer.lines[5].contains("Vendor 50000"))
  }

  @Test func offset_clampedAfterRowsShrink() {
    var state = TableState(selected: nil, offset: 90)
    let rows = (0..<10).map { TableRow(["\($0)", "x"]) }
    _ = render(Table(columns: columns, rows: rows), width: 10, height: 5, state: &state)
    #expect(state.offset == 6)
  }

  @Test func selection_clampedToRowCount() {
    var state = TableState(selected: 42)
    _ = render(Table(columns: columns, rows: [TableRow(["1", "a"])]), width: 10, height: 5, state: &state)
    #expect(state.selected == 0)
  }

  @Test func cells_truncatedWithEllipsis_andRightAligned() {
    let columns = [TableColumn("Name", width: .fixed(6)), TableColumn("Total", width: .fixed(7), alignment: .right)]
    var state = TableState()
    let buffer = render(
      Table(columns: columns, rows: [TableRow(["Amoxicillin", "12.50"]), TableRow(["犬用薬品です", "1234567.00"])]).header(false),
      width: 14, height: 2, state: &state)
    expectBuffer(buffer, equals: Buffer(lines: [
      "Amoxi…   12.50",
      "犬用…  123456…",
    ]))
  }

  @Test func percentColumns_shareWidth() {
    let columns = [TableColumn("A", width: .percent(50)), TableColumn("B", width: .percent(50))]
    var state = TableState()
    let buffer = render(Table(columns: columns, rows: [TableRow(["left", "right"])]).header(false), width: 11, height: 1, state: &state)
    expectBuffer(buffer, equals: Buffer(lines: ["left  right"]))
  }

  @Test func selectionState_movesAndClamps() {
    var state = TableState()
    state.selectNext(count: 3)
    #expect(state.selected == 0)
    state.move(by: 10, count: 3)
    #expect(state.selected == 2)
    state.selectPrevious(count: 3)
    #expect(state.selected == 1)
    state.selectFirst(count: 0)
    #expect(state.selected == nil)
  }
}

extension Buffer {
  /// The buffer with `style` laid over `area`, for writing expected buffers.
  func withStyle(_ style: Style, in area: Rect) -> Buffer {
    var copy = self
    copy.setStyle(style, in: area)
    return copy
  }
}
