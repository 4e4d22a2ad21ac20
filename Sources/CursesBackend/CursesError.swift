/// An error from setting up or driving the curses terminal.
public struct CursesError: Error, Hashable, Sendable, CustomStringConvertible {
  public enum Code: Hashable, Sendable {
    /// `newterm` failed: no terminal, or `TERM` names a terminal without a terminfo entry.
    case cannotStartTerminal(terminalType: String)
    /// A file for the backend's output or input could not be opened.
    case cannotOpen(path: String, errno: Int32)
    case systemCall(String, errno: Int32)
  }

  public var code: Code

  public init(_ code: Code) { self.code = code }

  public var description: String {
    switch code {
    case .cannotStartTerminal(let type): "cannot start the terminal (TERM=\(type))"
    case .cannotOpen(let path, let errno): "cannot open \(path) (errno \(errno))"
    case .systemCall(let call, let errno): "\(call) failed (errno \(errno))"
    }
  }
}
