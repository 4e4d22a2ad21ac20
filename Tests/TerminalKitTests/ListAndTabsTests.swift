import Testing
import TerminalKit
import TerminalKitTestSupport

@Suite struct ListTests {
  @Test func scrollsToKeepSelectionVisible() {
    var state = ListState(selected: 4)
    let buffer = render(List(["a", "b", "c", "d", "e"]).highlightSymbol(">"), width: 3, height: 2, state: &state)
    expectBuffer(buffer, equals: Buffer(lines: [" d ", ">e "])
      .withStyle(Style().reversed(), in: Rect(x: 0, y: 1, width: 3, height: 1)))
    #expect(state.offset == 3)
  }

  @Test func mapsClickToRow() {
    let state = ListState(selected: 0, offset: 10)
    #expect(state.row(atScreenY: 3, firstRowY: 1, count: 20) == 12)
    #expect(state.row(atScreenY: 0, firstRowY: 1, count: 20) == nil)
    #expect(state.row(atScreenY: 30, firstRowY: 1, count: 20) == nil)
  }
}

@Suite struct TabsTests {
  @Test func highlightsSelectedTab() {
    let buffer = render(Tabs(["Orders", "Queue"]).select(1), width: 20, height: 1)
    expectBuffer(buffer, equals: Buffer(lines: [" Orders  │  Queue   "])
      .withStyle(Style().reversed().bold(), in: Rect(x: 11, y: 0, width: 7, height: 1)))
  }

  @Test func tabAtX_matchesDrawnPositions() {
    let tabs = Tabs(["Orders", "Queue"])
    let area = Rect(x: 0, y: 0, width: 20, height: 1)
    #expect(tabs.tab(atX: 0, in: area) == 0)
    #expect(tabs.tab(atX: 7, in: area) == 0)
    #expect(tabs.tab(atX: 9, in: area) == nil)
    #expect(tabs.tab(atX: 12, in: area) == 1)
  }

  @Test func truncatesLastTab_whenNarrow() {
    let buffer = render(Tabs(["Orders", "Conflicts"]), width: 14, height: 1)
    expectBuffer(buffer, equals: Buffer(lines: [" Orders  │  C…"])
      .withStyle(Style().reversed().bold(), in: Rect(x: 0, y: 0, width: 8, height: 1)))
  }
}
