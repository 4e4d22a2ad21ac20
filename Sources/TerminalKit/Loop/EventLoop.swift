import Foundation

/// What the loop hands to the app's update function.
public enum LoopEvent<Message: Sendable> {
  case input(InputEvent)
  case message(Message)
  /// The tick interval given to ``EventLoop/run(tick:update:view:)`` has passed.
  case tick
}

/// Whether the loop goes on after an event.
public enum LoopControl: Hashable, Sendable {
  case `continue`
  case quit
}

/// The terminal thread's loop: wait for input or messages, update, draw what changed.
///
/// The loop sleeps in the backend's ``TerminalBackend/readEvents(timeout:wakeDescriptor:)``,
/// which waits on the terminal's input and the ``Inbox``'s wake-up pipe together, so it uses
/// no CPU while idle and a message from a background actor reaches the screen within a few
/// milliseconds. All events that arrived together are handled before the next frame is drawn.
///
/// ```swift
/// try EventLoop(terminal: terminal, inbox: inbox).run { event in
///   switch event {
///   case .input(.key(let key)) where key == .character("q"): return .quit
///   case .input(.terminationRequested): return .quit
///   case .message(let message): app.apply(message)
///   default: break
///   }
///   return .continue
/// } view: { frame in
///   app.render(&frame)
/// }
/// ```
///
/// Call ``run(tick:update:view:)`` on the thread that owns the backend; it returns when
/// `update` answers ``LoopControl/quit`` and rethrows what `update` or the backend throws.
public struct EventLoop<Backend: TerminalBackend, Message: Sendable> {
  public let terminal: Terminal<Backend>
  public let inbox: Inbox<Message>

  public init(terminal: Terminal<Backend>, inbox: Inbox<Message>) {
    self.terminal = terminal
    self.inbox = inbox
  }

  /// Runs until `update` returns ``LoopControl/quit``.
  ///
  /// - Parameters:
  ///   - tick: If set, `update` also receives ``LoopEvent/tick`` at this interval (for
  ///     countdowns and animations); without it the loop only wakes for events.
  ///   - messageFrameInterval: The shortest time between two frames drawn for messages alone.
  ///     Input and ticks are drawn at once; a burst of messages from a busy background actor
  ///     (a sync engine reporting every job) is drawn at most once per interval, so it cannot
  ///     keep the terminal thread busy drawing while a person types. Zero draws after every
  ///     wake-up.
  ///   - update: Applies one event to the app's state.
  ///   - view: Renders the app's state into a frame.
  public func run(
    tick: Duration? = nil,
    messageFrameInterval: Duration = .zero,
    update: (LoopEvent<Message>) throws -> LoopControl,
    view: (inout Frame) -> Void
  ) throws {
    let clock = ContinuousClock()
    var nextTick = tick.map { clock.now.advanced(by: $0) }
    terminal.draw(view)
    // The first messages (the first page of a list, say) are drawn at once.
    var lastMessageFrame = clock.now - messageFrameInterval
    var messagesUndrawn = false
    while true {
      var deadline = nextTick
      if messagesUndrawn {
        let due = lastMessageFrame.advanced(by: messageFrameInterval)
        deadline = deadline.map { min($0, due) } ?? due
      }
      let timeout = deadline.map { max(.zero, clock.now.duration(to: $0)) }
      let events = try terminal.backend.readEvents(timeout: timeout, wakeDescriptor: inbox.wakeDescriptor)
      for event in events {
        if case .resize = event { terminal.clear() }
        if try update(.input(event)) == .quit { return }
      }
      let messages = inbox.drain()
      for message in messages {
        if try update(.message(message)) == .quit { return }
      }
      var ticked = false
      if let due = nextTick, let tick, clock.now >= due {
        nextTick = clock.now.advanced(by: tick)
        ticked = true
        if try update(.tick) == .quit { return }
      }
      messagesUndrawn = messagesUndrawn || !messages.isEmpty
      let now = clock.now
      if !events.isEmpty || ticked {
        terminal.draw(view)
        messagesUndrawn = false
        // What a key asked for (the next page, an order's detail) is drawn as soon as it comes.
        if !events.isEmpty { lastMessageFrame = now - messageFrameInterval }
      } else if messagesUndrawn, now >= lastMessageFrame.advanced(by: messageFrameInterval) {
        terminal.draw(view)
        lastMessageFrame = now
        messagesUndrawn = false
      } else if !messagesUndrawn && messageFrameInterval == .zero {
        terminal.draw(view)
      }
    }
  }
}
