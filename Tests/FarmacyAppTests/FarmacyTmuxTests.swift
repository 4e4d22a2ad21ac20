import Foundation
import OdooSimulator
import TerminalKitTestSupport
import Testing

/// The real `farmacy` binary in demo mode under tmux: it starts, shows orders, shows help and
/// leaves the terminal as it found it.
@Suite(.serialized) struct FarmacyTmuxTests {
  private func farmacyPath() throws -> String { try DemoTmuxSession.farmacyPath() }

  private func demoEnvironment() throws -> (environment: [String: String], directory: URL) {
    try DemoTmuxSession.demoEnvironment()
  }

  @Test func demo_startsWithOrders_showsHelp_andQuitRestoresTheTerminal() throws {
    let (session, directory) = try DemoTmuxSession.inShell(["--demo-orders", "300"])
    defer {
      session.close()
      try? FileManager.default.removeItem(at: directory)
    }
    // The count and the first page arrive apart: wait for both, and for the demo line.
    try session.waitUntil(description: "the first page of 300 orders", timeout: .seconds(60)) {
      $0.contains("Orders (300)") && $0.contains("P00300") && $0.contains("DEMO: simulated Odoo at http://127.0.0.1:")
    }
    try session.sendKeys("?")
    // The overlay is generated from the key maps: a key of the orders pane shows in it.
    let help = try session.waitFor("search (every word must match)")
    #expect(help.contains("esc closes)"))
    try session.sendKeys("Escape")
    try session.waitUntil(description: "help closed") { !$0.contains("esc closes)") }
    try session.sendKeys("q")
    let after = try session.waitFor("[exit:0]", timeout: .seconds(20))
    #expect(!after.contains("Orders (300)"))
    try DemoTmuxSession.expectTerminalRestored(session)
  }

  /// Without an Odoo, a database asked for by name is not swapped for the demo's own.
  @Test func aDatabaseNamed_withoutAnOdoo_isRefusedBeforeTheScreen_insteadOfShowingTheDemo() throws {
    let (session, directory) = try DemoTmuxSession.inShell(["--db", "mine.sqlite"], width: 200)
    defer {
      session.close()
      try? FileManager.default.removeItem(at: directory)
    }
    let screen = try session.waitFor("[exit:64]", timeout: .seconds(20))
    #expect(screen.contains("no Odoo is configured, so the app would open the demo"))
    #expect(screen.contains("not mine.sqlite"))
    #expect(!screen.contains("DEMO: simulated Odoo"))
    try DemoTmuxSession.expectTerminalRestored(session)
  }

  /// A crash with the screen up (here a SIGSEGV or SIGABRT from outside, as a fault or a failed
  /// check would raise it) still gives the shell a working terminal back.
  @Test(arguments: ["SEGV", "ABRT"])
  func aCrashWithTheScreenUp_givesTheTerminalBack(signal: String) throws {
    var (environment, directory) = try demoEnvironment()
    defer { try? FileManager.default.removeItem(at: directory) }
    // No interactive crash report to wait on.
    environment["SWIFT_BACKTRACE"] = "enable=no"
    let session = try TmuxSession(command: [], width: 100, height: 30, environment: environment, shell: true)
    defer { session.close() }
    try session.waitFor("PROMPT$")
    let pidFile = directory.appendingPathComponent("pid").path
    try session.sendLiteral(
      "sh -c 'echo $$ > \(pidFile); exec \(try farmacyPath()) --demo-orders 40 --demo-activity 0'; echo \"[exit:$?]\"")
    try session.sendKeys("Enter")
    try session.waitFor("Orders (40)", timeout: .seconds(60))
    let pid = try #require(Int32(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
    #expect(kill(pid, signal == "SEGV" ? SIGSEGV : SIGABRT) == 0)
    // The typed command line holds "[exit:$?]"; the status printed after the crash is 128 + the signal.
    let after = try session.waitFor(signal == "SEGV" ? "[exit:139]" : "[exit:134]", timeout: .seconds(20))
    #expect(!after.contains("Orders (40)"), "the app's screen is gone")
    try DemoTmuxSession.expectTerminalRestored(session)
  }

  @Test func demo_editSavedInTheDetail_showsInTheQueue() throws {
    let (environment, directory) = try demoEnvironment()
    defer { try? FileManager.default.removeItem(at: directory) }
    let session = try TmuxSession(
      command: [try farmacyPath(), "--demo-orders", "200", "--demo-activity", "0"], width: 100, height: 30,
      environment: environment)
    defer { session.close() }
    try session.waitFor("Orders (200)", timeout: .seconds(60))
    try session.sendKeys("Enter")
    try session.waitFor("Lines (")
    try session.sendKeys("e")
    try session.waitFor("Vendor reference")
    try session.sendKeys("Tab", "C-u")
    try session.sendLiteral("Clinic 7")
    try session.sendKeys("Enter")
    try session.waitFor("queued for Odoo")
    try session.sendKeys("2")
    try session.waitUntil(description: "the job in the queue or already synced") {
      $0.contains("P00200   update") || $0.contains("Nothing waiting")
    }
    try session.sendKeys("q")
    try session.waitFor("[exit:0]", timeout: .seconds(20))
  }

  @Test func demo_newOrder_isCreatedWithALocalReference() throws {
    let (environment, directory) = try demoEnvironment()
    defer { try? FileManager.default.removeItem(at: directory) }
    let session = try TmuxSession(
      command: [try farmacyPath(), "--demo-orders", "20", "--demo-activity", "0"], width: 100, height: 30,
      environment: environment)
    defer { session.close() }
    try session.waitFor("Orders (20)", timeout: .seconds(60))
    try session.sendKeys("n")
    try session.waitFor("New order")
    try session.sendLiteral("alpen")
    try session.sendKeys("Tab")
    try session.sendLiteral("TAB-00001:3")
    try session.sendKeys("Enter")
    // "alpen" is part of a name, not a whole one: saving lists the vendors it matches to choose.
    try session.waitUntil(description: "the vendor picker with Alpenvet") {
      $0.contains("Choose the new order's vendor") && $0.contains("Alpenvet Großhandel GmbH") && !$0.contains("Searching…")
    }
    try session.sendKeys("Enter")
    let created = try session.waitFor("Created L00001")
    #expect(created.contains("Alpenvet"))
    try session.sendKeys("q")
    try session.waitFor("[exit:0]", timeout: .seconds(20))
  }

  @Test func tooSmall_saysSo_andGrowingToADashboardShowsThreePanes() throws {
    let (environment, directory) = try demoEnvironment()
    defer { try? FileManager.default.removeItem(at: directory) }
    let session = try TmuxSession(
      command: [try farmacyPath(), "--demo-orders", "100", "--demo-activity", "0"], width: 50, height: 12,
      environment: environment)
    defer { session.close() }
    try session.waitFor("needs at least", timeout: .seconds(60))
    try session.resize(width: 200, height: 60)
    let dashboard = try session.waitUntil(description: "orders, queue and health together") {
      $0.contains("Orders (100)") && $0.contains("┌ Sync queue") && $0.contains("┌ Health")
    }
    for line in dashboard.split(separator: "\n") {
      #expect(line.count <= 200)
    }
    try session.sendKeys("q")
    try session.waitFor("[exit:0]", timeout: .seconds(20))
  }

  @Test func noColor_drawsWithoutColours_butKeepsReverseVideo() throws {
    var (environment, directory) = try demoEnvironment()
    defer { try? FileManager.default.removeItem(at: directory) }
    environment["NO_COLOR"] = "1"
    let session = try TmuxSession(
      command: [try farmacyPath(), "--demo-orders", "50", "--demo-activity", "0"], width: 100, height: 30,
      environment: environment)
    defer { session.close() }
    let screen = try session.waitFor("Orders (50)", timeout: .seconds(60), colors: true)
    #expect(screen.contains("\u{1B}[7m"))
    for code in 30...37 {
      #expect(!screen.contains("\u{1B}[\(code)m"), "colour \(code) drawn")
    }
    try session.sendKeys("q")
    try session.waitFor("[exit:0]", timeout: .seconds(20))
  }

  /// A simulated Odoo 17 with `orders` orders, and the app configured for it (through the
  /// environment) on an empty database in a folder of its own.
  private func configuredOdoo(orders: Int, seed: UInt64) async throws
    -> (server: OdooSimServer, session: TmuxSession, directory: URL)
  {
    var configuration = OdooEngineConfiguration(version: .v17, seed: .demo(orders: orders, seed: seed, today: nil))
    configuration.databaseName = "pharmacy"
    let server = try await OdooSimServer.start(SimulatedOdoo(engine: OdooEngine(configuration: configuration)))
    let (base, directory) = try demoEnvironment()
    var environment = base
    environment["FARMACY_ODOO_URL"] = server.baseURL
    environment["FARMACY_ODOO_DB"] = "pharmacy"
    environment["FARMACY_ODOO_USER"] = "admin"
    environment["FARMACY_ODOO_PASSWORD"] = "admin"
    environment["FARMACY_DB"] = directory.appendingPathComponent("farmacy.sqlite").path
    let session = try TmuxSession(command: [try farmacyPath()], width: 100, height: 30, environment: environment)
    return (server, session, directory)
  }

  @Test func configuredOdoo_isUsed_andItsOrdersArriveLive() async throws {
    let (server, session, directory) = try await configuredOdoo(orders: 30, seed: 9)
    // The empty local database fills from the first pull, without a key being pressed.
    let screen = try session.waitFor("Orders (30)", timeout: .seconds(60))
    #expect(!screen.contains("DEMO"))
    try session.sendKeys("3")
    try session.waitFor("Server \(server.baseURL) · Odoo 17.0")
    try session.sendKeys("q")
    try session.waitFor("[exit:0]", timeout: .seconds(20))
    session.close()
    try? FileManager.default.removeItem(at: directory)
    await server.stop()
  }

  @Test func firstPull_showsAProgressBarInTheQueue_untilEveryOrderIsIn() async throws {
    let (server, session, directory) = try await configuredOdoo(orders: 12_000, seed: 3)
    try session.waitFor("┌ Orders")
    try session.sendKeys("2")
    // Pages of 2,000 orders: the bar shows while the later pages come in.
    let pulling = try session.waitFor("First pull: purchase.order", timeout: .seconds(60))
    #expect(pulling.contains(" of 12,000"))
    try session.sendKeys("1")
    try session.waitFor("Orders (12,000)", timeout: .seconds(120))
    try session.sendKeys("2")
    try session.waitUntil(description: "the queue without the bar once the pull finished", timeout: .seconds(30)) {
      $0.contains("┌ Sync queue") && !$0.contains("First pull")
    }
    try session.sendKeys("q")
    try session.waitFor("[exit:0]", timeout: .seconds(20))
    session.close()
    try? FileManager.default.removeItem(at: directory)
    await server.stop()
  }
}
