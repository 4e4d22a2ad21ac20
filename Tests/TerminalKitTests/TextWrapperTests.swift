import Testing
import TerminalKit

@Suite struct TextWrapperTests {
  private func wrapped(_ text: String, _ width: Int) -> [String] {
    TextWrapper.wrap(text, width: width).map(\.plainText)
  }

  @Test func wrapsAtWordBoundaries() {
    #expect(wrapped("the quick brown fox", 10) == ["the quick", "brown fox"])
  }

  @Test func breaksLongWord_betweenGraphemes() {
    #expect(wrapped("abcdefghij", 4) == ["abcd", "efgh", "ij"])
  }

  @Test func neverSplitsWideCharacter() {
    #expect(wrapped("日本語テキスト", 5) == ["日本", "語テ", "キス", "ト"])
  }

  @Test func keepsHardBreaks_andEmptyLines() {
    #expect(wrapped("one\n\ntwo\r\nthree", 10) == ["one", "", "two", "three"])
  }

  @Test func keepsIndentation_butDropsSpacesAtWrap() {
    #expect(wrapped("  ab cd", 5) == ["  ab", "cd"])
  }

  @Test func keepsStyles_acrossWrap() {
    let line = Line([Span("red words", style: Style().foreground(.red)), Span(" plain")])
    let lines = TextWrapper.wrap(line, width: 9)
    #expect(lines.map(\.plainText) == ["red words", "plain"])
    #expect(lines[0].spans[0].style.foreground == .red)
    #expect(lines[1].spans[0].style.foreground == nil)
  }

  @Test func lineTruncation_keepsSpanStyles() {
    let line = Line([Span("PO-1 ", style: Style().bold()), Span("Amoxicillin", style: Style().foreground(.green))])
    let cut = line.truncated(toWidth: 9)
    #expect(cut.plainText == "PO-1 Amo…")
    #expect(cut.spans.last?.style.foreground == .green)
  }
}
