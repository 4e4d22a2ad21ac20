/// A short notice in a corner of the screen: "Order PO-0042 synced", "Odoo unreachable".
///
/// The app decides how long a toast stays; the widget only draws it, in the top-right corner
/// by default, at most 40 columns wide with the message wrapped.
public struct Toast: Widget {
  public enum Kind: Hashable, Sendable {
    case info, success, warning, error

    var symbol: String {
      switch self {
      case .info: "i"
      case .success: "✓"
      case .warning: "!"
      case .error: "✗"
      }
    }

    var color: Color {
      switch self {
      case .info: .cyan
      case .success: .green
      case .warning: .yellow
      case .error: .red
      }
    }
  }

  public enum Corner: Hashable, Sendable { case topRight, bottomRight }

  private var message: String
  private var kind: Kind
  private var corner: Corner = .topRight
  private var maxWidth = 40

  public init(_ message: String, kind: Kind = .info) {
    self.message = message
    self.kind = kind
  }

  public func corner(_ corner: Corner) -> Toast { var copy = self; copy.corner = corner; return copy }
  public func maxWidth(_ width: Int) -> Toast { var copy = self; copy.maxWidth = width; return copy }

  public func render(in area: Rect, buffer: inout Buffer) {
    let text = "\(kind.symbol) \(message)"
    let width = min(area.width, maxWidth, DisplayWidth.of(text) + 4)
    guard width >= 5 else { return }
    let lines = TextWrapper.wrap(text, width: width - 4)
    let height = min(area.height, lines.count + 2)
    guard height >= 3 else { return }
    let y = corner == .topRight ? area.y : area.bottom - height
    let box = Rect(x: area.right - width, y: y, width: width, height: height)
    Clear().render(in: box, buffer: &buffer)
    let block = Block.bordered().borderType(.rounded).borderStyle(Style().foreground(kind.color))
    block.render(in: box, buffer: &buffer)
    Paragraph(lines).render(in: block.inner(box).inset(horizontal: 1, vertical: 0), buffer: &buffer)
    buffer.setStyle(Style().foreground(kind.color).bold(), in: Rect(x: box.x + 2, y: box.y + 1, width: 1, height: 1))
  }
}
