/// A key on the keyboard, independent of how the terminal encodes it.
public enum Key: Hashable, Sendable {
  /// Text: a letter, digit, symbol or any Unicode grapheme cluster, including space.
  case character(Character)
  case enter, tab, backTab, backspace, escape
  case up, down, left, right
  case home, end, pageUp, pageDown
  case insert, delete
  /// F1–F12 (and beyond where a terminal reports them).
  case function(Int)
}
