/// A run of text in one style: the unit of styled text.
///
/// ```swift
/// let line = Line([Span("PO-0042 ").bold(), Span("draft", style: Style().foreground(.yellow))])
/// ```
public struct Span: Hashable, Sendable, ExpressibleByStringLiteral {
  public var content: String
  public var style: Style

  public init(_ content: String, style: Style = .plain) {
    self.content = content
    self.style = style
  }

  public init(stringLiteral value: String) { self.init(value) }

  /// The columns the span takes on screen.
  public var width: Int { DisplayWidth.of(content) }

  public func style(_ style: Style) -> Span { Span(content, style: style) }
  public func bold() -> Span { Span(content, style: style.bold()) }
}
