import Foundation
import Testing
import TerminalKit
import TerminalKitTestSupport

/// Runs `terminal-kit-demo` on the ncurses backend inside tmux and checks what a person would
/// see: content at several sizes, colours, keys, mouse, resize, Ctrl-Z/`fg`, and a sane
/// terminal after quitting, after SIGTERM and after a thrown error.
@Suite(.serialized) struct DemoTmuxTests {
  private func demoPath() throws -> String {
    try #require(BuiltProducts.path(of: "terminal-kit-demo"), "terminal-kit-demo was not built")
  }

  private func startDemo(width: Int = 80, height: Int = 24, environment: [String: String] = [:]) throws -> TmuxSession {
    let session = try TmuxSession(command: [try demoPath()], width: width, height: height, environment: environment)
    try session.waitFor("\(width)x\(height)")
    return session
  }

  /// Every screen line fits the pane, measured as the terminal measures.
  private func expectLinesFit(_ screen: String, width: Int, sourceLocation: SourceLocation = #_sourceLocation) {
    for line in screen.split(separator: "\n", omittingEmptySubsequences: false) {
      #expect(DisplayWidth.of(String(line)) <= width, "\(line)", sourceLocation: sourceLocation)
    }
  }

  /// The settings `stty -a` reports for the pane's terminal, typed at the shell prompt.
  private func sttySettings(in session: TmuxSession) throws -> [String] {
    try session.sendKeys("C-l")
    // The marker is computed by the shell, so the typed command line never matches it.
    try session.sendLiteral("stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo|isig|icrnl|opost)$' | tr '\\n' ' '; echo STTY-$((6*7))")
    try session.sendKeys("Enter")
    let screen = try session.waitFor("STTY-42")
    let line = screen.split(separator: "\n").first { $0.hasSuffix("STTY-42") } ?? ""
    return line.split(separator: " ").map(String.init).filter { $0 != "STTY-42" }
  }

  private func expectSaneTerminal(_ settings: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    for flag in ["icanon", "echo", "isig", "icrnl", "opost"] {
      #expect(settings.contains(flag), "\(flag) missing in \(settings)", sourceLocation: sourceLocation)
    }
  }

  // MARK: - Content at three sizes

  @Test func rendersOrders_at80x24() throws {
    let session = try startDemo()
    defer { session.close() }
    let screen = try session.waitFor("Purchase orders (100000)")
    #expect(screen.contains("▶ PO-000000 Vetpharma GmbH"))
    #expect(screen.contains("PO-000001 動物薬品 株式会社"))
    #expect(screen.contains("Bad␛[2JVendor"))
    #expect(screen.contains("evil\u{FFFD}gnp.exe"))
    #expect(screen.contains("? help  q quit"))
    #expect(screen.split(separator: "\n").count == 24)
    expectLinesFit(screen, width: 80)
  }

  @Test func rendersOrders_at200x60() throws {
    let session = try startDemo(width: 200, height: 60)
    defer { session.close() }
    // 60 rows: tabs, status bar, two border rows and the header leave 55 order rows.
    let screen = try session.waitFor("PO-000054")
    #expect(!screen.contains("PO-000055"))
    #expect(screen.contains("Total│"))
    expectLinesFit(screen, width: 200)
  }

  @Test func rendersOrders_at20x5() throws {
    let session = try startDemo(width: 20, height: 5)
    defer { session.close() }
    let screen = try session.waitFor("20x5")
    let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.prefix(5) == [
      " Orders  │  Diff  │",
      "┌Purchase orders (…┐",
      "│  Order ▲    Sta… │",
      "└──────────────────┘",
      "20x5… ? help  q quit",
    ])
    expectLinesFit(screen, width: 20)
  }

  // MARK: - Colours

  @Test func colours_areDrawn_andNoColorTurnsThemOff() throws {
    let session = try startDemo()
    defer { session.close() }
    let colored = try session.waitFor("Purchase orders", colors: true)
    #expect(colored.contains("\u{1B}[36m┌Purchase"))
    #expect(colored.contains("\u{1B}[30m\u{1B}[46m Orders "))
    #expect(colored.contains("\u{1B}[33mdraft"))
    #expect(colored.contains("\u{1B}[7m"))

    let plainSession = try startDemo(environment: ["NO_COLOR": "1"])
    defer { plainSession.close() }
    let plain = try plainSession.waitFor("Purchase orders", colors: true)
    #expect(!plain.contains("\u{1B}[36m"))
    #expect(!plain.contains("\u{1B}[33m"))
    #expect(plain.contains("\u{1B}[7m"))
  }

  @Test func trueColour_isMappedToPalette() throws {
    let session = try startDemo()
    defer { session.close() }
    try session.sendKeys("4")
    let screen = try session.waitFor("True colour", colors: true)
    // #1e90ff → palette entry 33.
    #expect(screen.contains("\u{1B}[38;5;33mTrue colour"))
  }

  // MARK: - Keys and mouse

  @Test func keys_areDecoded() throws {
    let session = try startDemo()
    defer { session.close() }
    let cases: [([String], String)] = [
      (["Down"], "key:↓"), (["F5"], "key:F5"), (["F12"], "key:F12"), (["Home"], "key:home"),
      (["End"], "key:end"), (["NPage"], "key:pgdn"), (["PPage"], "key:pgup"), (["IC"], "key:ins"),
      (["DC"], "key:del"), (["BSpace"], "key:backspace"), (["Enter"], "key:enter"),
      (["C-e"], "key:ctrl+e"), (["M-x"], "key:alt+x"), (["Escape"], "key:esc"), (["BTab"], "key:shift+tab"),
      (["Tab"], "key:tab"),
    ]
    for (keys, expected) in cases {
      try session.sendKeys(keys.joined())
      try session.waitFor(expected, timeout: .seconds(5))
    }
    try session.sendLiteral("é")
    try session.waitFor("key:é")
    try session.sendLiteral("中")
    try session.waitFor("key:中")
  }

  @Test func arrowKeys_moveSelection_andEndReachesLastRow() throws {
    let session = try startDemo()
    defer { session.close() }
    try session.sendKeys("Down")
    try session.waitFor("▶ PO-000001")
    try session.sendKeys("End")
    try session.waitFor("▶ PO-099999")
  }

  @Test func mouse_clicksAndWheel() throws {
    let session = try startDemo()
    defer { session.close() }
    // Click the "Diff" tab title (columns 10–15 of row 0).
    try session.sendMouse(.pressLeft, x: 12, y: 0)
    try session.waitFor("Conflict PO-000042")
    try session.waitFor("mouse:press left @12,0")
    try session.sendMouse(.release, x: 12, y: 0)
    try session.waitFor("mouse:release left @12,0")
    try session.sendKeys("1")
    try session.waitFor("Purchase orders")
    // Click the fourth order row (screen row 6), then wheel down three rows.
    try session.sendMouse(.pressLeft, x: 20, y: 6)
    try session.waitFor("▶ PO-000003")
    try session.sendMouse(.wheelDown, x: 20, y: 6)
    try session.waitFor("▶ PO-000006")
    try session.waitFor("mouse:wheel down @20,6")
  }

  @Test func backgroundActor_messageReachesScreen() throws {
    let session = try startDemo()
    defer { session.close() }
    try session.sendKeys("p")
    try session.waitFor("pong:1", timeout: .seconds(2))
  }

  // MARK: - Resize

  @Test func resize_redrawsAtNewSize() throws {
    let session = try startDemo()
    defer { session.close() }
    try session.resize(width: 120, height: 40)
    var screen = try session.waitFor("120x40")
    #expect(screen.split(separator: "\n").count == 40)
    expectLinesFit(screen, width: 120)
    try session.resize(width: 20, height: 5)
    screen = try session.waitFor("20x5")
    expectLinesFit(screen, width: 20)
  }

  // MARK: - Suspend and restore

  @Test func ctrlZ_suspends_andFgRedraws() throws {
    let session = try TmuxSession(command: [], width: 80, height: 24, shell: true)
    defer { session.close() }
    try session.waitFor("PROMPT$")
    try session.sendLiteral("\(try demoPath()); echo \"[exit:$?]\"")
    try session.sendKeys("Enter")
    try session.waitFor("Purchase orders")
    try session.sendKeys("Down")
    try session.waitFor("▶ PO-000001")
    try session.sendKeys("C-z")
    let stopped = try session.waitFor("Stopped")
    #expect(!stopped.contains("Purchase orders"))
    expectSaneTerminal(try sttySettings(in: session))
    try session.sendLiteral("fg")
    try session.sendKeys("Enter")
    let resumed = try session.waitFor("▶ PO-000001")
    #expect(!resumed.contains("Stopped"))
    try session.sendKeys("q")
    // bash ran the rest of the command line when the job stopped, so no [exit:…] now.
    try session.waitFor("terminal-kit-demo: bye")
  }

  @Test func quit_restoresTerminal() throws {
    let session = try TmuxSession(command: [], width: 80, height: 24, shell: true)
    defer { session.close() }
    try session.waitFor("PROMPT$")
    try session.sendLiteral("\(try demoPath()); echo \"[exit:$?]\"")
    try session.sendKeys("Enter")
    try session.waitFor("Purchase orders")
    try session.sendKeys("q")
    let after = try session.waitFor("[exit:0]")
    #expect(after.contains("terminal-kit-demo: bye"))
    #expect(!after.contains("Purchase orders"))
    expectSaneTerminal(try sttySettings(in: session))
  }

  @Test func sigterm_restoresTerminal_andExitsWithSignalStatus() throws {
    let session = try TmuxSession(command: [], width: 80, height: 24, shell: true)
    defer { session.close() }
    try session.waitFor("PROMPT$")
    try session.sendLiteral("\(try demoPath()); echo \"[exit:$?]\"")
    try session.sendKeys("Enter")
    try session.waitFor("Purchase orders")
    let shell = try session.panePID()
    let demo = try #require(TmuxSession.children(of: shell).first)
    kill(demo, SIGTERM)
    let after = try session.waitFor("[exit:143]")
    #expect(!after.contains("Purchase orders"))
    expectSaneTerminal(try sttySettings(in: session))
  }

  @Test func sigint_andSighup_endTheDemoCleanly() throws {
    for (signal, status) in [(SIGINT, 130), (SIGHUP, 129)] {
      let session = try startDemo()
      defer { session.close() }
      try session.signalProgram(signal)
      let after = try session.waitFor("[exit:\(status)]")
      #expect(!after.contains("Purchase orders"))
    }
  }

  @Test func thrownError_restoresTerminal() throws {
    let session = try TmuxSession(command: [], width: 80, height: 24, shell: true)
    defer { session.close() }
    try session.waitFor("PROMPT$")
    try session.sendLiteral("\(try demoPath()); echo \"[exit:$?]\"")
    try session.sendKeys("Enter")
    try session.waitFor("Purchase orders")
    try session.sendKeys("x")
    let after = try session.waitFor("[exit:1]")
    #expect(after.contains("demo error thrown on purpose"))
    #expect(!after.contains("Purchase orders"))
    expectSaneTerminal(try sttySettings(in: session))
  }
}
