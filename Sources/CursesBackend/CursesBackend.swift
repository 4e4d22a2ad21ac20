import CNCurses
import Foundation
import TerminalKit

/// The ncurses backend: draws changed cells with ncursesw, reads keys, mouse and resizes, and
/// always gives the terminal back.
///
/// Start it with ``withTerminal(options:_:)``, which restores the terminal however the body
/// ends: a normal return, a thrown error, or a quit after SIGINT, SIGTERM or SIGHUP (which
/// arrive as ``InputEvent/terminationRequested(_:)`` so the app leaves its loop). Ctrl-Z
/// suspends: the screen is restored, the process stops, and after `fg` the whole screen is
/// drawn again (a ``InputEvent/resize(_:)`` event asks the app for a full frame).
///
/// ```swift
/// let inbox = try Inbox<AppMessage>()
/// try CursesBackend.withTerminal { backend in
///   try EventLoop(terminal: Terminal(backend: backend), inbox: inbox).run(update: …, view: …)
/// }
/// ```
///
/// Thread confinement: curses is not thread safe. The backend is created, used and shut down
/// on one thread, the terminal thread, which runs the body of ``withTerminal(options:_:)``;
/// no other thread may touch it. Other threads talk to the loop through an ``Inbox``. The type
/// is deliberately not `Sendable`.
///
/// A crash while the screen is up (a trap such as a failed `precondition`, a segmentation
/// fault, `abort()`) cannot be caught, but the terminal is given back first: handlers for those
/// signals reset its modes and screen, then let the crash go on as it would have.
public final class CursesBackend: TerminalBackend {
  private let screen: OpaquePointer
  let outputFile: UnsafeMutablePointer<FILE>
  private let inputFile: UnsafeMutablePointer<FILE>
  let inputDescriptor: Int32
  private let isTerminal: Bool
  let signals: SignalRelay?
  private var colorPairs: ColorPairTable
  private var pendingCursor: Position?
  private var isShutDown = false
  let keyDecoder = KeyDecoder(keyName: { code in keyname(code).map { String(cString: $0) } })

  /// The colours in use.
  public let colorMode: ColorMode

  /// The termination signal that made the app quit, if any; see ``TerminationSignal/reraise()``.
  public internal(set) var receivedTerminationSignal: TerminationSignal?

  /// Runs `body` with the terminal in curses mode and restores the terminal afterwards, even
  /// when `body` throws.
  ///
  /// Call it on the thread that will own the terminal (often the main thread, or one started
  /// by ``TerminalThread``).
  ///
  /// - Throws: ``CursesError`` when the terminal cannot be started, or what `body` throws.
  public static func withTerminal<Result>(
    options: CursesOptions = CursesOptions(),
    _ body: (CursesBackend) throws -> Result
  ) throws -> Result {
    let backend = try CursesBackend(options: options)
    defer { backend.shutdown() }
    return try body(backend)
  }

  private init(options: CursesOptions) throws {
    // Without a UTF-8 locale every non-ASCII character silently vanishes.
    setlocale(LC_ALL, "")
    var terminalType: String?
    switch options.output {
    case .terminal:
      isTerminal = true
      signals = try SignalRelay(signals: [SIGINT, SIGTERM, SIGHUP, SIGWINCH, SIGTSTP, SIGCONT])
      guard let output = fdopen(dup(STDOUT_FILENO), "w"), let input = fdopen(dup(STDIN_FILENO), "r") else {
        signals?.uninstall()
        throw CursesError(.systemCall("fdopen", errno: errno))
      }
      outputFile = output
      inputFile = input
    case .file(let path, let type, _):
      isTerminal = false
      signals = nil
      terminalType = type
      guard let output = fopen(path, "w+") else { throw CursesError(.cannotOpen(path: path, errno: errno)) }
      guard let input = fopen("/dev/null", "r") else {
        fclose(output)
        throw CursesError(.cannotOpen(path: "/dev/null", errno: errno))
      }
      outputFile = output
      inputFile = input
    }
    inputDescriptor = fileno(inputFile)
    // Before curses changes the terminal's modes: a crash puts these back.
    if isTerminal { cn_install_crash_restore(inputDescriptor, fileno(outputFile)) }
    guard let screen = newterm(terminalType, outputFile, inputFile) else {
      if isTerminal { cn_remove_crash_restore() }
      signals?.uninstall()
      fclose(outputFile)
      fclose(inputFile)
      let type = terminalType ?? ProcessInfo.processInfo.environment["TERM"] ?? "(unset)"
      throw CursesError(.cannotStartTerminal(terminalType: type))
    }
    self.screen = screen
    set_term(screen)
    if case .file(_, _, let size) = options.output {
      resizeterm(Int32(size.height), Int32(size.width))
    }

    cbreak()
    noecho()
    nonl()
    intrflush(cn_stdscr(), false)
    keypad(cn_stdscr(), true)
    nodelay(cn_stdscr(), true)
    let (seconds, attoseconds) = options.escapeDelay.components
    set_escdelay(Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000))
    curs_set(0)
    if options.mouse && isTerminal {
      mousemask(cn_all_mouse_events(), nil)
      mouseinterval(0)
    }

    // COLORS is only known after start_color(); start it unless colour is off for sure.
    let noColor = options.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
    let wantsColor = options.colorMode.map { $0 != .none } ?? !noColor
    if wantsColor && has_colors() {
      start_color()
      use_default_colors()
    }
    let detected = ColorMode.detect(
      colors: Int(has_colors() ? cn_colors() : 0), hasColors: has_colors(), environment: options.environment)
    colorMode = has_colors() ? (options.colorMode ?? detected) : .none
    colorPairs = ColorPairTable(limit: colorMode == .none ? 0 : Int(cn_color_pairs()) - 1)
    werase(cn_stdscr())
    wrefresh(cn_stdscr())
    // ncurses flushes its output after every cursor move until the screen has been suspended
    // and resumed once (its "initial" state, meant for low-level terminfo programs): a frame
    // then reaches the terminal in a dozen small writes, each waking the terminal, which on a
    // busy machine can take the core for milliseconds between them. One suspend and resume
    // now, before anything is drawn, lets every later frame go out in one write.
    // Resuming does not switch the keypad's application mode back on; asking again does.
    if isTerminal {
      endwin()
      wrefresh(cn_stdscr())
      keypad(cn_stdscr(), true)
    }
  }

  /// Gives the terminal back: leaves curses mode (alternate screen, raw input) and restores
  /// the signal handlers that were there before. Called by ``withTerminal(options:_:)``.
  private func shutdown() {
    guard !isShutDown else { return }
    isShutDown = true
    curs_set(1)
    endwin()
    if isTerminal { cn_remove_crash_restore() }
    delscreen(screen)
    fclose(outputFile)
    fclose(inputFile)
    signals?.uninstall()
  }

  // MARK: - TerminalBackend

  public var size: Size {
    Size(width: Int(getmaxx(cn_stdscr())), height: Int(getmaxy(cn_stdscr())))
  }

  public func draw(_ updates: [CellUpdate]) {
    let window = cn_stdscr()
    for update in updates where !update.cell.isContinuation {
      let cell = update.cell
      let (attributes, pair) = cursesStyle(for: cell.style)
      let plan = GlyphPlan(symbol: cell.symbol, width: cell.width) { Int(cn_wcwidth(wchar_t(bitPattern: $0))) }
      var x = Int32(update.x)
      for (glyph, width) in zip(plan.glyphs, plan.widths) {
        var characters = glyph.map { wchar_t(bitPattern: $0) }
        characters.append(0)
        var cchar = cchar_t()
        setcchar(&cchar, characters, attributes, pair, nil)
        mvwadd_wch(window, Int32(update.y), x, &cchar)
        x += Int32(width)
      }
    }
  }

  public func setCursor(_ position: Position?) { pendingCursor = position }

  public func clear() {
    wclear(cn_stdscr())
  }

  public func flush() {
    let window = cn_stdscr()
    if let cursor = pendingCursor {
      wmove(window, Int32(cursor.y), Int32(cursor.x))
      curs_set(1)
    } else {
      curs_set(0)
    }
    wnoutrefresh(window)
    doupdate()
  }

  /// Bytes curses has written so far when the output is a file, `nil` on a real terminal.
  ///
  /// This is exactly what curses would have sent to the terminal: cursor moves, attribute
  /// changes and characters, after curses' own optimisation.
  public var bytesWritten: Int? {
    guard !isTerminal else { return nil }
    fflush(outputFile)
    return Int(lseek(fileno(outputFile), 0, SEEK_END))
  }

  // MARK: - Styles

  private func cursesStyle(for style: Style) -> (attr_t, Int16) {
    var attributes = cn_a_normal()
    if style.modifiers.contains(.bold) { attributes |= cn_a_bold() }
    if style.modifiers.contains(.dim) { attributes |= cn_a_dim() }
    if style.modifiers.contains(.italic) { attributes |= cn_a_italic() }
    if style.modifiers.contains(.underline) { attributes |= cn_a_underline() }
    if style.modifiers.contains(.reverse) { attributes |= cn_a_reverse() }
    guard colorMode != .none else { return (attributes, 0) }
    let pair = colorPairs.pair(
      foreground: colorMode.colorNumber(for: style.foreground),
      background: colorMode.colorNumber(for: style.background)
    ) { pair, foreground, background in
      init_pair(pair, Int16(foreground), Int16(background))
    }
    return (attributes, pair)
  }
}
