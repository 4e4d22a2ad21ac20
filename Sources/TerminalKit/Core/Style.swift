/// How a cell looks: foreground, background and modifiers.
///
/// A `nil` colour means "leave it as it is": when a style is laid over a cell with
/// ``patched(with:)`` only the colours it sets change, and its modifiers are added. A cell whose
/// final colour is `nil` shows the terminal's default. Build styles by chaining:
///
/// ```swift
/// let warning = Style().foreground(.yellow).bold()
/// let selected = Style().reversed()
/// ```
public struct Style: Hashable, Sendable {
  public var foreground: Color?
  public var background: Color?
  public var modifiers: Modifiers

  public init(foreground: Color? = nil, background: Color? = nil, modifiers: Modifiers = []) {
    self.foreground = foreground
    self.background = background
    self.modifiers = modifiers
  }

  /// The style with nothing set: default colours, no modifiers.
  public static let plain = Style()

  /// Returns this style with `other` laid over it: colours `other` sets win, modifiers add up.
  public func patched(with other: Style) -> Style {
    Style(
      foreground: other.foreground ?? foreground,
      background: other.background ?? background,
      modifiers: modifiers.union(other.modifiers)
    )
  }

  // MARK: - Chaining

  public func foreground(_ color: Color) -> Style { var copy = self; copy.foreground = color; return copy }
  public func background(_ color: Color) -> Style { var copy = self; copy.background = color; return copy }
  public func adding(_ extra: Modifiers) -> Style { var copy = self; copy.modifiers.formUnion(extra); return copy }
  public func removing(_ unwanted: Modifiers) -> Style {
    var copy = self
    copy.modifiers.subtract(unwanted)
    return copy
  }
  public func bold() -> Style { adding(.bold) }
  public func dim() -> Style { adding(.dim) }
  public func italic() -> Style { adding(.italic) }
  public func underlined() -> Style { adding(.underline) }
  public func reversed() -> Style { adding(.reverse) }
}
