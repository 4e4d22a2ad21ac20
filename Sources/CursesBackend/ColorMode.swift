import TerminalKit

/// How many colours the backend uses, chosen from the terminal's `COLORS` and `NO_COLOR`.
public enum ColorMode: Hashable, Sendable {
  /// No colours at all, only attributes (bold, reverse…): `NO_COLOR` is set or the terminal
  /// has none.
  case none
  case basic8
  case basic16
  /// The xterm 256-colour palette; true colours are mapped to the nearest entry.
  case indexed256

  /// The mode for a terminal with `colors` colours, honouring the `NO_COLOR` convention
  /// (<https://no-color.org>: set and not empty means no colour).
  public static func detect(colors: Int, hasColors: Bool, environment: [String: String]) -> ColorMode {
    if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .none }
    guard hasColors else { return .none }
    if colors >= 256 { return .indexed256 }
    if colors >= 16 { return .basic16 }
    return colors >= 8 ? .basic8 : .none
  }

  /// The curses colour number for `color`: -1 for the terminal default.
  public func colorNumber(for color: Color?) -> Int32 {
    guard let color else { return -1 }
    switch self {
    case .none: return -1
    case .indexed256: return Int32(color.nearestIndexed ?? -1)
    case .basic16: return Int32(color.nearestBasic ?? -1)
    case .basic8: return color.nearestBasic.map { Int32($0 % 8) } ?? -1
    }
  }
}
