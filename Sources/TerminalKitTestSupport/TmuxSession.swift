import Foundation

/// A program running in a detached tmux session of a given size, for end-to-end tests of
/// terminal apps: send keys and mouse reports, wait for text, capture the screen with or
/// without colours, resize, signal, and always clean up.
///
/// ```swift
/// let session = try TmuxSession(command: [demoPath], width: 80, height: 24)
/// defer { session.close() }
/// try session.waitFor("Purchase orders")
/// try session.sendKeys("Down")
/// try session.waitFor("key:↓")
/// ```
///
/// Each session has its own server socket, so tests may run in parallel. The program runs
/// under `sh -c '"$@"; echo "[exit:$?]"; exec sleep 600'`: when it ends, `[exit:N]` shows its
/// status, and the pane stays so its last output can still be captured (tmux 3.3 can lose a
/// pane's last output when its program exits). The child gets `LANG=C.UTF-8` and
/// `TERM=tmux-256color` unless `environment` says otherwise.
///
/// Waiting polls the screen until the text shows or a deadline passes; there are no fixed
/// sleeps. Not thread safe: use a session from one test.
public final class TmuxSession {
  /// Thrown when a wait reaches its deadline; carries the screen at that moment.
  public struct Timeout: Error, CustomStringConvertible {
    public var waitingFor: String
    public var screen: String
    public var description: String { "timed out waiting for \(waitingFor); screen was:\n\(screen)" }
  }

  /// Thrown when a tmux command fails.
  public struct CommandFailed: Error, CustomStringConvertible {
    public var arguments: [String]
    public var status: Int32
    public var output: String
    public var description: String { "tmux \(arguments.joined(separator: " ")) exited \(status): \(output)" }
  }

  public let socketPath: String
  private var isClosed = false

  /// Starts `command` in a new detached session of `width`×`height` cells.
  ///
  /// - Parameter shell: When `true`, runs an interactive `bash` (prompt `PROMPT$ `) instead
  ///   of wrapping `command`; type the command with ``sendLiteral(_:)``. Job control (Ctrl-Z,
  ///   `fg`) needs this.
  public init(
    command: [String], width: Int, height: Int, environment: [String: String] = [:], shell: Bool = false
  ) throws {
    socketPath = NSTemporaryDirectory() + "tk-tmux-\(getpid())-\(UUID().uuidString.prefix(8)).sock"
    var env = ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": "tmux-256color"]
    env.merge(environment) { _, new in new }
    // The test runner's own NO_COLOR (set when its output is not a terminal) must not leak
    // into the program under test; a test that wants it passes it in `environment`.
    let unset = environment["NO_COLOR"] == nil ? ["-u", "NO_COLOR"] : []
    let assignments = unset + env.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    let program: [String]
    if shell {
      program = ["env"] + assignments + ["PS1=PROMPT$ ", "bash", "--norc", "--noprofile", "-i"]
    } else {
      program = ["env"] + assignments + ["sh", "-c", "\"$@\"; echo \"[exit:$?]\"; exec sleep 600", "sh"] + command
    }
    try tmux(["new-session", "-d", "-x", "\(width)", "-y", "\(height)", "--"] + program)
  }

  deinit { close() }

  /// Kills the tmux server and removes its socket. Safe to call more than once.
  public func close() {
    guard !isClosed else { return }
    isClosed = true
    _ = try? ChildProcess.run(["tmux", "-S", socketPath, "kill-server"])
    unlink(socketPath)
  }

  /// Runs a tmux command against this session's server and returns its output.
  @discardableResult
  public func tmux(_ arguments: [String]) throws -> String {
    let result = try ChildProcess.run(["tmux", "-S", socketPath, "-f", "/dev/null"] + arguments)
    guard result.status == 0 else {
      throw CommandFailed(arguments: arguments, status: result.status, output: result.output)
    }
    return result.output
  }

  // MARK: - Input

  /// Sends keys by tmux name: `"Down"`, `"C-z"`, `"F5"`, `"Enter"`, `"q"`.
  public func sendKeys(_ keys: String...) throws { try tmux(["send-keys"] + keys) }

  /// Types `text` literally.
  public func sendLiteral(_ text: String) throws { try tmux(["send-keys", "-l", text]) }

  /// Sends raw bytes to the program, e.g. a mouse report.
  public func sendBytes(_ bytes: [UInt8]) throws {
    try tmux(["send-keys", "-H"] + bytes.map { String(format: "%02x", $0) })
  }

  /// Mouse buttons in X10 reports: 0–2 press left/middle/right, 3 release, 64/65 wheel.
  public enum MouseReport: UInt8, Sendable {
    case pressLeft = 0, pressMiddle = 1, pressRight = 2, release = 3, wheelUp = 64, wheelDown = 65
  }

  /// Sends an X10 mouse report (`ESC [ M b x y`) for the cell at `x`, `y` (0-based), which is
  /// what curses expects from `tmux-256color`.
  public func sendMouse(_ report: MouseReport, x: Int, y: Int) throws {
    try sendBytes([0x1B, 0x5B, 0x4D, 32 + report.rawValue, UInt8(33 + x), UInt8(33 + y)])
  }

  // MARK: - Screen

  /// The pane's text; with `colors`, including SGR escape sequences for colours and attributes.
  public func capture(colors: Bool = false) throws -> String {
    try tmux(["capture-pane", "-p"] + (colors ? ["-e"] : []))
  }

  /// Waits until the screen contains `text`, and returns the screen.
  ///
  /// - Throws: ``Timeout`` with the last screen when `timeout` passes first.
  @discardableResult
  public func waitFor(_ text: String, timeout: Duration = .seconds(10), colors: Bool = false) throws -> String {
    try waitUntil(description: "\"\(text)\"", timeout: timeout, colors: colors) { $0.contains(text) }
  }

  /// Waits until `condition` holds for the screen, and returns the screen.
  @discardableResult
  public func waitUntil(
    description: String, timeout: Duration = .seconds(10), colors: Bool = false,
    _ condition: (String) -> Bool
  ) throws -> String {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    var screen = ""
    while true {
      screen = try capture(colors: colors)
      if condition(screen) { return screen }
      if clock.now >= deadline { throw Timeout(waitingFor: description, screen: screen) }
      // Polling interval, not a wait for the program: the deadline bounds the wait.
      usleep(10_000)
    }
  }

  /// Resizes the window as a user resizing the terminal would.
  public func resize(width: Int, height: Int) throws {
    try tmux(["resize-window", "-x", "\(width)", "-y", "\(height)"])
  }

  // MARK: - Processes

  /// The process id of the pane's first process (the wrapping shell).
  public func panePID() throws -> pid_t {
    let text = try tmux(["display-message", "-p", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
    guard let pid = pid_t(text) else { throw CommandFailed(arguments: ["display-message"], status: 0, output: text) }
    return pid
  }

  /// The children of `parent`, from `/proc`.
  public static func children(of parent: pid_t) -> [pid_t] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { entry -> pid_t? in
      guard let pid = pid_t(entry),
        let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
        let close = stat.lastIndex(of: ")")
      else { return nil }
      // Fields after the command name: state, ppid, ...
      let fields = stat[stat.index(after: close)...].split(separator: " ")
      return fields.count > 1 && pid_t(fields[1]) == parent ? pid : nil
    }
  }

  /// Sends `signal` to the program the pane's shell runs.
  public func signalProgram(_ signal: Int32) throws {
    let shell = try panePID()
    let programs = TmuxSession.children(of: shell)
    guard !programs.isEmpty else { throw CommandFailed(arguments: ["kill"], status: 0, output: "no program under pid \(shell)") }
    for pid in programs { kill(pid, signal) }
  }
}
