import Testing
import TerminalKit

@Suite struct DisplayWidthTests {
  @Test(arguments: [
    ("a", 1), ("é", 1), ("e\u{301}", 1), ("中", 2), ("한", 2), ("ｱ", 1), ("Ａ", 2),
    ("😀", 2), ("👍🏽", 2), ("👨‍👩‍👧", 2), ("🇪🇸", 2), ("❤️", 2), ("❤", 1), ("1️⃣", 2),
    ("\u{200B}", 0), ("\u{301}", 0), ("\u{AD}", 1), ("\u{1B}", 1), ("\u{202E}", 1),
  ])
  func characterWidth_matchesTerminalColumns(text: String, width: Int) {
    let character = Character(text)
    #expect(DisplayWidth.of(character) == width, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
  }

  @Test func stringWidth_sumsClusters_whenMixed() {
    #expect(DisplayWidth.of("Order 注文 🐶") == 6 + 4 + 1 + 2)
    #expect(DisplayWidth.of("") == 0)
    #expect(DisplayWidth.of("a\u{0}b") == 3)
  }

  @Test func hangulJamoSequence_isOneWideColumnPair() {
    // A conjoining jamo sequence forms one syllable cluster: leading consonant wide, the rest zero.
    #expect(DisplayWidth.of(Character("\u{1100}\u{1161}\u{11A8}")) == 2)
  }

  @Test func truncate_addsEllipsis_whenTooWide() {
    #expect(DisplayWidth.truncate("Amoxicillin 500 mg", toWidth: 10) == "Amoxicill…")
    #expect(DisplayWidth.truncate("short", toWidth: 10) == "short")
    #expect(DisplayWidth.truncate("exactly10!", toWidth: 10) == "exactly10!")
  }

  @Test func truncate_neverSplitsWideCharacter() {
    // 5 columns for text + 1 for the ellipsis; the third ideograph would need columns 5–6.
    #expect(DisplayWidth.truncate("日本語テキスト", toWidth: 6) == "日本…")
    #expect(DisplayWidth.of(DisplayWidth.truncate("日本語テキスト", toWidth: 6)) == 5)
    #expect(DisplayWidth.truncate("日本語テキスト", toWidth: 7) == "日本語…")
  }

  @Test func truncate_neverSplitsGraphemeCluster() {
    let family = "👨‍👩‍👧👨‍👩‍👧"
    #expect(DisplayWidth.truncate(family, toWidth: 3) == "👨‍👩‍👧…")
    #expect(DisplayWidth.truncate("e\u{301}e\u{301}e\u{301}", toWidth: 2) == "e\u{301}…")
    #expect(DisplayWidth.truncate("🇪🇸🇫🇷", toWidth: 3) == "🇪🇸…")
  }

  @Test func truncate_returnsEmpty_whenNoRoom() {
    #expect(DisplayWidth.truncate("abc", toWidth: 0) == "")
    #expect(DisplayWidth.truncate("abc", toWidth: 1) == "…")
    #expect(DisplayWidth.truncate("中文", toWidth: 1) == "…")
  }

  @Test func truncate_sanitisesHostileText() {
    #expect(DisplayWidth.truncate("\u{1B}[2Jboom", toWidth: 20) == "␛[2Jboom")
  }

  @Test func fit_padsToExactWidth_withAlignment() {
    #expect(DisplayWidth.fit("ab", toWidth: 5) == "ab   ")
    #expect(DisplayWidth.fit("ab", toWidth: 5, alignment: .right) == "   ab")
    #expect(DisplayWidth.fit("ab", toWidth: 5, alignment: .center) == " ab  ")
    #expect(DisplayWidth.fit("中文字", toWidth: 4) == "中… ")
  }
}
