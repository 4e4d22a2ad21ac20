import Foundation

/// A backend in memory, for tests: it keeps the screen in a ``Buffer`` and replays scripted
/// input.
///
/// ```swift
/// let backend = TestBackend(width: 20, height: 1)
/// let terminal = Terminal(backend: backend)
/// try terminal.draw { frame in frame.render(StatusBar("Ready"), in: frame.area) }
/// #expect(backend.buffer == Buffer(lines: ["Ready               "]))
/// ```
///
/// It also counts what it was asked to draw, so tests can check that an unchanged frame sends
/// nothing.
public final class TestBackend: TerminalBackend {
  /// What the screen shows now.
  public private(set) var buffer: Buffer
  public private(set) var cursor: Position?
  /// Cells drawn since creation, and the number of flushes.
  public private(set) var drawnCellCount = 0
  public private(set) var flushCount = 0
  /// Events returned one batch per call to ``readEvents(timeout:wakeDescriptor:)``.
  public var scriptedEvents: [[InputEvent]] = []
  /// How long a wait without limit lasts once the script is empty before
  /// ``ScriptExhausted`` is thrown.
  public var idleWaitLimit: Duration = .seconds(5)

  public init(width: Int, height: Int) {
    buffer = Buffer(width: width, height: height)
  }

  public var size: Size { buffer.size }

  /// Changes the size as a terminal window would, and queues the resize event.
  public func resize(to size: Size) {
    buffer.resize(to: size)
    scriptedEvents.insert([.resize(size)], at: 0)
  }

  public func draw(_ updates: [CellUpdate]) {
    drawnCellCount += updates.count
    buffer.apply(updates)
  }

  public func setCursor(_ position: Position?) { cursor = position }
  public func clear() { buffer.reset() }
  public func flush() { flushCount += 1 }

  /// Thrown when a loop waits without limit after the script ran out: a test that forgot to
  /// quit fails instead of hanging.
  public struct ScriptExhausted: Error, Hashable, Sendable {}

  /// Returns the next scripted batch. When the script is empty, waits for `wakeDescriptor`
  /// (so ``Inbox`` wake-ups can be tested for real) up to `timeout`, or ``idleWaitLimit`` and
  /// then throws ``ScriptExhausted`` when the wait had no limit.
  public func readEvents(timeout: Duration?, wakeDescriptor: Int32?) throws -> [InputEvent] {
    if !scriptedEvents.isEmpty { return scriptedEvents.removeFirst() }
    guard let wakeDescriptor else {
      if timeout == nil { throw ScriptExhausted() }
      return []
    }
    var descriptor = pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0)
    let limit = TestBackend.milliseconds(timeout ?? idleWaitLimit)
    let ready = poll(&descriptor, 1, limit)
    if ready == 0 && timeout == nil { throw ScriptExhausted() }
    return []
  }

  private static func milliseconds(_ duration: Duration) -> Int32 {
    let (seconds, attoseconds) = duration.components
    return Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000)
  }
}
