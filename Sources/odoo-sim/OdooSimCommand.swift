import ArgumentParser
import FarmacyDomain
import Foundation
import OdooSimulator

#if canImport(Glibc)
  import Glibc
#endif

/// `odoo-sim`: a stand-in Odoo for Farmacy's purchase flow, with fault injection.
@main
struct OdooSimCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "odoo-sim",
    abstract: "A stand-in Odoo (17.0, 18.0 or 19.0) for the purchase flow, with fault injection.",
    discussion: """
      Serves JSON-RPC (/jsonrpc), the web session routes (/web/session/authenticate, \
      /web/dataset/call_kw), XML-RPC (/xmlrpc/2/common, /xmlrpc/2/object) and, as 19.0, JSON-2 \
      (/json/2/<model>/<method>) on one port. Logins: admin/admin, buyer/buyer (purchase user), \
      viewer/viewer (read-only) and colleague/colleague (the remote activity); their API keys are \
      printed at start. Control endpoints live under /sim/ (see docs/odoo-sim.md). Rates are \
      shares of requests between 0 and 1; faults never touch /sim/.
      """)

  // MARK: Server

  @Option(help: "The address to listen on.") var host = "127.0.0.1"
  @Option(help: "The port to listen on; 0 picks a free port (printed at start).") var port = 8069
  @Option(name: .customLong("db"), help: "The database name clients must use.") var database = "farmacy"
  @Option(name: .customLong("version"), help: "The Odoo version to impersonate: 17.0, 18.0 or 19.0.")
  var odooVersion = "17.0"
  @Option(help: "Serve HTTPS with this certificate chain (PEM, leaf first); needs --tls-key.") var tlsCert: String?
  @Option(help: "The private key (PEM) of --tls-cert.") var tlsKey: String?

  // MARK: Data

  @Option(help: "What the database starts with: demo (the vet pharmacy) or empty.") var seed = "demo"
  @Option(help: "How many demo orders (with --seed demo).") var orders = 2_000
  @Option(help: "The demo data's random seed; the same as `farmacy demo seed --seed`.") var demoSeed: UInt64 = 42
  @Option(help: "The demo's today (YYYY-MM-DD, UTC); orders are dated before it. Default: today.") var today: String?
  @Option(
    help: "Keep the database in this JSON file: loaded at start if it exists, saved on exit and by POST /sim/save.")
  var state: String?
  @Option(help: "With --state, also save every this many seconds (0: only on exit).") var autosave = 0.0

  // MARK: Users and company

  @Option(help: "The admin's API key (40 hex characters); generated from --key-seed when omitted.") var adminApiKey:
    String?
  @Option(help: "Seeds the generated API keys and session ids.") var keySeed: UInt64 = 42
  @Option(help: "Two-step approval: a purchase user's orders at or above this total go to 'To Approve'.")
  var secondApprovalFrom: Double?
  @Flag(help: "Lock orders as soon as they are approved (po_lock = lock).") var lockOnApproval = false
  @Option(help: "Seconds an idle web session lives (Odoo: 604800).") var sessionLifetime = 604_800.0
  @Option(help: "Failed logins from one address before the cooldown (0 disables it).") var loginCooldownAfter = 5
  @Option(help: "Seconds the login cooldown lasts after the last failure.") var loginCooldownSeconds = 60.0

  // MARK: Faults

  @Option(help: "Fixed latency added to every Odoo request, in milliseconds.") var latencyMs = 0
  @Option(help: "Random extra latency of up to this many milliseconds.") var jitterMs = 0
  @Option(help: "Share of requests that are slow calls.") var slowRate = 0.0
  @Option(help: "Extra milliseconds a slow call takes.") var slowMs = 2_000
  @Option(name: .customLong("rate-502"), help: "Share of requests answered 502 Bad Gateway (HTML body).") var rate502 =
    0.0
  @Option(name: .customLong("rate-503"), help: "Share of requests answered 503 Service Unavailable (HTML body).")
  var rate503 = 0.0
  @Option(help: "Share of requests failing with an Odoo server error (serialization failure).") var serverErrorRate =
    0.0
  @Option(help: "Share of requests whose connection is reset before anything runs.") var resetRate = 0.0
  @Option(help: "Share of requests that hang until the client gives up.") var hangRate = 0.0
  @Option(help: "Share of requests that commit and then drop the connection without a reply.") var dropRate = 0.0
  @Option(help: "Share of web-session requests whose session expires just before the call.") var sessionExpiryRate = 0.0
  @Option(help: "Seconds after which a hung request is released.") var hangLimit = 300.0
  @Option(help: "Seeds the fault draws; the same seed and requests give the same faults.") var faultSeed: UInt64 = 1
  @Option(help: "Start with an outage: refuse connections for this many seconds.") var outage = 0.0

  // MARK: Remote activity

  @Option(help: "Changes per second made by another user (edits, confirmations, cancellations); 0: none.")
  var remoteActivity = 0.0
  @Option(help: "Seeds the remote activity's choices.") var activitySeed: UInt64 = 7

  func validate() throws {
    guard OdooVersion(rawValue: odooVersion) != nil else {
      throw ValidationError("--version must be 17.0, 18.0 or 19.0")
    }
    guard (tlsCert == nil) == (tlsKey == nil) else {
      throw ValidationError("--tls-cert and --tls-key go together")
    }
    for path in [tlsCert, tlsKey].compactMap({ $0 }) where !FileManager.default.isReadableFile(atPath: path) {
      throw ValidationError("cannot read \(path)")
    }
    guard seed == "demo" || seed == "empty" else { throw ValidationError("--seed must be demo or empty") }
    guard (0...1_000_000).contains(orders) else { throw ValidationError("--orders must be between 0 and 1000000") }
    guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
    if let today, OdooDateTime.parse(today) == nil { throw ValidationError("--today must be a date YYYY-MM-DD") }
    if let key = adminApiKey, key.count != 40 || !key.allSatisfy(\.isHexDigit) {
      throw ValidationError("--admin-api-key must be 40 hexadecimal characters")
    }
    let rates = [rate502, rate503, serverErrorRate, resetRate, hangRate, dropRate, sessionExpiryRate]
    guard rates.allSatisfy({ (0...1).contains($0) }), rates.reduce(0, +) <= 1, (0...1).contains(slowRate) else {
      throw ValidationError("fault rates must be between 0 and 1 and add up to at most 1")
    }
  }

  func run() async throws {
    guard let version = OdooVersion(rawValue: odooVersion) else { throw ValidationError("bad --version") }
    var configuration = OdooEngineConfiguration(
      databaseName: database, version: version,
      seed: seed == "empty" ? .empty : .demo(orders: orders, seed: demoSeed, today: today.flatMap(OdooDateTime.parse)),
      adminAPIKey: adminApiKey?.lowercased(), keySeed: keySeed)
    configuration.secondApprovalFrom = secondApprovalFrom
    configuration.lockOnApproval = lockOnApproval
    configuration.sessionLifetime = sessionLifetime
    configuration.loginCooldownThreshold = loginCooldownAfter
    configuration.loginCooldownDuration = loginCooldownSeconds
    let engine = OdooEngine(configuration: configuration)
    if let state, FileManager.default.fileExists(atPath: state) {
      try StateFile.load(engine, from: state)
    }
    var settings = FaultSettings()
    settings.latencyMilliseconds = latencyMs
    settings.jitterMilliseconds = jitterMs
    settings.slowRate = slowRate
    settings.slowMilliseconds = slowMs
    settings.seed = faultSeed
    settings.hangLimitSeconds = hangLimit
    settings.rates = [
      .http502: rate502, .http503: rate503, .serverError: serverErrorRate, .connectionReset: resetRate, .hang: hangRate,
      .commitThenDrop: dropRate, .sessionExpiry: sessionExpiryRate,
    ].filter { $0.value > 0 }
    let faults = FaultInjector(settings: settings)
    if outage > 0 { faults.startOutage(seconds: outage) }
    let simulator = SimulatedOdoo(
      engine: engine, faults: faults, activity: RemoteActivity(engine: engine, seed: activitySeed), stateFile: state)
    let tls = tlsCert.flatMap { cert in tlsKey.map { SimTLSFiles(certificatePath: cert, privateKeyPath: $0) } }
    let server = try await OdooSimServer.start(simulator, host: host, port: port, tls: tls)
    if remoteActivity > 0 { simulator.activity.setRate(remoteActivity) }
    printBanner(server: server, engine: engine)

    let stateFile = state
    let stop = {
      if let stateFile { try? StateFile.save(engine, to: stateFile) }
      Foundation.exit(0)
    }
    signal(SIGINT, SIG_IGN)
    signal(SIGTERM, SIG_IGN)
    let sources = [SIGINT, SIGTERM].map { number in
      let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
      source.setEventHandler(handler: stop)
      source.resume()
      return source
    }
    if let stateFile, autosave > 0 {
      let interval = autosave
      Task.detached {
        while true {
          try await Task.sleep(for: .milliseconds(Int64(interval * 1_000)))
          try? StateFile.save(engine, to: stateFile)
        }
      }
    }
    try await server.wait()
    withExtendedLifetime(sources) {}
  }

  private func printBanner(server: OdooSimServer, engine: OdooEngine) {
    var lines = [
      "odoo-sim \(engine.version.rawValue) listening on \(server.baseURL)",
      "database: \(engine.databaseName)",
      "orders: \(engine.withDatabase { $0.count("purchase.order") })",
      "logins (login / password / API key):",
    ]
    for account in engine.accounts {
      let role =
        switch account.role {
        case .administrator: "administrator"
        case .purchaseUser: "purchase user"
        case .readOnly: "read-only"
        }
      lines.append("  \(account.login) / \(account.password) / \(account.apiKeys.first ?? "-")  (\(role))")
    }
    lines.append("control: \(server.baseURL)/sim/health")
    // Written straight to the file descriptor so that a parent reading a pipe sees it at once.
    FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
  }
}
