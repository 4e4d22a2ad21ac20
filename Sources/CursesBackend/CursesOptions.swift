import Foundation
import TerminalKit

/// How a ``CursesBackend`` starts.
public struct CursesOptions: Sendable {
  /// Where the screen goes.
  public enum Output: Hashable, Sendable {
    /// The process's terminal (standard input and output).
    case terminal
    /// A regular file, for measuring output without a terminal: curses writes the escape
    /// sequences it would send to a `terminalType` terminal of `size` into `path`, and
    /// ``CursesBackend/bytesWritten`` reports how many. Input is read from `/dev/null`.
    case file(path: String, terminalType: String, size: Size)
  }

  public var output: Output = .terminal
  /// Reports clicks and the wheel as ``InputEvent/mouse(_:)``.
  public var mouse = true
  /// `nil` picks from the terminal and `NO_COLOR`; see ``ColorMode/detect(colors:hasColors:environment:)``.
  public var colorMode: ColorMode?
  /// How long curses waits after ESC for the rest of an escape sequence. curses' default of a
  /// second makes Esc feel broken.
  public var escapeDelay: Duration = .milliseconds(25)
  /// Consulted for `NO_COLOR`.
  public var environment: [String: String] = ProcessInfo.processInfo.environment

  public init() {}
}
