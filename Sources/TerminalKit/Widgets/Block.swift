/// A frame around other widgets: borders, a title in the top border, a background.
///
/// ```swift
/// let block = Block().borders(.all).title("Orders").borderStyle(Style().foreground(.cyan))
/// block.render(in: area, buffer: &buffer)
/// Paragraph("…").render(in: block.inner(area), buffer: &buffer)
/// ```
///
/// Most widgets take a block with `.block(_:)` and draw inside ``inner(_:)`` themselves.
public struct Block: Widget, Hashable, Sendable {
  private var borders: Borders = []
  private var borderType: BorderType = .plain
  private var borderStyle: Style = .plain
  private var title: Line?
  private var titleAlignment: Alignment = .left
  private var style: Style = .plain
  private var padding = 0

  public init() {}

  /// A block with borders on every side and an optional title: the usual frame.
  public static func bordered(title: String? = nil) -> Block {
    var block = Block().borders(.all)
    if let title { block = block.title(title) }
    return block
  }

  public func borders(_ borders: Borders) -> Block { var copy = self; copy.borders = borders; return copy }
  public func borderType(_ type: BorderType) -> Block { var copy = self; copy.borderType = type; return copy }
  public func borderStyle(_ style: Style) -> Block { var copy = self; copy.borderStyle = style; return copy }
  public func title(_ title: String) -> Block { self.title(Line(title)) }
  public func title(_ title: Line) -> Block { var copy = self; copy.title = title; return copy }
  public func titleAlignment(_ alignment: Alignment) -> Block { var copy = self; copy.titleAlignment = alignment; return copy }
  /// Laid over the whole block area, e.g. a background colour.
  public func style(_ style: Style) -> Block { var copy = self; copy.style = style; return copy }
  /// Empty columns and rows inside the border.
  public func padding(_ cells: Int) -> Block { var copy = self; copy.padding = max(0, cells); return copy }

  /// The area left for content inside borders and padding.
  public func inner(_ area: Rect) -> Rect {
    var x = area.x
    var y = area.y
    var right = area.right
    var bottom = area.bottom
    if borders.contains(.left) { x += 1 }
    if borders.contains(.right) { right -= 1 }
    if borders.contains(.top) || (title != nil) { y += 1 }
    if borders.contains(.bottom) { bottom -= 1 }
    x += padding
    y += padding
    right -= padding
    bottom -= padding
    return Rect(x: min(x, area.right), y: min(y, area.bottom), width: right - x, height: bottom - y)
  }

  public func render(in area: Rect, buffer: inout Buffer) {
    guard !area.isEmpty else { return }
    buffer.setStyle(style, in: area)
    let symbols = borderType.symbols
    let lineStyle = style.patched(with: borderStyle)
    let last = area.right - 1
    let lastRow = area.bottom - 1
    if borders.contains(.top) {
      for x in area.x..<area.right { buffer.setString(symbols.horizontal, x: x, y: area.y, style: lineStyle) }
    }
    if borders.contains(.bottom) {
      for x in area.x..<area.right { buffer.setString(symbols.horizontal, x: x, y: lastRow, style: lineStyle) }
    }
    if borders.contains(.left) {
      for y in area.y..<area.bottom { buffer.setString(symbols.vertical, x: area.x, y: y, style: lineStyle) }
    }
    if borders.contains(.right) {
      for y in area.y..<area.bottom { buffer.setString(symbols.vertical, x: last, y: y, style: lineStyle) }
    }
    if borders.contains([.top, .left]) { buffer.setString(symbols.topLeft, x: area.x, y: area.y, style: lineStyle) }
    if borders.contains([.top, .right]) { buffer.setString(symbols.topRight, x: last, y: area.y, style: lineStyle) }
    if borders.contains([.bottom, .left]) { buffer.setString(symbols.bottomLeft, x: area.x, y: lastRow, style: lineStyle) }
    if borders.contains([.bottom, .right]) { buffer.setString(symbols.bottomRight, x: last, y: lastRow, style: lineStyle) }
    if let title {
      let left = area.x + (borders.contains(.left) ? 1 : 0)
      let right = area.right - (borders.contains(.right) ? 1 : 0)
      let titleArea = Rect(x: left, y: area.y, width: right - left, height: 1)
      buffer.setLine(title.style(style.patched(with: title.style)), in: titleArea, alignment: titleAlignment)
    }
  }
}

extension Optional where Wrapped == Block {
  /// Draws the block, when there is one, and returns the area inside it; without a block, the
  /// whole area. Every widget that can sit in a block starts its rendering with this.
  public func renderAround(_ area: Rect, buffer: inout Buffer) -> Rect {
    guard let block = self else { return area }
    block.render(in: area, buffer: &buffer)
    return block.inner(area)
  }
}
