/// A vertical list of items with a selected item, scrolled to keep the selection visible.
///
/// ```swift
/// List(["Draft", "Sent", "Confirmed"]).highlightSymbol("> ")
///   .render(in: area, buffer: &buffer, state: &state.filter)
/// ```
public struct List: StatefulWidget {
  private var items: [Line]
  private var block: Block?
  private var style: Style = .plain
  private var highlightStyle: Style = Style().reversed()
  private var highlightSymbol = ""

  public init(_ items: [Line]) { self.items = items }
  public init(_ items: [String]) { self.items = items.map { Line($0) } }

  public func block(_ block: Block) -> List { var copy = self; copy.block = block; return copy }
  public func style(_ style: Style) -> List { var copy = self; copy.style = style; return copy }
  public func highlightStyle(_ style: Style) -> List { var copy = self; copy.highlightStyle = style; return copy }
  public func highlightSymbol(_ symbol: String) -> List { var copy = self; copy.highlightSymbol = symbol; return copy }

  public func render(in area: Rect, buffer: inout Buffer, state: inout ListState) {
    buffer.setStyle(style, in: area)
    let inner = block.renderAround(area, buffer: &buffer)
    guard !inner.isEmpty else { return }
    if let selected = state.selected {
      state.selected = items.isEmpty ? nil : max(0, min(selected, items.count - 1))
    }
    state.offset = ScrollWindow.offset(
      current: state.offset, selected: state.selected, visible: inner.height, count: items.count)
    let symbolWidth = DisplayWidth.of(highlightSymbol)
    for (row, index) in (state.offset..<min(items.count, state.offset + inner.height)).enumerated() {
      let line = inner.row(row)
      let isSelected = index == state.selected
      if isSelected && symbolWidth > 0 {
        buffer.setString(highlightSymbol, x: line.x, y: line.y, maxWidth: line.width)
      }
      let textArea = Rect(x: line.x + symbolWidth, y: line.y, width: line.width - symbolWidth, height: 1)
      buffer.setLine(items[index], in: textArea)
      if isSelected { buffer.setStyle(highlightStyle, in: line) }
    }
  }
}
