import FarmacyDomain
import Foundation
import OdooKit
import TerminalKitTestSupport
import Testing

/// The real `farmacy` binary in demo mode under tmux, in a folder of its own, as a new user
/// would start it: no Odoo configured, so the demo's database and simulated Odoo start.
final class DemoTmuxSession {
  let session: TmuxSession
  let directory: URL

  /// An environment with no Odoo configured, so the demo starts, and the folder it lives in.
  static func demoEnvironment() throws -> (environment: [String: String], directory: URL) {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("farmacy-tmux-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return (
      [
        "XDG_CONFIG_HOME": directory.path, "XDG_DATA_HOME": directory.path, "FARMACY_ODOO_URL": "",
        "HOME": directory.path, "FARMACY_DB": "",
      ],
      directory
    )
  }

  static func farmacyPath(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
    try #require(BuiltProducts.path(of: "farmacy"), "farmacy was not built", sourceLocation: sourceLocation)
  }

  /// Starts `farmacy ARGUMENTS` at `width`×`height`; `configure` may write files (a config)
  /// into the folder first.
  init(
    _ arguments: [String], width: Int = 100, height: Int = 30, extraEnvironment: [String: String] = [:],
    configure: (URL) throws -> Void = { _ in }
  ) throws {
    let (environment, directory) = try Self.demoEnvironment()
    self.directory = directory
    try configure(directory)
    session = try TmuxSession(
      command: [try Self.farmacyPath()] + arguments, width: width, height: height,
      environment: environment.merging(extraEnvironment) { _, new in new })
  }

  deinit { close() }

  func close() {
    session.close()
    try? FileManager.default.removeItem(at: directory)
  }

  /// Quits with `q` and waits for the program to end with status 0.
  func quit() throws {
    try session.sendKeys("q")
    try session.waitFor("[exit:0]", timeout: .seconds(20))
  }

  /// The simulated Odoo's address, read from the demo banner.
  func odooURL(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
    let screen = try session.waitFor("DEMO: simulated Odoo at http://127.0.0.1:", timeout: .seconds(60))
    let match = try #require(
      screen.firstMatch(of: /http:\/\/127\.0\.0\.1:[0-9]+/), "no address in the banner", sourceLocation: sourceLocation)
    return String(match.output)
  }

  /// A client of the demo's simulated Odoo, signed in as the colleague in Odoo (admin).
  func odooClient() async throws -> OdooClient {
    let client = OdooClient(
      endpoint: OdooEndpoint(baseURL: try odooURL(), database: "farmacy", login: "admin", secret: "admin"),
      retryPolicy: RetryPolicy(maxAttempts: 1))
    try await client.connect()
    return client
  }

  /// Waits until the first sync round has pulled, so that later rounds are the test's own.
  func waitForFirstPull() throws {
    try session.sendKeys("3")
    try session.waitFor("last pull:", timeout: .seconds(60))
    try session.sendKeys("1")
    try session.waitFor("┌ Orders (")
  }

  /// Opens the first order and changes its vendor reference to `local` here and to `remote`
  /// in Odoo, then syncs: the push finds both sides changed and leaves a conflict.
  ///
  /// `localEdit` may change more here while the order is open in detail, giving a value that
  /// `remoteEdit` receives with the client and the order's Odoo id, to return more values for
  /// Odoo's side of the write.
  ///
  /// The demo must run with a long `--demo-interval`, so no scheduled round runs between the
  /// two edits. Returns the order's reference and the Odoo client.
  func makeConflict(
    local: String, remote: String, sourceLocation: SourceLocation = #_sourceLocation,
    localEdit: () throws -> String = { "" },
    remoteEdit: (OdooClient, Int, String) async throws -> [String: OdooValue] = { _, _, _ in [:] }
  ) async throws -> (reference: String, client: OdooClient) {
    let client = try await odooClient()
    try waitForFirstPull()
    try session.sendKeys("Enter")
    let detail = try session.waitFor("Lines (")
    let reference = String(
      try #require(detail.firstMatch(of: /P[0-9]{5}(?= · )/), "no reference in the detail", sourceLocation: sourceLocation)
        .output)
    try session.sendKeys("e")
    try session.waitFor("Vendor reference")
    try session.sendKeys("C-u")
    try session.sendLiteral(local)
    try session.sendKeys("Enter")
    try session.waitFor("queued for Odoo")
    let edited = try localEdit()

    let found = try await client.searchRead(
      "purchase.order", domain: [["name", "=", .string(reference)]], fields: ["id"])
    let odooID = try #require(found.first?["id"]?.int, "\(reference) is not in Odoo", sourceLocation: sourceLocation)
    var values = try await remoteEdit(client, odooID, edited)
    values["partner_ref"] = .string(remote)
    try await client.write("purchase.order", ids: [odooID], values: values)

    try session.sendKeys("C-r")
    try session.waitFor("4 Conflicts (1)", timeout: .seconds(30))
    return (reference, client)
  }

  /// Starts the demo as `role` and makes a conflict on the first order's vendor reference
  /// (see ``makeConflict(local:remote:sourceLocation:)``), then waits in the conflicts pane
  /// until both values show (the toast about the conflict covers part of it for a while).
  static func withConflict(
    role: String, local: String, remote: String, sourceLocation: SourceLocation = #_sourceLocation
  ) async throws -> (demo: DemoTmuxSession, reference: String, client: OdooClient) {
    let demo = try DemoTmuxSession([
      "--demo-orders", "20", "--demo-activity", "0", "--demo-interval", "3600", "--role", role,
    ])
    let (reference, client) = try await demo.makeConflict(local: local, remote: remote, sourceLocation: sourceLocation)
    try demo.session.sendKeys("4")
    try demo.session.waitUntil(description: "both values side by side", timeout: .seconds(15)) {
      $0.contains("\(reference) (1)") && $0.contains(local) && $0.contains(remote)
    }
    return (demo, reference, client)
  }

  /// A bash in tmux that has started `farmacy ARGUMENTS` (its exit status shows as `[exit:N]`),
  /// so that the terminal can be checked after the app quits; and the folder it runs in.
  static func inShell(_ arguments: [String], width: Int = 100, height: Int = 30) throws
    -> (session: TmuxSession, directory: URL)
  {
    let (environment, directory) = try demoEnvironment()
    let session = try TmuxSession(command: [], width: width, height: height, environment: environment, shell: true)
    try session.waitFor("PROMPT$")
    try session.sendLiteral(([try farmacyPath()] + arguments).joined(separator: " ") + "; echo \"[exit:$?]\"")
    try session.sendKeys("Enter")
    return (session, directory)
  }

  /// Checks, in the shell the program ran from, that the terminal is back in cooked mode with
  /// echo and signals on.
  static func expectTerminalRestored(_ session: TmuxSession, sourceLocation: SourceLocation = #_sourceLocation) throws {
    try session.sendKeys("C-l")
    try session.sendLiteral(
      "stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo|isig)$' | tr '\\n' ' '; echo STTY-$((6*7))")
    try session.sendKeys("Enter")
    let stty = try session.waitFor("STTY-42")
    let line = stty.split(separator: "\n").first { $0.hasSuffix("STTY-42") } ?? ""
    for flag in ["icanon", "echo", "isig"] {
      #expect(
        line.split(separator: " ").contains(Substring(flag)), "\(flag) missing in \(line)", sourceLocation: sourceLocation)
    }
  }
}
