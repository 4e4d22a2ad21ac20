/// A colour for a cell's foreground or background.
///
/// Colours are described the way an app thinks of them (a named ANSI colour, an entry of the
/// 256-colour palette, or a true colour) and a backend brings them down to what the terminal
/// can show: see ``Color/nearestIndexed`` and ``Color/nearestBasic``. `default` leaves the
/// terminal's own foreground or background, which is what most cells want.
public enum Color: Hashable, Sendable {
  /// The terminal's default foreground or background.
  case `default`
  case black, red, green, yellow, blue, magenta, cyan, white
  case brightBlack, brightRed, brightGreen, brightYellow
  case brightBlue, brightMagenta, brightCyan, brightWhite
  /// An entry of the xterm 256-colour palette: 0–15 are the ANSI colours, 16–231 a 6×6×6
  /// cube, 232–255 a grey ramp.
  case indexed(UInt8)
  /// A 24-bit colour. Terminals without true colour get the nearest palette entry.
  case rgb(UInt8, UInt8, UInt8)

  /// Parses `#rrggbb` or `rrggbb`, as theme files write colours.
  ///
  /// - Returns: `nil` when the text is not six hexadecimal digits.
  public init?(hex: String) {
    var digits = Substring(hex)
    if digits.hasPrefix("#") { digits = digits.dropFirst() }
    guard digits.count == 6, let value = UInt32(digits, radix: 16) else { return nil }
    self = .rgb(
      UInt8(truncatingIfNeeded: value >> 16),
      UInt8(truncatingIfNeeded: value >> 8),
      UInt8(truncatingIfNeeded: value)
    )
  }
}
