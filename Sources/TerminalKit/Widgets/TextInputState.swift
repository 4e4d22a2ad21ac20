/// The text, cursor and scroll position of a ``TextInput``, with the usual editing keys.
///
/// ```swift
/// case .key(let key): if state.vendorField.handle(key) { return }  // consumed by the field
/// ```
///
/// Keys handled by ``handle(_:)``: printable characters insert; ←/→, Home/End, Ctrl+A/Ctrl+E
/// move; Ctrl+←/Ctrl+→ and Alt+B/Alt+F move by word; Backspace, Delete, Ctrl+H, Ctrl+D delete
/// a grapheme; Ctrl+W and Alt+Backspace delete the word before the cursor; Ctrl+U and Ctrl+K
/// delete to the start and end. The cursor moves by grapheme cluster, never inside one.
public struct TextInputState: Hashable, Sendable {
  private var characters: [Character]
  /// The cursor as a grapheme index, `0 ... text.count`.
  public private(set) var cursor: Int
  /// The first visible column; the widget moves it to keep the cursor in view.
  public var scrollOffset = 0
  /// Inserting stops at this many graphemes.
  public var maxLength: Int?
  /// Where the widget drew the cursor on screen in the last frame, for the terminal cursor.
  public var cursorPosition: Position?

  public init(text: String = "", maxLength: Int? = nil) {
    self.characters = Array(TextSanitizer.sanitize(text))
    self.cursor = characters.count
    self.maxLength = maxLength
  }

  public var text: String { String(characters) }
  public var isEmpty: Bool { characters.isEmpty }

  /// Replaces the text and puts the cursor at its end.
  public mutating func setText(_ text: String) {
    characters = Array(TextSanitizer.sanitize(text))
    cursor = characters.count
  }

  /// Applies an editing key. Returns whether the key was used.
  @discardableResult
  public mutating func handle(_ event: KeyEvent) -> Bool {
    let control = event.modifiers.contains(.control)
    let alt = event.modifiers.contains(.alt)
    switch event.key {
    case .character(let character) where !control && !alt:
      insert(String(character))
    case .character("a") where control: cursor = 0
    case .character("e") where control: cursor = characters.count
    case .character("b") where control: moveLeft()
    case .character("f") where control: moveRight()
    case .character("h") where control: deleteBackward()
    case .character("d") where control: deleteForward()
    case .character("w") where control: deleteWordBackward()
    case .character("u") where control: deleteToStart()
    case .character("k") where control: deleteToEnd()
    case .character("b") where alt: cursor = previousWordStart()
    case .character("f") where alt: cursor = nextWordEnd()
    case .backspace where alt || control: deleteWordBackward()
    case .backspace: deleteBackward()
    case .delete: deleteForward()
    case .left where control || alt: cursor = previousWordStart()
    case .right where control || alt: cursor = nextWordEnd()
    case .left: moveLeft()
    case .right: moveRight()
    case .home: cursor = 0
    case .end: cursor = characters.count
    default: return false
    }
    return true
  }

  // MARK: - Editing

  /// Inserts text at the cursor (sanitised; line breaks become visible symbols).
  public mutating func insert(_ text: String) {
    var new = Array(TextSanitizer.sanitize(text)).filter { DisplayWidth.of($0) > 0 }
    if let maxLength { new = Array(new.prefix(max(0, maxLength - characters.count))) }
    characters.insert(contentsOf: new, at: cursor)
    cursor += new.count
  }

  public mutating func deleteBackward() {
    guard cursor > 0 else { return }
    characters.remove(at: cursor - 1)
    cursor -= 1
  }

  public mutating func deleteForward() {
    guard cursor < characters.count else { return }
    characters.remove(at: cursor)
  }

  public mutating func deleteWordBackward() {
    let start = previousWordStart()
    characters.removeSubrange(start..<cursor)
    cursor = start
  }

  public mutating func deleteToStart() {
    characters.removeSubrange(0..<cursor)
    cursor = 0
  }

  public mutating func deleteToEnd() { characters.removeSubrange(cursor..<characters.count) }

  public mutating func moveLeft() { cursor = max(0, cursor - 1) }
  public mutating func moveRight() { cursor = min(characters.count, cursor + 1) }

  private func previousWordStart() -> Int {
    var index = cursor
    while index > 0 && characters[index - 1].isWhitespace { index -= 1 }
    while index > 0 && !characters[index - 1].isWhitespace { index -= 1 }
    return index
  }

  private func nextWordEnd() -> Int {
    var index = cursor
    while index < characters.count && characters[index].isWhitespace { index += 1 }
    while index < characters.count && !characters[index].isWhitespace { index += 1 }
    return index
  }

  // MARK: - Layout for the widget

  var graphemes: [Character] { characters }
}
