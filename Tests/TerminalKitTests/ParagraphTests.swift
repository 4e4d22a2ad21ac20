import Testing
import TerminalKit
import TerminalKitTestSupport

@Suite struct ParagraphTests {
  @Test func splitsLines_andTruncatesWithEllipsis() {
    let buffer = render(Paragraph("first line\nsecond line is long"), width: 12, height: 3)
    expectBuffer(buffer, equals: Buffer(lines: ["first line  ", "second line…", "            "]))
  }

  @Test func wraps_whenAsked() {
    let buffer = render(Paragraph("deliver before ten please").wrap(), width: 10, height: 3)
    expectBuffer(buffer, equals: Buffer(lines: ["deliver   ", "before ten", "please    "]))
  }

  @Test func alignsCenterAndRight() {
    expectBuffer(render(Paragraph("ab").alignment(.center), width: 6, height: 1), equals: Buffer(lines: ["  ab  "]))
    expectBuffer(render(Paragraph("ab").alignment(.right), width: 6, height: 1), equals: Buffer(lines: ["    ab"]))
  }

  @Test func scroll_skipsLines() {
    let buffer = render(Paragraph("one\ntwo\nthree").scroll(1), width: 5, height: 2)
    expectBuffer(buffer, equals: Buffer(lines: ["two  ", "three"]))
  }

  @Test func insideBlock() {
    let buffer = render(Paragraph("hi").block(.bordered(title: "T")), width: 6, height: 3)
    expectBuffer(buffer, equals: Buffer(lines: ["┌T───┐", "│hi  │", "└────┘"]))
  }

  @Test func hostileText_staysInItsArea() {
    let text = "a\u{1B}[2J\u{1B}[H\rb\u{7}\u{202E}cd"
    let buffer = render(Paragraph(text), width: 16, height: 1)
    expectBuffer(buffer, equals: Buffer(lines: ["a␛[2J␛[H␍b␇\u{FFFD}cd  "]))
  }

  @Test func wideCharacterAtRightEdge_isReplacedByEllipsis() {
    // 5 columns: "ab" + "中" (2) = 4, then "文" would need columns 4–5.
    let buffer = render(Paragraph("ab中文字"), width: 5, height: 1)
    expectBuffer(buffer, equals: Buffer(lines: ["ab中…"]))
  }

  @Test func emojiAndFlags_takeTwoColumns() {
    let buffer = render(Paragraph("🐶🇪🇸x"), width: 6, height: 1)
    expectBuffer(buffer, equals: Buffer(lines: ["🐶🇪🇸x "]))
    #expect(buffer[2, 0].symbol == "🇪🇸")
    #expect(buffer[3, 0].isContinuation)
  }

  @Test func combiningMarks_stayWithTheirBase() {
    let buffer = render(Paragraph("e\u{301}e\u{301}x"), width: 3, height: 1)
    #expect(buffer[0, 0].symbol == "e\u{301}")
    #expect(buffer[2, 0].symbol == "x")
  }
}
