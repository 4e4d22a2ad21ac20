/// Blanks its area: drawn under popups so what was beneath does not show through.
public struct Clear: Widget {
  public init() {}
  public func render(in area: Rect, buffer: inout Buffer) { buffer.clear(area) }
}
