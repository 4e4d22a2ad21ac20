import Testing
import TerminalKit
import TerminalKitTestSupport

@Suite struct DiffViewTests {
  @Test func changes_twoColumns() {
    #expect(DiffRow("a", ["1", "1"]).changes == [.unchanged, .unchanged])
    #expect(DiffRow("a", ["1", "2"]).changes == [.unchanged, .changed])
    #expect(DiffRow("a", [nil, "2"]).changes == [.unchanged, .added])
    #expect(DiffRow("a", ["1", nil]).changes == [.unchanged, .removed])
  }

  @Test func changes_threeColumns_markConflicts() {
    #expect(DiffRow("q", ["10", "12", "10"]).changes == [.unchanged, .changed, .unchanged])
    #expect(DiffRow("q", ["10", "12", "12"]).changes == [.unchanged, .changed, .changed])
    #expect(DiffRow("q", ["10", "12", "15"]).changes == [.unchanged, .conflict, .conflict])
  }

  @Test func rendersAlignedRows_withHighlights() {
    let view = DiffView(titles: ["Local", "Odoo"], rows: [
      DiffRow("Qty", ["12", "15"]),
      DiffRow("Note", ["urgent delivery", "ok"]),
      DiffRow("Vet", ["Ann", "Ann"]),
    ])
    var state = DiffViewState(selected: nil)
    let buffer = render(view, width: 26, height: 6, state: &state)
    #expect(buffer.lines == [
      "      │Local    │Odoo     ",
      "  Qty │12       │15       ",
      "  Note│urgent   │ok       ",
      "      │delivery │         ",
      "  Vet │Ann      │Ann      ",
      "      │         │         ",
    ])
    // The changed cell covers the whole (two-line) row height on the right side only.
    #expect(buffer[17, 1].style.background == .yellow)
    #expect(buffer[25, 3].style.background == .yellow)
    #expect(buffer[16, 1].style.background == nil)
    #expect(buffer[7, 1].style.background == nil)
    #expect(buffer[17, 4].style.background == nil)
  }

  @Test func missingValue_isShownAsDash_andAdded() {
    let view = DiffView(titles: ["Old", "New"], rows: [DiffRow("Line 3", [nil, "Gloves ×2"])])
    var state = DiffViewState(selected: nil)
    let buffer = render(view, width: 30, height: 2, state: &state)
    #expect(buffer.lines[1].contains("—"))
    #expect(buffer.lines[1].contains("Gloves ×2"))
    #expect(buffer[20, 1].style.background == .green)
  }

  @Test func keepsSelectedRowVisible_whenScrolling() {
    let rows = (0..<20).map { DiffRow("f\($0)", ["\($0)", "\($0)"]) }
    var state = DiffViewState(selected: 15)
    let buffer = render(DiffView(titles: ["A", "B"], rows: rows), width: 20, height: 5, state: &state)
    #expect(state.offset == 12)
    #expect(buffer.lines[4].hasPrefix("▶ f15"))
    #expect(state.visibleRowCount == 4)
  }

  @Test func threeColumns_conflictStyled() {
    let view = DiffView(titles: ["Base", "Local", "Odoo"], rows: [DiffRow("Qty", ["10", "12", "15"])])
    var state = DiffViewState(selected: nil)
    let buffer = render(view, width: 30, height: 2, state: &state)
    let conflict = Style().foreground(.white).background(.red).bold()
    #expect(buffer.lines[1].contains("10"))
    let local = buffer.lines[1].firstRange(of: "12").map { buffer.lines[1].distance(from: buffer.lines[1].startIndex, to: $0.lowerBound) }
    #expect(local.map { buffer[$0, 1].style } == conflict)
  }
}
