/// A key press with its modifiers.
///
/// Control with a letter arrives as `.character("a")` plus ``KeyModifiers/control`` (always the
/// lowercase letter); Alt+key as the key plus ``KeyModifiers/alt``. Shift is only reported for
/// keys that have no shifted character of their own (Shift+Up, BackTab is its own key):
/// Shift+a is simply `.character("A")`.
public struct KeyEvent: Hashable, Sendable, CustomStringConvertible {
  public var key: Key
  public var modifiers: KeyModifiers

  public init(_ key: Key, modifiers: KeyModifiers = []) {
    self.key = key
    self.modifiers = modifiers
  }

  /// A plain character key.
  public static func character(_ character: Character) -> KeyEvent { KeyEvent(.character(character)) }
  /// Control with a letter, e.g. `.control("s")`.
  public static func control(_ letter: Character) -> KeyEvent { KeyEvent(.character(letter), modifiers: .control) }
  /// Alt with a key, e.g. `.alt("x")`.
  public static func alt(_ character: Character) -> KeyEvent { KeyEvent(.character(character), modifiers: .alt) }

  /// How the key is written in help texts: `ctrl+s`, `alt+x`, `↑`, `F5`, `enter`.
  public var description: String {
    var parts: [String] = []
    if modifiers.contains(.control) { parts.append("ctrl") }
    if modifiers.contains(.alt) { parts.append("alt") }
    if modifiers.contains(.shift) { parts.append("shift") }
    parts.append(Self.name(of: key))
    return parts.joined(separator: "+")
  }

  private static func name(of key: Key) -> String {
    switch key {
    case .character(" "): "space"
    case .character(let character): String(character)
    case .enter: "enter"
    case .tab: "tab"
    case .backTab: "shift+tab"
    case .backspace: "backspace"
    case .escape: "esc"
    case .up: "↑"
    case .down: "↓"
    case .left: "←"
    case .right: "→"
    case .home: "home"
    case .end: "end"
    case .pageUp: "pgup"
    case .pageDown: "pgdn"
    case .insert: "ins"
    case .delete: "del"
    case .function(let number): "F\(number)"
    }
  }
}
