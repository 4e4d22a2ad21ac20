/// A one-line bar: left-aligned message, right-aligned hint. Configure with chained modifiers.
///
/// When both do not fit, the hint keeps its place and the message is cut with `…`.
public struct StatusBar: Widget {
  private var message: Line
  private var hint: Line = Line("")
  private var style: Style = Style().reversed()

  public init(_ message: String) { self.message = Line(message) }
  public init(_ message: Line) { self.message = message }

  public func hint(_ hint: String) -> StatusBar { var copy = self; copy.hint = Line(hint); return copy }
  public func hint(_ hint: Line) -> StatusBar { var copy = self; copy.hint = hint; return copy }
  /// The bar's style; reverse video by default.
  public func style(_ style: Style) -> StatusBar { var copy = self; copy.style = style; return copy }

  public func render(in area: Rect, buffer: inout Buffer) {
    let row = area.row(0)
    guard !row.isEmpty else { return }
    buffer.fill(row, with: .blank)
    buffer.setStyle(style, in: row)
    let hintWidth = min(hint.width, row.width)
    let hintArea = Rect(x: row.right - hintWidth, y: row.y, width: hintWidth, height: 1)
    buffer.setLine(hint, in: hintArea, alignment: .right)
    let gap = hintWidth > 0 ? 1 : 0
    let messageArea = Rect(x: row.x, y: row.y, width: row.width - hintWidth - gap, height: 1)
    buffer.setLine(message, in: messageArea)
  }
}
