import Testing
import TerminalKit

@Suite struct TextSanitizerTests {
  @Test func escapeSequence_becomesVisibleAndInert() {
    #expect(TextSanitizer.sanitize("\u{1B}[31mred\u{1B}[0m") == "␛[31mred␛[0m")
  }

  @Test func controlCharacters_becomeControlPictures() {
    #expect(TextSanitizer.sanitize("a\rb\nc\u{7}d\u{0}") == "a␍b␊c␇d␀")
    #expect(TextSanitizer.sanitize("del\u{7F}") == "del␡")
    #expect(TextSanitizer.sanitize("tab\there") == "tab here")
  }

  @Test func c1Controls_becomeReplacementCharacter() {
    // U+009B is the 8-bit CSI: as dangerous as ESC [.
    #expect(TextSanitizer.sanitize("x\u{9B}31my\u{85}") == "x\u{FFFD}31my\u{FFFD}")
  }

  @Test func bidiControls_becomeReplacementCharacter() {
    let hostile = "invoice\u{202E}fdp.exe\u{2066}x\u{2069}\u{200E}\u{200F}\u{061C}"
    #expect(TextSanitizer.sanitize(hostile) == "invoice\u{FFFD}fdp.exe\u{FFFD}x\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}")
  }

  @Test func cleanText_isReturnedUnchanged() {
    for text in ["plain", "Café crème", "注文 😀 🇪🇸", "e\u{301}", "👨‍👩‍👧"] {
      #expect(TextSanitizer.isClean(text))
      #expect(TextSanitizer.sanitize(text) == text)
    }
  }

  @Test func noncharactersAndSeparators_becomeReplacementCharacter() {
    var text = "a"
    for value: UInt32 in [0xFFFF, 0x62, 0x2028, 0x63, 0xFDD0, 0x1FFFE] {
      text.unicodeScalars.append(Unicode.Scalar(value) ?? "?")
    }
    #expect(TextSanitizer.sanitize(text) == "a\u{FFFD}b\u{FFFD}c\u{FFFD}\u{FFFD}")
  }

  @Test func everyReplacement_isOneColumnWide() {
    for value in Array(0..<0x20) + Array(0x7F...0x9F) + [0x202E, 0x2066, 0x200E] {
      guard let scalar = Unicode.Scalar(UInt32(value)), let replacement = TextSanitizer.replacement(for: scalar) else {
        Issue.record("no replacement for \(value)")
        continue
      }
      #expect(DisplayWidth.of(replacement) == 1)
    }
  }
}
