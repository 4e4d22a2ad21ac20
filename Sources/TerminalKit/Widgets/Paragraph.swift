/// Text over one or more lines, optionally wrapped, aligned and scrolled.
///
/// ```swift
/// Paragraph("Vendor: Vetpharma GmbH\nNote: deliver before 10:00")
///   .wrap(true)
///   .block(.bordered(title: "Order"))
///   .render(in: area, buffer: &buffer)
/// ```
///
/// `\n` and `\r\n` separate lines; every other control character is shown harmlessly (see
/// ``TextSanitizer``). Without wrapping, lines too wide for the area end in `…`.
public struct Paragraph: Widget {
  private var lines: [Line]
  private var wraps = false
  private var alignment: Alignment = .left
  private var scroll = 0
  private var style: Style = .plain
  private var block: Block?

  public init(_ text: String, style: Style = .plain) {
    self.lines = Paragraph.splitLines(text).map { Line($0, style: style) }
  }

  public init(_ lines: [Line]) { self.lines = lines }

  /// Wraps long lines at word boundaries instead of cutting them.
  public func wrap(_ wraps: Bool = true) -> Paragraph { var copy = self; copy.wraps = wraps; return copy }
  public func alignment(_ alignment: Alignment) -> Paragraph { var copy = self; copy.alignment = alignment; return copy }
  /// Skips this many (wrapped) lines from the top.
  public func scroll(_ lines: Int) -> Paragraph { var copy = self; copy.scroll = max(0, lines); return copy }
  public func style(_ style: Style) -> Paragraph { var copy = self; copy.style = style; return copy }
  public func block(_ block: Block) -> Paragraph { var copy = self; copy.block = block; return copy }

  /// The number of lines the text takes at `width` columns, to size a scroll bar or a popup.
  public func lineCount(width: Int) -> Int { laidOut(width: width).count }

  public func render(in area: Rect, buffer: inout Buffer) {
    buffer.setStyle(style, in: area)
    let inner = block.renderAround(area, buffer: &buffer)
    guard !inner.isEmpty else { return }
    for (row, line) in laidOut(width: inner.width).dropFirst(scroll).prefix(inner.height).enumerated() {
      buffer.setLine(line, in: inner.row(row), alignment: alignment)
    }
  }

  private func laidOut(width: Int) -> [Line] {
    guard wraps else { return lines }
    return lines.flatMap { TextWrapper.wrap($0, width: width) }
  }

  /// Splits text at `\n` and `\r\n` (a single grapheme cluster in Swift).
  static func splitLines(_ text: String) -> [String] {
    var lines: [String] = []
    var current = ""
    for character in text {
      if character == "\n" || character == "\r\n" {
        lines.append(current)
        current = ""
      } else {
        current.append(character)
      }
    }
    lines.append(current)
    return lines
  }
}
