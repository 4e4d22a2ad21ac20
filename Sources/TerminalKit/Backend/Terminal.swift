/// Draws frames on a backend, sending only what changed since the previous frame.
///
/// Keeps the last frame's ``Buffer``; each ``draw(_:)`` renders a new one, diffs it against the
/// last and passes the changed cells to the backend. Like the backend, a `Terminal` belongs to
/// the terminal thread.
public final class Terminal<Backend: TerminalBackend> {
  public let backend: Backend
  private var previous: Buffer
  private var needsFullRedraw = true

  public init(backend: Backend) {
    self.backend = backend
    self.previous = Buffer(size: backend.size)
  }

  /// The size of the next frame.
  public var size: Size { previous.size }

  /// What the last frame looked like.
  public var lastFrame: Buffer { previous }

  /// Statistics of one drawn frame.
  public struct DrawReport: Hashable, Sendable {
    /// Cells handed to the backend.
    public var changedCells: Int
    /// Whether the whole screen was drawn (first frame, after a resize or ``clear()``).
    public var wasFullRedraw: Bool
  }

  /// Renders a frame with `render` and draws what changed.
  @discardableResult
  public func draw(_ render: (inout Frame) throws -> Void) rethrows -> DrawReport {
    let size = backend.size
    if size != previous.size {
      previous = Buffer(size: size)
      needsFullRedraw = true
    }
    var frame = Frame(buffer: Buffer(size: size))
    try render(&frame)
    let updates: [CellUpdate]
    let full = needsFullRedraw
    if full {
      backend.clear()
      updates = frame.buffer.diff(from: Buffer(width: 0, height: 0))
      needsFullRedraw = false
    } else {
      updates = frame.buffer.diff(from: previous)
    }
    backend.draw(updates)
    backend.setCursor(frame.cursor)
    backend.flush()
    previous = frame.buffer
    return DrawReport(changedCells: updates.count, wasFullRedraw: full)
  }

  /// Makes the next frame redraw the whole screen (after a resize, a resume, or garbage on
  /// screen).
  public func clear() { needsFullRedraw = true }
}
