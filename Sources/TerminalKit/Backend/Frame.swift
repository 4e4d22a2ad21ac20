/// The frame being drawn: a buffer the size of the screen and where to put the cursor.
public struct Frame {
  public var buffer: Buffer
  /// Where the terminal cursor should be shown after this frame; hidden when `nil`.
  public var cursor: Position?

  public init(buffer: Buffer) { self.buffer = buffer }

  /// The whole screen.
  public var area: Rect { buffer.area }

  public mutating func render(_ widget: some Widget, in area: Rect) {
    widget.render(in: area, buffer: &buffer)
  }

  public mutating func render<W: StatefulWidget>(_ widget: W, in area: Rect, state: inout W.State) {
    widget.render(in: area, buffer: &buffer, state: &state)
  }
}
