import Testing
import TerminalKit
import TerminalKitTestSupport

@Suite struct TextInputTests {
  private func type(_ text: String, into state: inout TextInputState) {
    for character in text { state.handle(.character(character)) }
  }

  @Test func editingKeys_insertDeleteAndMove() {
    var state = TextInputState()
    type("helo", into: &state)
    state.handle(KeyEvent(.left))
    type("l", into: &state)
    #expect(state.text == "hello")
    #expect(state.cursor == 4)
    state.handle(KeyEvent(.home))
    state.handle(KeyEvent(.delete))
    #expect(state.text == "ello")
    state.handle(KeyEvent(.end))
    state.handle(KeyEvent(.backspace))
    #expect(state.text == "ell")
    #expect(state.handle(KeyEvent(.function(5))) == false)
  }

  @Test func controlKeys_editLikeReadline() {
    var state = TextInputState(text: "box of gloves")
    state.handle(.control("w"))
    #expect(state.text == "box of ")
    state.handle(.control("a"))
    state.handle(.control("k"))
    #expect(state.text == "")
    state.setText("abc def")
    state.handle(KeyEvent(.left, modifiers: .control))
    #expect(state.cursor == 4)
    state.handle(.control("u"))
    #expect(state.text == "def")
  }

  @Test func cursorMovesByGrapheme_neverInside() {
    var state = TextInputState(text: "e\u{301}🇪🇸中")
    state.handle(KeyEvent(.backspace))
    #expect(state.text == "e\u{301}🇪🇸")
    state.handle(KeyEvent(.left))
    state.handle(KeyEvent(.backspace))
    #expect(state.text == "🇪🇸")
  }

  @Test func pastedControls_areSanitised_andMaxLengthHonoured() {
    var state = TextInputState(maxLength: 5)
    state.insert("ab\u{1B}[31mcdef")
    #expect(state.text == "ab␛[3")
  }

  @Test func rendersTextAndCursor() {
    var state = TextInputState(text: "abc")
    let buffer = render(TextInput(), width: 6, height: 1, state: &state)
    expectBuffer(buffer, equals: Buffer(lines: ["abc   "]).withStyle(Style().reversed(), in: Rect(x: 3, y: 0, width: 1, height: 1)))
    #expect(state.cursorPosition == Position(x: 3, y: 0))
  }

  @Test func scrollsToKeepCursorVisible() {
    var state = TextInputState(text: "abcdefgh")
    let buffer = render(TextInput().focused(false), width: 4, height: 1, state: &state)
    expectBuffer(buffer, equals: Buffer(lines: ["fgh "]))
    #expect(state.scrollOffset == 5)
  }

  @Test func wideCharacterCutByLeftEdge_isNotDrawnHalf() {
    var state = TextInputState(text: "中文字")
    // Cursor at the end (column 6); width 4 → scroll 3: "文" starts at column 2, cut.
    let buffer = render(TextInput().focused(false), width: 4, height: 1, state: &state)
    expectBuffer(buffer, equals: Buffer(lines: [" 字 "]))
  }

  @Test func placeholder_isDim_whenEmpty() {
    var state = TextInputState()
    let buffer = render(TextInput().placeholder("Vendor").focused(false), width: 8, height: 1, state: &state)
    expectBuffer(buffer, equals: Buffer(lines: ["Vendor  "]).withStyle(Style().dim(), in: Rect(x: 0, y: 0, width: 6, height: 1)))
  }
}

@Suite struct FormTests {
  @Test func rendersLabelsInputsAndInlineError() {
    var state = FormState(values: ["Vetpharma", "x"])
    state.focused = 1
    let form = Form([FormField("Vendor"), FormField("Qty", error: "not a number")]).inputStyle(.plain)
    let buffer = render(form, width: 24, height: 4, state: &state)
    expectBuffer(buffer, equals: Buffer(lines: [
      "Vendor  Vetpharma       ",
      "   Qty  x               ",
      "        ✗ not a number  ",
      "                        ",
    ]).withStyle(Style().bold(), in: Rect(x: 3, y: 1, width: 3, height: 1))
      .withStyle(Style().reversed(), in: Rect(x: 9, y: 1, width: 1, height: 1))
      .withStyle(Style().foreground(.red), in: Rect(x: 8, y: 2, width: 14, height: 1)))
  }

  @Test func tabMovesFocus_andKeysGoToFocusedInput() {
    var state = FormState(values: ["", ""])
    state.handle(.character("a"))
    state.handle(KeyEvent(.tab))
    state.handle(.character("b"))
    state.handle(KeyEvent(.backTab))
    state.handle(KeyEvent(.backTab))
    #expect(state.values == ["a", "b"])
    #expect(state.focused == 1)
  }
}
