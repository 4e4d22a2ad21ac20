/// Which sides of a ``Block`` have a border.
public struct Borders: OptionSet, Hashable, Sendable {
  public let rawValue: UInt8
  public init(rawValue: UInt8) { self.rawValue = rawValue }

  public static let top = Borders(rawValue: 1 << 0)
  public static let right = Borders(rawValue: 1 << 1)
  public static let bottom = Borders(rawValue: 1 << 2)
  public static let left = Borders(rawValue: 1 << 3)
  public static let all: Borders = [.top, .right, .bottom, .left]
}

/// The line characters of a border.
public enum BorderType: Hashable, Sendable {
  case plain, rounded, double, thick

  struct Symbols {
    var horizontal: String, vertical: String
    var topLeft: String, topRight: String, bottomLeft: String, bottomRight: String
  }

  var symbols: Symbols {
    switch self {
    case .plain: Symbols(horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘")
    case .rounded: Symbols(horizontal: "─", vertical: "│", topLeft: "╭", topRight: "╮", bottomLeft: "╰", bottomRight: "╯")
    case .double: Symbols(horizontal: "═", vertical: "║", topLeft: "╔", topRight: "╗", bottomLeft: "╚", bottomRight: "╝")
    case .thick: Symbols(horizontal: "━", vertical: "┃", topLeft: "┏", topRight: "┓", bottomLeft: "┗", bottomRight: "┛")
    }
  }
}
