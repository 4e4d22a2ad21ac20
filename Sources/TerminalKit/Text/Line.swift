/// One line of styled text: spans, a base style and an optional alignment.
///
/// Lines never contain line breaks; a newline inside a span is drawn as `␊` like any other
/// control character (see ``TextSanitizer``). Use ``Paragraph`` for text with several lines.
public struct Line: Hashable, Sendable, ExpressibleByStringLiteral {
  public var spans: [Span]
  /// Laid under every span's own style.
  public var style: Style
  /// `nil` lets the widget drawing the line decide.
  public var alignment: Alignment?

  public init(_ spans: [Span], style: Style = .plain, alignment: Alignment? = nil) {
    self.spans = spans
    self.style = style
    self.alignment = alignment
  }

  public init(_ text: String, style: Style = .plain, alignment: Alignment? = nil) {
    self.init([Span(text)], style: style, alignment: alignment)
  }

  public init(stringLiteral value: String) { self.init(value) }

  /// The columns the line takes on screen.
  public var width: Int { spans.reduce(0) { $0 + $1.width } }

  /// The plain text of the line, without styles.
  public var plainText: String { spans.map(\.content).joined() }

  public func style(_ style: Style) -> Line { var copy = self; copy.style = style; return copy }
  public func aligned(_ alignment: Alignment) -> Line { var copy = self; copy.alignment = alignment; return copy }

  /// The line cut to at most `width` columns, ending with `ellipsis` in the style of the span it
  /// replaces. Never splits a grapheme cluster or a wide character.
  public func truncated(toWidth width: Int, ellipsis: String = "…") -> Line {
    guard self.width > width else { return self }
    let ellipsisWidth = DisplayWidth.of(ellipsis)
    guard width >= ellipsisWidth, width > 0 else { return Line([], style: style, alignment: alignment) }
    var budget = width - ellipsisWidth
    var kept: [Span] = []
    var lastStyle = spans.first?.style ?? .plain
    for span in spans {
      lastStyle = span.style
      let spanWidth = span.width
      if spanWidth <= budget {
        kept.append(span)
        budget -= spanWidth
        continue
      }
      var part = ""
      for character in TextSanitizer.sanitize(span.content) {
        let w = DisplayWidth.of(character)
        if w > budget { break }
        part.append(character)
        budget -= w
      }
      if !part.isEmpty { kept.append(Span(part, style: span.style)) }
      break
    }
    kept.append(Span(ellipsis, style: lastStyle))
    return Line(kept, style: style, alignment: alignment)
  }
}
