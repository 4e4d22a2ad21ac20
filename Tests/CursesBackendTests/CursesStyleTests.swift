import Testing
import TerminalKit

@testable import CursesBackend

@Suite struct ColorModeTests {
  @Test func noColor_winsWhenSetAndNotEmpty() {
    #expect(ColorMode.detect(colors: 256, hasColors: true, environment: ["NO_COLOR": "1"]) == .none)
    #expect(ColorMode.detect(colors: 256, hasColors: true, environment: ["NO_COLOR": ""]) == .indexed256)
  }

  @Test func modeFollowsColorCount() {
    #expect(ColorMode.detect(colors: 256, hasColors: true, environment: [:]) == .indexed256)
    #expect(ColorMode.detect(colors: 16, hasColors: true, environment: [:]) == .basic16)
    #expect(ColorMode.detect(colors: 8, hasColors: true, environment: [:]) == .basic8)
    #expect(ColorMode.detect(colors: 256, hasColors: false, environment: [:]) == .none)
  }

  @Test func colorNumbers_perMode() {
    #expect(ColorMode.indexed256.colorNumber(for: .rgb(255, 0, 0)) == 196)
    #expect(ColorMode.basic16.colorNumber(for: .rgb(255, 0, 0)) == 9)
    #expect(ColorMode.basic8.colorNumber(for: .brightRed) == 1)
    #expect(ColorMode.indexed256.colorNumber(for: nil) == -1)
    #expect(ColorMode.indexed256.colorNumber(for: .default) == -1)
    #expect(ColorMode.none.colorNumber(for: .red) == -1)
  }
}

@Suite struct ColorPairTableTests {
  @Test func reusesPairs_andDefaultIsPairZero() {
    var table = ColorPairTable(limit: 10)
    var registered: [Int16] = []
    let register: (Int16, Int32, Int32) -> Void = { pair, _, _ in registered.append(pair) }
    #expect(table.pair(foreground: -1, background: -1, register: register) == 0)
    #expect(table.pair(foreground: 1, background: -1, register: register) == 1)
    #expect(table.pair(foreground: 2, background: 4, register: register) == 2)
    #expect(table.pair(foreground: 1, background: -1, register: register) == 1)
    #expect(registered == [1, 2])
  }

  @Test func fallsBackToDefault_whenPairsRunOut() {
    var table = ColorPairTable(limit: 1)
    #expect(table.pair(foreground: 1, background: 1) { _, _, _ in } == 1)
    #expect(table.pair(foreground: 2, background: 2) { _, _, _ in } == 0)
  }
}

@Suite struct GlyphPlanTests {
  // A stand-in for the C library's wcwidth, enough for these cases.
  private func width(_ value: UInt32) -> Int {
    switch value {
    case 0x301, 0x20E3: 0
    case 0x4E2D, 0x1F468, 0x1F469, 0x1F436: 2
    case 0xE0000: -1
    default: 1
    }
  }

  @Test func plainAndWideCharacters_drawAsOneGlyph() {
    #expect(GlyphPlan(symbol: "a", width: 1, wcwidth: width) == GlyphPlan(glyphs: [[0x61]], widths: [1]))
    #expect(GlyphPlan(symbol: "中", width: 2, wcwidth: width) == GlyphPlan(glyphs: [[0x4E2D]], widths: [2]))
    #expect(GlyphPlan(symbol: "e\u{301}", width: 1, wcwidth: width) == GlyphPlan(glyphs: [[0x65, 0x301]], widths: [1]))
  }

  @Test func flag_isTwoOneColumnGlyphs() {
    #expect(GlyphPlan(symbol: "🇪🇸", width: 2, wcwidth: width) == GlyphPlan(glyphs: [[0x1F1EA], [0x1F1F8]], widths: [1, 1]))
  }

  @Test func zwjSequence_drawsFirstEmojiOnly_withoutJoiner() {
    #expect(GlyphPlan(symbol: "👨‍👩", width: 2, wcwidth: width) == GlyphPlan(glyphs: [[0x1F468]], widths: [2]))
  }

  @Test func emojiPresentationSelector_isDropped_andCellPadded() {
    #expect(GlyphPlan(symbol: "❤️", width: 2, wcwidth: width) == GlyphPlan(glyphs: [[0x2764], [0x20]], widths: [1, 1]))
    #expect(GlyphPlan(symbol: "1️⃣", width: 2, wcwidth: width) == GlyphPlan(glyphs: [[0x31, 0x20E3], [0x20]], widths: [1, 1]))
  }

  @Test func tooWideForCell_becomesReplacement() {
    #expect(GlyphPlan(symbol: "中", width: 1, wcwidth: width) == GlyphPlan(glyphs: [[0xFFFD]], widths: [1]))
  }

  @Test func unknownToCLibrary_becomesReplacement() {
    #expect(GlyphPlan(symbol: "\u{E0000}", width: 1, wcwidth: width) == GlyphPlan(glyphs: [[0xFFFD]], widths: [1]))
  }

  @Test func manyCombiningMarks_areCapped() {
    let zalgo = "a" + String(repeating: "\u{301}", count: 20)
    let plan = GlyphPlan(symbol: zalgo, width: 1, wcwidth: width)
    #expect(plan.glyphs.count == 1)
    #expect(plan.glyphs[0].count == 5)
  }
}
