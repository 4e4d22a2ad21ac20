import Testing
import TerminalKit

@Suite struct LayoutTests {
  let area = Rect(x: 0, y: 0, width: 100, height: 10)

  @Test func vertical_splitsFixedAndFill() {
    let rows = Layout.vertical([.fixed(1), .fill(1), .fixed(2)]).split(Rect(x: 2, y: 3, width: 20, height: 10))
    #expect(rows == [
      Rect(x: 2, y: 3, width: 20, height: 1),
      Rect(x: 2, y: 4, width: 20, height: 7),
      Rect(x: 2, y: 11, width: 20, height: 2),
    ])
  }

  @Test func horizontal_sharesFillByWeight_andGivesRemainderToFirst() {
    #expect(Layout.sizes(for: [.fill(1), .fill(2)], total: 10) == [4, 6])
    #expect(Layout.sizes(for: [.fill(1), .fill(1), .fill(1)], total: 10) == [4, 3, 3])
  }

  @Test func percent_roundsDown_andFillTakesRest() {
    #expect(Layout.sizes(for: [.percent(33), .fill(1)], total: 100) == [33, 67])
    #expect(Layout.sizes(for: [.percent(50), .percent(50)], total: 7) == [3, 3])
  }

  @Test func min_growsOnlyWhenNoFill() {
    #expect(Layout.sizes(for: [.min(3), .fill(1)], total: 10) == [3, 7])
    #expect(Layout.sizes(for: [.min(3), .min(1)], total: 10) == [6, 4])
  }

  @Test func overflow_shrinksFromLast() {
    #expect(Layout.sizes(for: [.fixed(6), .fixed(6), .fixed(6)], total: 10) == [6, 4, 0])
    #expect(Layout.sizes(for: [.fixed(6), .fill(1)], total: 4) == [4, 0])
  }

  @Test func spacingAndMargin_areLeftEmpty() {
    let columns = Layout.horizontal([.fill(1), .fill(1)]).spacing(2).margin(1).split(Rect(x: 0, y: 0, width: 12, height: 5))
    #expect(columns == [Rect(x: 1, y: 1, width: 4, height: 3), Rect(x: 7, y: 1, width: 4, height: 3)])
  }

  @Test func split_neverLeavesArea_whenAreaEmpty() {
    let rects = Layout.vertical([.fixed(3), .fill(1)]).split(Rect(x: 5, y: 5, width: 0, height: 0))
    #expect(rects.count == 2)
    #expect(rects.allSatisfy { $0.isEmpty })
  }
}
