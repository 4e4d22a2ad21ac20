import Testing
import TerminalKit
import TerminalKitTestSupport

@Suite struct BufferTests {
  @Test func linesInit_padsShortLines() {
    let buffer = Buffer(lines: ["abc", "a"])
    #expect(buffer.size == Size(width: 3, height: 2))
    #expect(buffer.lines == ["abc", "a  "])
  }

  @Test func setString_clipsAtRightEdge() {
    var buffer = Buffer(width: 5, height: 1)
    let end = buffer.setString("overflowing", x: 2, y: 0)
    #expect(end == 5)
    expectBuffer(buffer, equals: Buffer(lines: ["  ove"]))
  }

  @Test func setString_ignoresRowsOutside() {
    var buffer = Buffer(width: 3, height: 1)
    buffer.setString("xyz", x: 0, y: 1)
    buffer.setString("xyz", x: 0, y: -1)
    expectBuffer(buffer, equals: Buffer(lines: ["   "]))
  }

  @Test func setString_startingLeftOfBuffer_drawsVisiblePart() {
    var buffer = Buffer(width: 4, height: 1)
    buffer.setString("abcdef", x: -2, y: 0)
    expectBuffer(buffer, equals: Buffer(lines: ["cdef"]))
  }

  @Test func wideCharacter_takesLeadingAndContinuationCell() {
    var buffer = Buffer(width: 4, height: 1)
    buffer.setString("中a", x: 0, y: 0)
    #expect(buffer[0, 0].symbol == "中")
    #expect(buffer[0, 0].width == 2)
    #expect(buffer[1, 0].isContinuation)
    #expect(buffer[2, 0].symbol == "a")
    expectBuffer(buffer, equals: Buffer(lines: ["中a "]))
  }

  @Test func wideCharacter_atRightEdge_isNotDrawn() {
    var buffer = Buffer(width: 3, height: 1)
    buffer.setString("ab中", x: 0, y: 0)
    expectBuffer(buffer, equals: Buffer(lines: ["ab "]))
    var limited = Buffer(width: 6, height: 1)
    limited.setString("ab中", x: 0, y: 0, maxWidth: 3)
    expectBuffer(limited, equals: Buffer(lines: ["ab    "]))
  }

  @Test func overwritingRightHalfOfWide_blanksLeftHalf() {
    var buffer = Buffer(lines: ["中文"])
    buffer.setString("x", x: 1, y: 0)
    expectBuffer(buffer, equals: Buffer(lines: [" x文"]))
  }

  @Test func overwritingLeftHalfOfWide_blanksRightHalf() {
    var buffer = Buffer(lines: ["中文"])
    buffer.setString("x", x: 2, y: 0)
    expectBuffer(buffer, equals: Buffer(lines: ["中x "]))
  }

  @Test func wideOverOffsetWide_blanksBothNeighbours() {
    var buffer = Buffer(lines: ["中文字"])
    buffer.setString("日", x: 1, y: 0)
    expectBuffer(buffer, equals: Buffer(lines: [" 日 字"]))
  }

  @Test func hostileString_isDrawnVisibly() {
    var buffer = Buffer(width: 12, height: 1)
    buffer.setString("\u{1B}[2J\u{9B}H\u{202E}ok", x: 0, y: 0)
    expectBuffer(buffer, equals: Buffer(lines: ["␛[2J\u{FFFD}H\u{FFFD}ok   "]))
    for x in 0..<12 {
      let scalars = buffer[x, 0].symbol.unicodeScalars
      #expect(scalars.allSatisfy { TextSanitizer.replacement(for: $0) == nil })
    }
  }

  @Test func cellInit_sanitisesAndRejectsZeroWidth() {
    #expect(Cell("\u{1B}").symbol == "␛")
    #expect(Cell("\u{301}").symbol == " ")
    #expect(Cell("中").width == 2)
  }

  @Test func subscriptSet_keepsWidePairConsistent() {
    var buffer = Buffer(width: 4, height: 1)
    buffer[1, 0] = Cell("界")
    expectBuffer(buffer, equals: Buffer(lines: [" 界 "]))
    buffer[2, 0] = Cell("z")
    expectBuffer(buffer, equals: Buffer(lines: ["  z "]))
  }

  @Test func setStyle_patchesColoursAndAddsModifiers() {
    var buffer = Buffer(lines: ["ab"])
    buffer.setStyle(Style().foreground(.red), in: buffer.area)
    buffer.setStyle(Style().bold(), in: Rect(x: 1, y: 0, width: 1, height: 1))
    #expect(buffer[0, 0].style == Style().foreground(.red))
    #expect(buffer[1, 0].style == Style().foreground(.red).bold())
  }

  @Test func setString_keepsBackgroundAlreadyPainted() {
    var buffer = Buffer(width: 3, height: 1)
    buffer.setStyle(Style().background(.blue), in: buffer.area)
    buffer.setString("x", x: 0, y: 0, style: Style().foreground(.white))
    #expect(buffer[0, 0].style == Style(foreground: .white, background: .blue))
  }

  @Test func diff_returnsOnlyChangedCells() {
    let old = Buffer(lines: ["abc", "def"])
    var new = old
    new.setString("X", x: 1, y: 1)
    #expect(new.diff(from: old) == [CellUpdate(x: 1, y: 1, cell: new[1, 1])])
    #expect(old.diff(from: old).isEmpty)
  }

  @Test func diff_returnsEveryCell_whenSizeChanged() {
    #expect(Buffer(width: 3, height: 2).diff(from: Buffer(width: 2, height: 2)).count == 6)
  }

  @Test func diff_sendsLeader_whenOnlyContinuationStyleChanged() {
    let old = Buffer(lines: ["中 "])
    var new = old
    new.setStyle(Style().reversed(), in: Rect(x: 1, y: 0, width: 2, height: 1))
    let updates = new.diff(from: old)
    #expect(updates.map(\.x) == [0, 2])
  }

  @Test func diff_replayedOnOldBuffer_reproducesNew() {
    let old = Buffer(lines: ["中文abc", "xyz日本"])
    var new = old
    new.setString("a中b", x: 1, y: 0)
    new.setString("本", x: 0, y: 1)
    var replay = old
    replay.apply(new.diff(from: old))
    expectBuffer(replay, equals: new)
  }

  @Test func fill_withWideCell_leavesSpaceAtOddEdge() {
    var buffer = Buffer(width: 5, height: 1)
    buffer.fill(buffer.area, with: Cell("中"))
    expectBuffer(buffer, equals: Buffer(lines: ["中中 "]))
  }
}
