/// A row of tab titles with the selected one highlighted.
///
/// ```swift
/// Tabs(["Orders", "Queue", "Health", "Conflicts"]).select(state.screen.rawValue)
/// ```
/// Titles that do not fit are cut with `…`.
public struct Tabs: Widget {
  private var titles: [Line]
  private var selected = 0
  private var divider = " │ "
  private var style: Style = .plain
  private var highlightStyle: Style = Style().reversed().bold()
  private var block: Block?

  public init(_ titles: [String]) { self.titles = titles.map { Line($0) } }
  public init(_ titles: [Line]) { self.titles = titles }

  public func select(_ index: Int) -> Tabs { var copy = self; copy.selected = index; return copy }
  public func divider(_ divider: String) -> Tabs { var copy = self; copy.divider = divider; return copy }
  public func style(_ style: Style) -> Tabs { var copy = self; copy.style = style; return copy }
  public func highlightStyle(_ style: Style) -> Tabs { var copy = self; copy.highlightStyle = style; return copy }
  public func block(_ block: Block) -> Tabs { var copy = self; copy.block = block; return copy }

  /// The tab under column `x` when the tabs were drawn at `area`, for mouse clicks.
  public func tab(atX x: Int, in area: Rect) -> Int? {
    let inner = block?.inner(area) ?? area
    var left = inner.x
    for (index, title) in titles.enumerated() {
      let right = left + title.width + 2
      if x >= left && x < right { return index }
      left = right + DisplayWidth.of(divider)
    }
    return nil
  }

  public func render(in area: Rect, buffer: inout Buffer) {
    buffer.setStyle(style, in: area)
    let inner = block.renderAround(area, buffer: &buffer)
    let row = inner.row(0)
    guard !row.isEmpty else { return }
    var x = row.x
    for (index, title) in titles.enumerated() {
      if index > 0 {
        x = buffer.setString(divider, x: x, y: row.y, maxWidth: row.right - x)
      }
      guard x < row.right else { break }
      let padded = Line([Span(" ")] + title.spans + [Span(" ")], style: title.style)
      let cut = padded.truncated(toWidth: row.right - x)
      let start = x
      x = buffer.setLine(cut, x: x, y: row.y, maxWidth: row.right - x)
      if index == selected {
        buffer.setStyle(highlightStyle, in: Rect(x: start, y: row.y, width: x - start, height: 1))
      }
    }
  }
}
