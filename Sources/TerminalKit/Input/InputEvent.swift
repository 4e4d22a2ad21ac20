/// Something the terminal reports to the app.
public enum InputEvent: Hashable, Sendable {
  case key(KeyEvent)
  case mouse(MouseEvent)
  /// The terminal now has this size. Also sent after resuming from Ctrl-Z, when the screen
  /// must be drawn again whole.
  case resize(Size)
  /// The process was asked to stop (SIGINT, SIGTERM, SIGHUP). The app should finish its frame
  /// and leave its loop so the terminal is restored; see ``TerminationSignal``.
  case terminationRequested(TerminationSignal)
}

/// The signals that ask a terminal app to quit.
public enum TerminationSignal: Int32, Hashable, Sendable {
  case interrupt = 2
  case hangup = 1
  case terminate = 15
}
