import Testing
import TerminalKit
import TerminalKitTestSupport

@Suite struct BlockTests {
  @Test func bordered_drawsFrameAndTitle() {
    let buffer = render(Block.bordered(title: "Orders"), width: 10, height: 3)
    expectBuffer(buffer, equals: Buffer(lines: [
      "┌Orders──┐",
      "│        │",
      "└────────┘",
    ]))
  }

  @Test func title_isTruncated_whenWiderThanBorder() {
    let buffer = render(Block.bordered(title: "Purchase orders"), width: 8, height: 2)
    expectBuffer(buffer, equals: Buffer(lines: ["┌Purch…┐", "└──────┘"]))
  }

  @Test func wideTitle_neverSplit_atBorder() {
    // 5 inner columns: two ideographs (4) + ellipsis would be 5; the third would need 6.
    let buffer = render(Block.bordered(title: "注文一覧です"), width: 7, height: 2)
    expectBuffer(buffer, equals: Buffer(lines: ["┌注文…┐", "└─────┘"]))
  }

  @Test func rightAlignedTitle_andRoundedBorder() {
    let block = Block.bordered(title: "Q").titleAlignment(.right).borderType(.rounded)
    expectBuffer(render(block, width: 5, height: 2), equals: Buffer(lines: ["╭──Q╮", "╰───╯"]))
  }

  @Test func inner_excludesBordersAndPadding() {
    let area = Rect(x: 2, y: 1, width: 10, height: 6)
    #expect(Block.bordered().inner(area) == Rect(x: 3, y: 2, width: 8, height: 4))
    #expect(Block.bordered().padding(1).inner(area) == Rect(x: 4, y: 3, width: 6, height: 2))
    #expect(Block().inner(area) == area)
    #expect(Block().title("t").inner(area) == Rect(x: 2, y: 2, width: 10, height: 5))
  }

  @Test func inner_isEmpty_whenTooSmall() {
    #expect(Block.bordered().inner(Rect(x: 0, y: 0, width: 1, height: 1)).isEmpty)
  }

  @Test func borderStyle_isApplied_toBorderOnly() {
    let block = Block.bordered().borderStyle(Style().foreground(.cyan))
    let buffer = render(block, width: 3, height: 3)
    #expect(buffer[0, 0].style.foreground == .cyan)
    #expect(buffer[1, 1].style.foreground == nil)
  }
}
