import CNCurses
import Testing
import TerminalKit

@testable import CursesBackend

@Suite struct KeyDecoderTests {
  let decoder = KeyDecoder(keyName: { code in code == 600 ? "kUP5" : code == 601 ? "kLFT3" : nil })

  @Test func keyCodes_mapToKeys() {
    #expect(decoder.decode([.keyCode(KEY_UP), .keyCode(KEY_NPAGE), .keyCode(KEY_DC), .keyCode(KEY_BTAB)]) == [
      KeyEvent(.up), KeyEvent(.pageDown), KeyEvent(.delete), KeyEvent(.backTab),
    ])
    #expect(decoder.decode([.keyCode(KEY_HOME), .keyCode(KEY_END), .keyCode(KEY_IC), .keyCode(KEY_BACKSPACE)]) == [
      KeyEvent(.home), KeyEvent(.end), KeyEvent(.insert), KeyEvent(.backspace),
    ])
  }

  @Test func functionKeys_includingModifiedOnes() {
    #expect(decoder.single(.keyCode(cn_key_f(1))) == KeyEvent(.function(1)))
    #expect(decoder.single(.keyCode(cn_key_f(12))) == KeyEvent(.function(12)))
    #expect(decoder.single(.keyCode(cn_key_f(17))) == KeyEvent(.function(5), modifiers: .shift))
    #expect(decoder.single(.keyCode(cn_key_f(29))) == KeyEvent(.function(5), modifiers: .control))
    #expect(decoder.single(.keyCode(cn_key_f(53))) == KeyEvent(.function(5), modifiers: .alt))
  }

  @Test func extendedCodes_decodedByTerminfoName() {
    #expect(decoder.single(.keyCode(600)) == KeyEvent(.up, modifiers: .control))
    #expect(decoder.single(.keyCode(601)) == KeyEvent(.left, modifiers: .alt))
    #expect(decoder.single(.keyCode(602)) == nil)
    #expect(KeyDecoder.modifiedKey(named: "kDC8") == KeyEvent(.delete, modifiers: [.shift, .alt, .control]))
    #expect(KeyDecoder.modifiedKey(named: "kUP") == nil)
  }

  @Test func controlCharacters_mapToControlLetters() {
    #expect(decoder.decode([.character(0x13), .character(0x01), .character(0x00)]) == [
      .control("s"), .control("a"), KeyEvent(.character(" "), modifiers: .control),
    ])
    #expect(decoder.decode([.character(0x0D), .character(0x09), .character(0x7F), .character(0x08)]) == [
      KeyEvent(.enter), KeyEvent(.tab), KeyEvent(.backspace), KeyEvent(.backspace),
    ])
  }

  @Test func escapePrefix_meansAlt_andLoneEscapeIsEscape() {
    #expect(decoder.decode([.character(0x1B), .character(0x78)]) == [.alt("x")])
    #expect(decoder.decode([.character(0x1B), .keyCode(KEY_LEFT)]) == [KeyEvent(.left, modifiers: .alt)])
    #expect(decoder.decode([.character(0x1B)]) == [KeyEvent(.escape)])
    #expect(decoder.decode([.character(0x1B), .character(0x1B)]) == [KeyEvent(.escape, modifiers: .alt)])
  }

  @Test func unicodeText_andCombiningMarkJoinsPreviousLetter() {
    #expect(decoder.decode([.character(0x4E2D), .character(0x1F436)]) == [.character("中"), .character("🐶")])
    #expect(decoder.decode([.character(0x65), .character(0x301)]) == [.character("e\u{301}")])
  }

  @Test func c1Controls_areDropped() {
    #expect(decoder.decode([.character(0x9B), .character(0x61)]) == [.character("a")])
  }
}

@Suite struct MouseDecoderTests {
  @Test func pressReleaseAndWheel() {
    #expect(MouseDecoder.decode(buttonState: cn_button_pressed(1), x: 3, y: 4) == MouseEvent(.pressed(.left), at: Position(x: 3, y: 4)))
    #expect(MouseDecoder.decode(buttonState: cn_button_released(3), x: 0, y: 0)?.kind == .released(.right))
    #expect(MouseDecoder.decode(buttonState: cn_button_pressed(4), x: 0, y: 0)?.kind == .wheelUp)
    #expect(MouseDecoder.decode(buttonState: cn_button_pressed(5), x: 0, y: 0)?.kind == .wheelDown)
    #expect(MouseDecoder.decode(buttonState: 0, x: 0, y: 0) == nil)
  }

  @Test func modifiers() {
    let event = MouseDecoder.decode(buttonState: cn_button_pressed(1) | cn_button_ctrl() | cn_button_shift(), x: 1, y: 1)
    #expect(event?.modifiers == [.control, .shift])
  }
}
