/// A horizontal progress bar with a centred label, e.g. a sync batch's progress.
///
/// The filled part is drawn in ``filledStyle(_:)`` (reverse video by default) with eighth-cell
/// precision at its edge; the label defaults to the percentage.
///
/// ```swift
/// Gauge(ratio: Double(done) / Double(total)).label("\(done)/\(total) orders")
/// ```
public struct Gauge: Widget {
  private static let partials = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
  private var ratio: Double
  private var label: String?
  private var filledStyle: Style = Style().reversed()
  private var style: Style = .plain
  private var block: Block?

  /// A gauge filled to `ratio`, clamped to 0…1.
  public init(ratio: Double) { self.ratio = ratio.isFinite ? Swift.max(0, Swift.min(1, ratio)) : 0 }

  public func label(_ label: String) -> Gauge { var copy = self; copy.label = label; return copy }
  public func filledStyle(_ style: Style) -> Gauge { var copy = self; copy.filledStyle = style; return copy }
  public func style(_ style: Style) -> Gauge { var copy = self; copy.style = style; return copy }
  public func block(_ block: Block) -> Gauge { var copy = self; copy.block = block; return copy }

  public func render(in area: Rect, buffer: inout Buffer) {
    let inner = block.renderAround(area, buffer: &buffer)
    guard !inner.isEmpty else { return }
    buffer.setStyle(style, in: inner)
    let eighths = Int((ratio * Double(inner.width * 8)).rounded(.down))
    let full = eighths / 8
    buffer.setStyle(filledStyle, in: Rect(x: inner.x, y: inner.y, width: full, height: inner.height))
    let partial = eighths % 8
    if partial > 0 && full < inner.width {
      for y in inner.y..<inner.bottom {
        buffer.setString(Gauge.partials[partial], x: inner.x + full, y: y)
      }
    }
    let text = label ?? "\(Int((ratio * 100).rounded(.down)))%"
    let labelRow = inner.row(inner.height / 2)
    buffer.setLine(Line(text), in: labelRow, alignment: .center)
  }
}
