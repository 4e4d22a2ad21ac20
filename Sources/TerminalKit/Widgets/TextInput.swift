/// A one-line text field with a cursor; its text and cursor live in ``TextInputState``.
///
/// ```swift
/// TextInput().placeholder("Vendor name").focused(state.focus == .vendor)
///   .render(in: area, buffer: &buffer, state: &state.vendorInput)
/// ```
///
/// When focused, the cell under the cursor is drawn in reverse video and the state's
/// ``TextInputState/cursorPosition`` is set so the app can also place the terminal cursor.
/// The text scrolls sideways to keep the cursor visible; a wide character cut by the left edge
/// is not drawn half.
public struct TextInput: StatefulWidget {
  private var placeholder = ""
  private var isFocused = true
  private var style: Style = .plain
  private var placeholderStyle: Style = Style().dim()
  private var cursorStyle: Style = Style().reversed()
  private var mask: Character?
  private var block: Block?

  public init() {}

  public func placeholder(_ text: String) -> TextInput { var copy = self; copy.placeholder = text; return copy }
  public func focused(_ focused: Bool) -> TextInput { var copy = self; copy.isFocused = focused; return copy }
  public func style(_ style: Style) -> TextInput { var copy = self; copy.style = style; return copy }
  public func cursorStyle(_ style: Style) -> TextInput { var copy = self; copy.cursorStyle = style; return copy }
  /// Shows every grapheme as `mask`, e.g. "•" for a password.
  public func mask(_ mask: Character?) -> TextInput { var copy = self; copy.mask = mask; return copy }
  public func block(_ block: Block) -> TextInput { var copy = self; copy.block = block; return copy }

  public func render(in area: Rect, buffer: inout Buffer, state: inout TextInputState) {
    let inner = block.renderAround(area, buffer: &buffer)
    let row = inner.row(0)
    state.cursorPosition = nil
    guard !row.isEmpty else { return }
    buffer.setStyle(style, in: row)
    if state.isEmpty && !placeholder.isEmpty {
      buffer.setLine(Line(placeholder, style: placeholderStyle), in: row)
    }
    let graphemes = state.graphemes.map { mask ?? $0 }
    var cursorColumn = 0
    for character in graphemes.prefix(state.cursor) { cursorColumn += DisplayWidth.of(character) }
    // Keep the cursor cell itself inside the row.
    if cursorColumn < state.scrollOffset { state.scrollOffset = cursorColumn }
    if cursorColumn >= state.scrollOffset + row.width { state.scrollOffset = cursorColumn - row.width + 1 }
    let scroll = state.scrollOffset
    var column = 0
    for character in graphemes {
      let w = DisplayWidth.of(character)
      defer { column += w }
      if column < scroll { continue }
      if column + w > scroll + row.width { break }
      buffer.setString(String(character), x: row.x + column - scroll, y: row.y)
    }
    guard isFocused else { return }
    let cursorX = row.x + cursorColumn - scroll
    state.cursorPosition = Position(x: cursorX, y: row.y)
    buffer.setStyle(cursorStyle, in: Rect(x: cursorX, y: row.y, width: 1, height: 1))
  }
}
