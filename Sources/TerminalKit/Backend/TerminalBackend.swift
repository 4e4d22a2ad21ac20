/// What a terminal must do for TerminalKit: draw these cells, report its size, give input.
///
/// A backend receives only the cells that changed since the last frame (``Terminal`` computes
/// them) and is free to buffer them until ``flush()``. It is used from one thread only: the
/// terminal thread that runs the ``EventLoop``. ``TestBackend`` implements it in memory; the
/// ncurses backend lives in its own module.
public protocol TerminalBackend: AnyObject {
  /// The current size in cells.
  var size: Size { get }

  /// Draws the given cells. Continuation cells never appear: a wide cell covers two columns.
  func draw(_ updates: [CellUpdate])

  /// Shows the cursor at `position`, or hides it when `nil`.
  func setCursor(_ position: Position?)

  /// Forgets what is on screen so that the next frame is drawn whole.
  func clear()

  /// Makes everything drawn so far visible.
  func flush()

  /// Waits until input arrives, `wakeDescriptor` becomes readable, or `timeout` passes, and
  /// returns the input events that are ready (possibly none).
  ///
  /// - Parameters:
  ///   - timeout: `nil` waits without limit.
  ///   - wakeDescriptor: a file descriptor that another thread makes readable to interrupt the
  ///     wait, usually an ``Inbox``'s; the backend does not read from it.
  func readEvents(timeout: Duration?, wakeDescriptor: Int32?) throws -> [InputEvent]
}
