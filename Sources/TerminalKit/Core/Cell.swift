/// One terminal cell: a grapheme cluster and its style.
///
/// A wide character (CJK, most emoji) occupies two cells: a *leading* cell holding the
/// character with ``width`` 2, and a *continuation* cell right after it with an empty
/// ``symbol`` and ``width`` 0. ``Buffer`` keeps the pair consistent: overwriting either half
/// blanks the other.
public struct Cell: Hashable, Sendable {
  /// The grapheme cluster drawn in the cell, already sanitised; empty for a continuation cell.
  public private(set) var symbol: String
  /// 1 for a narrow cell, 2 for the leading cell of a wide character, 0 for its continuation.
  public private(set) var width: Int
  public var style: Style

  /// A cell showing `character`.
  ///
  /// The character is sanitised (see ``TextSanitizer``); one that takes no columns at all, such
  /// as a lone combining mark, becomes a space.
  public init(_ character: Character, style: Style = .plain) {
    let clean = TextSanitizer.sanitize(String(character))
    // Sanitising can turn one cluster into several (CR LF becomes ␍␊): keep the first.
    let first = clean.first ?? " "
    let w = DisplayWidth.of(first)
    self.symbol = w == 0 ? " " : String(first)
    self.width = w == 0 ? 1 : w
    self.style = style
  }

  private init(symbol: String, width: Int, style: Style) {
    self.symbol = symbol
    self.width = width
    self.style = style
  }

  /// A space in the default style.
  public static let blank = Cell(symbol: " ", width: 1, style: .plain)

  /// The right half of a wide character.
  static func continuation(style: Style) -> Cell { Cell(symbol: "", width: 0, style: style) }

  /// Builds a cell from a cluster already known to be sanitised and `width` columns wide.
  static func trusted(_ character: Character, width: Int, style: Style) -> Cell {
    Cell(symbol: String(character), width: width, style: style)
  }

  /// A cell showing one printable ASCII character (0x20–0x7E), which needs no sanitising.
  static func ascii(_ byte: UInt8, style: Style) -> Cell {
    Cell(symbol: String(Character(Unicode.Scalar(byte))), width: 1, style: style)
  }

  /// A space in `style`, as used to blank the other half of a broken wide character.
  static func space(style: Style) -> Cell { Cell(symbol: " ", width: 1, style: style) }

  public var isContinuation: Bool { width == 0 }
}
