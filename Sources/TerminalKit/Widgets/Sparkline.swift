/// A small bar chart of recent values, newest on the right: throughput, latency, queue length.
///
/// Each column is one value; with a height of more than one row the bars stack, in eighths of a
/// cell. Values are scaled to ``max(_:)`` or, by default, to the largest value shown.
///
/// ```swift
/// Sparkline(state.requestsPerSecond).style(Style().foreground(.green))
/// ```
public struct Sparkline: Widget {
  private static let levels = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
  private var data: [Double]
  private var maximum: Double?
  private var style: Style = .plain
  private var block: Block?

  public init(_ data: [Double]) { self.data = data }
  public init(_ data: [Int]) { self.data = data.map(Double.init) }

  public func max(_ value: Double) -> Sparkline { var copy = self; copy.maximum = value; return copy }
  public func style(_ style: Style) -> Sparkline { var copy = self; copy.style = style; return copy }
  public func block(_ block: Block) -> Sparkline { var copy = self; copy.block = block; return copy }

  public func render(in area: Rect, buffer: inout Buffer) {
    let inner = block.renderAround(area, buffer: &buffer)
    guard !inner.isEmpty else { return }
    let shown = data.suffix(inner.width)
    let top = maximum ?? shown.max() ?? 0
    guard top > 0 else { return }
    let start = inner.right - shown.count
    for (column, value) in shown.enumerated() {
      let clamped = Swift.max(0, Swift.min(value, top))
      var eighths = Int((clamped / top * Double(inner.height * 8)).rounded())
      if value > 0 && eighths == 0 { eighths = 1 }
      for row in 0..<inner.height {
        let level = Swift.min(8, Swift.max(0, eighths - row * 8))
        buffer.setString(Sparkline.levels[level], x: start + column, y: inner.bottom - 1 - row, style: style)
      }
    }
  }
}
