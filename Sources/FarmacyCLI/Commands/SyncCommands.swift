import ArgumentParser
import FarmacyDomain
import FarmacyStore
import Foundation
import OdooKit
import OdooSimulator
import Synchronization
import SyncEngine

/// `farmacy sync`: runs the sync engine.
struct SyncRunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sync",
    abstract: "Push local changes to Odoo and pull Odoo's changes.",
    discussion: """
      --once (the default) runs one round: push the outbox, pull what changed in Odoo, push \
      what the merge left. --watch keeps running, a round every --interval seconds, until \
      interrupted (Ctrl-C or SIGTERM finish the round in progress first). Only one engine \
      syncs a database at a time; a second waits for the first to stop.

      --demo runs against an odoo-sim started inside this process, seeded like `farmacy demo \
      seed` (its state is kept in demo-odoo.json beside the database), with remote activity \
      under --watch. Progress is printed on a terminal and kept quiet otherwise.
      """)

  @OptionGroup var global: GlobalOptions
  @Flag(help: "Run one round and exit (the default).") var once = false
  @Flag(help: "Keep syncing until interrupted.") var watch = false
  @Flag(help: "Sync with an embedded odoo-sim instead of the configured Odoo.") var demo = false
  @Option(help: ArgumentHelp("Seconds between rounds with --watch.", valueName: "seconds")) var interval = 15.0
  @Option(help: ArgumentHelp("The configuration file.", valueName: "file")) var config: String?
  @Option(help: ArgumentHelp("Remote changes per second in the demo (with --watch).", valueName: "rate"))
  var demoActivity = 0.2
  @Option(help: ArgumentHelp("Demo orders in the embedded odoo-sim.", valueName: "count")) var demoOrders = 2_000
  @Flag(help: "Only push the outbox; do not pull (with --once).") var pushOnly = false
  @Flag(help: "Only pull; do not push (with --once).") var pullOnly = false
  @Flag(help: "Print nothing but errors.") var quiet = false
  @Flag(help: "Print the round's report as JSON.") var json = false

  func validate() throws {
    if once && watch { throw ValidationError("--once and --watch do not go together") }
    if interval <= 0 { throw ValidationError("--interval must be positive") }
    if watch && (pushOnly || pullOnly) { throw ValidationError("--push-only and --pull-only go with --once") }
    if pushOnly && pullOnly { throw ValidationError("--push-only and --pull-only do not go together") }
  }

  func run() throws {
    try reportingFailures(json: json) {
      try blockingAwait { try await runEngine() }
    }
  }

  private func runEngine() async throws {
    let setup = try await EngineSetup.make(
      global: global, config: config, demo: demo, demoOrders: demoOrders, interval: interval)
    do {
      try await sync(setup)
    } catch {
      await setup.stop()
      throw error
    }
    await setup.stop()
  }

  private func sync(_ setup: EngineSetup) async throws {
    let engine = setup.engine
    let showProgress = !quiet && !json && isatty(STDOUT_FILENO) == 1
    let printer = Task {
      guard showProgress || watch else { return }
      for await envelope in engine.events() {
        if let line = ProgressText.line(for: envelope.event), showProgress || Self.alwaysShown(envelope.event) {
          Output.standardOutput(line)
        }
      }
    }
    defer { printer.cancel() }
    if watch {
      if demo { setup.simulator?.activity.setRate(demoActivity) }
      let stopper = SignalStopper { Task { _ = try? await engine.send(.shutDown) } }
      try await engine.run()
      withExtendedLifetime(stopper) {}
      return
    }
    let lease = try engine.acquireLease()
    guard lease.acquired else {
      throw CommandFailure(
        status: .tryAgain, code: "engine_busy", message: "another sync engine (\(lease.holder)) is running on this database")
    }
    defer { engine.releaseLease() }
    let report = await engine.roundHoldingLease(push: !pullOnly, pull: !pushOnly)
    if json {
      struct Report: Encodable {
        var pushed, deferred, dead_lettered, pulled_new, pulled_updated, merged, conflicts, deleted: Int
        var breaker_open: Bool
        var error: String?
      }
      Output.standardOutput(
        JSONOutput.encode(
          Report(
            pushed: report.pushed, deferred: report.deferred, dead_lettered: report.deadLettered,
            pulled_new: report.pulled.inserted, pulled_updated: report.pulled.updated, merged: report.pulled.merged,
            conflicts: report.pulled.conflicted.count, deleted: report.deleted, breaker_open: report.breakerOpen,
            error: report.error)))
    } else if !quiet {
      Output.standardOutput(
        "pushed \(report.pushed), deferred \(report.deferred), dead \(report.deadLettered); pulled \(report.pulled.inserted) new, "
          + "\(report.pulled.updated) updated, \(report.pulled.merged) merged, \(report.pulled.conflicted.count) in conflict, "
          + "\(report.deleted) deleted" + (report.breakerOpen ? "; circuit breaker open" : ""))
    }
    if let error = report.error {
      throw CommandFailure(status: .notAllowed, code: "sync_failed", message: error)
    }
  }

  private static func alwaysShown(_ event: SyncEvent) -> Bool {
    switch event {
    case .jobDeadLettered, .conflictDetected, .failed, .stopped: true
    case .breakerChanged: true
    default: false
    }
  }
}

/// One line of progress per interesting event.
enum ProgressText {
  static func line(for event: SyncEvent) -> String? {
    if case .pullFinished(let inserted, let updated, let merged, let conflicts, let deleted, _) = event,
      inserted + updated + merged + conflicts + deleted == 0
    {
      return nil
    }
    return switch event {
    case .jobSucceeded(_, let order, let odooID, _): "pushed \(TerminalText.safe(order)) (Odoo id \(odooID))"
    case .jobDeferred(_, let order, let error, let next):
      "will retry \(TerminalText.safe(order)) at \(OdooDateTime.format(next)): \(TerminalText.safe(error))"
    case .jobDeadLettered(_, let order, let error): "gave up on \(TerminalText.safe(order)): \(TerminalText.safe(error))"
    case .breakerChanged(let from, let to, let reason): "circuit breaker \(from) → \(to) (\(reason))"
    case .pullProgress(let model, let done, let total): "pulling \(model): \(done)/\(total.map(String.init) ?? "?")"
    case .pullFinished(let inserted, let updated, let merged, let conflicts, let deleted, _):
      "pulled \(inserted) new, \(updated) updated, \(merged) merged, \(conflicts) in conflict, \(deleted) deleted"
    case .conflictDetected(_, let order, let fields):
      "conflict on \(TerminalText.safe(order)): \(fields.map { TerminalText.safe($0) }.joined(separator: ", "))"
    case .sagaChanged(_, let order, let step, let state): "\(TerminalText.safe(order)): submission \(state) (\(step))"
    case .failed(let message): "sync round failed: \(TerminalText.safe(message))"
    case .stopped(let reason): "sync engine stopped: \(reason)"
    default: nil
    }
  }
}

/// The engine and what it needs, for one command.
struct EngineSetup: Sendable {
  let store: OrderStore
  let engine: SyncEngine
  let server: OdooSimServer?
  let statePath: String?
  /// The e-mail handler, when mail is configured: its queue is sent before the process ends.
  var mail: MailNotificationHandler?

  var simulator: SimulatedOdoo? { server?.simulator }

  static func make(
    global: GlobalOptions, config: String?, demo: Bool, demoOrders: Int, interval: Double
  ) async throws -> EngineSetup {
    let environment = ProcessInfo.processInfo.environment
    var server: OdooSimServer?
    var statePath: String?
    let endpoint: OdooEndpoint
    var transport = CurlConfiguration()
    // A protocol forced in the configuration (`[odoo] protocol`); the demo lets the client choose.
    var protocolKind: OdooProtocolKind?
    let store: OrderStore
    if demo {
      var options = global
      if options.db == nil && environment["FARMACY_DB"] == nil {
        options.db = DatabaseLocation.dataDirectory(environment) + "/demo.sqlite"
        try FileManager.default.createDirectory(
          atPath: DatabaseLocation.dataDirectory(environment), withIntermediateDirectories: true)
      }
      store = try options.openStore()
      let path = (options.location.path as NSString).deletingLastPathComponent + "/demo-odoo.json"
      statePath = path
      let configuration = OdooEngineConfiguration(version: .v17, seed: .demo(orders: demoOrders, seed: 42, today: nil))
      let odoo = OdooEngine(configuration: configuration)
      if FileManager.default.fileExists(atPath: path) { try StateFile.load(odoo, from: path) }
      let simulator = SimulatedOdoo(engine: odoo, activity: RemoteActivity(engine: odoo), stateFile: path)
      let started = try await OdooSimServer.start(simulator)
      server = started
      endpoint = OdooEndpoint(baseURL: started.baseURL, database: odoo.databaseName, login: "buyer", secret: "buyer")
    } else {
      guard let settings = try OdooSettingsLoader.load(explicitConfig: config, environment: environment) else {
        throw CommandFailure(
          status: .notAllowed, code: "not_configured",
          message:
            "no Odoo server is configured; set FARMACY_ODOO_URL, FARMACY_ODOO_DB, FARMACY_ODOO_USER and FARMACY_ODOO_API_KEY, or use --demo")
      }
      if settings.insecure {
        Output.standardError("farmacy: warning: TLS certificate checks are off; use this only with a test server")
      }
      store = try global.openStore()
      endpoint = settings.endpoint
      transport = settings.transportConfiguration
      protocolKind = settings.protocolKind
    }
    var configuration = SyncEngine.Configuration()
    configuration.user = global.actorName
    configuration.interval = .milliseconds(Int64(interval * 1_000))
    let client = OdooClient(
      endpoint: endpoint, transport: CurlTransport(configuration: transport), retryPolicy: RetryPolicy(maxAttempts: 2),
      protocolKind: protocolKind)
    let engine = SyncEngine(store: store, client: client, configuration: configuration)
    var mailHandler: MailNotificationHandler?
    if let mail = try NotificationSettingsLoader.load(explicitConfig: config, environment: environment) {
      let handler = MailNotificationHandler(mailer: SMTPMailer(configuration: mail))
      engine.bus.register(handler)
      mailHandler = handler
    }
    return EngineSetup(store: store, engine: engine, server: server, statePath: statePath, mail: mailHandler)
  }

  /// Sends the e-mails still queued (waiting at most a minute), keeps the demo's Odoo for the
  /// next run and stops it.
  func stop() async {
    if let mail {
      let flushed = Task { await mail.waitUntilIdle() }
      let limit = Task {
        try? await Task.sleep(for: .seconds(60))
        flushed.cancel()
      }
      await flushed.value
      limit.cancel()
    }
    guard let server else { return }
    if let statePath { try? StateFile.save(server.simulator.engine, to: statePath) }
    await server.stop()
  }
}

/// Calls `action` once on SIGINT or SIGTERM instead of dying, so the engine can finish its round.
final class SignalStopper: Sendable {
  private let sources: Mutex<[any DispatchSourceSignal]>

  init(_ action: @escaping @Sendable () -> Void) {
    signal(SIGINT, SIG_IGN)
    signal(SIGTERM, SIG_IGN)
    let fired = Mutex(false)
    sources = Mutex(
      [SIGINT, SIGTERM].map { number in
        let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
        source.setEventHandler {
          let first = fired.withLock { fired in
            defer { fired = true }
            return !fired
          }
          if first { action() } else { Foundation.exit(130) }
        }
        source.resume()
        return source
      })
  }

  deinit {
    sources.withLock { $0.forEach { $0.cancel() } }
    signal(SIGINT, SIG_DFL)
    signal(SIGTERM, SIG_DFL)
  }
}
