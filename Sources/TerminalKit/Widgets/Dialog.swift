/// A centred popup with a title, a wrapped message and a row of buttons: confirmations such
/// as "Discard 3 dead-lettered jobs?".
///
/// It clears what is under it. The selected button is drawn in reverse video; use
/// ``area(in:)`` and ``button(at:in:)`` for mouse clicks.
///
/// ```swift
/// Dialog(title: "Discard jobs", message: "Discard 3 failed jobs? This cannot be undone.")
///   .buttons(["Discard", "Cancel"]).selectedButton(state.dialogChoice)
///   .render(in: frame.area, buffer: &frame.buffer)
/// ```
public struct Dialog: Widget {
  private var title: String
  private var message: String
  private var buttons: [String] = ["OK"]
  private var selectedButton = 0
  private var preferredWidth = 50
  private var style: Style = .plain
  private var borderStyle: Style = .plain

  public init(title: String, message: String) {
    self.title = title
    self.message = message
  }

  public func buttons(_ buttons: [String]) -> Dialog { var copy = self; copy.buttons = buttons; return copy }
  public func selectedButton(_ index: Int) -> Dialog { var copy = self; copy.selectedButton = index; return copy }
  public func width(_ width: Int) -> Dialog { var copy = self; copy.preferredWidth = width; return copy }
  public func style(_ style: Style) -> Dialog { var copy = self; copy.style = style; return copy }
  public func borderStyle(_ style: Style) -> Dialog { var copy = self; copy.borderStyle = style; return copy }

  /// The rectangle the dialog occupies when drawn over `area`.
  public func area(in area: Rect) -> Rect {
    let width = min(preferredWidth, area.width)
    let lines = Paragraph(message).wrap().lineCount(width: max(1, width - 4))
    return area.centered(width: width, height: lines + 4)
  }

  /// The button under `position`, if any.
  public func button(at position: Position, in area: Rect) -> Int? {
    let box = self.area(in: area)
    for (index, rect) in buttonRects(in: box).enumerated() where rect.contains(position) { return index }
    return nil
  }

  public func render(in area: Rect, buffer: inout Buffer) {
    let box = self.area(in: area)
    guard !box.isEmpty else { return }
    Clear().render(in: box, buffer: &buffer)
    let block = Block.bordered(title: " \(title) ").borderType(.rounded).borderStyle(borderStyle).style(style)
    block.render(in: box, buffer: &buffer)
    let inner = block.inner(box).inset(horizontal: 1, vertical: 0)
    let text = Rect(x: inner.x, y: inner.y, width: inner.width, height: max(0, inner.height - 2))
    Paragraph(message).wrap().render(in: text, buffer: &buffer)
    for (index, rect) in buttonRects(in: box).enumerated() {
      let label = "[ \(buttons[index]) ]"
      buffer.setString(label, x: rect.x, y: rect.y, maxWidth: rect.width)
      if index == selectedButton { buffer.setStyle(Style().reversed(), in: rect) }
    }
  }

  private func buttonRects(in box: Rect) -> [Rect] {
    let labels = buttons.map { "[ \($0) ]" }
    let total = labels.reduce(0) { $0 + DisplayWidth.of($1) } + 2 * max(0, labels.count - 1)
    var x = box.x + max(1, (box.width - total) / 2)
    let y = box.bottom - 2
    return labels.map { label in
      let width = min(DisplayWidth.of(label), max(0, box.right - 1 - x))
      defer { x += DisplayWidth.of(label) + 2 }
      return Rect(x: x, y: y, width: width, height: 1)
    }
  }
}
