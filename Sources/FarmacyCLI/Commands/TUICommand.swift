import ArgumentParser
import CursesBackend
import FarmacyApp
import FarmacyDemoData
import FarmacyDomain
import FarmacyStore
import Foundation
import OdooKit
import OdooSimulator
import SyncEngine
import TerminalKit

/// `farmacy` (or `farmacy tui`): the full-screen app.
///
/// Without an Odoo configuration it runs the demo: a fresh demo database in a temporary
/// folder, odoo-sim on a loopback port seeded with the same pharmacy, a colleague editing
/// orders there, and the sync engine between them. With a configuration it opens the usual
/// database and syncs with that Odoo.
struct TUICommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tui",
    abstract: "Open the full-screen app (the default command).",
    discussion: """
      Without an Odoo configuration (see `farmacy odoo check --help`) the app opens a demo: a \
      temporary database, a simulated Odoo on a loopback port with another user editing \
      orders, and the sync engine running between them. Nothing is kept after quitting.

      Keys: ? lists them; q quits. The screen needs at least 60×16 cells; at 160×45 or more \
      the orders, the sync queue and the health pane show side by side.
      """)

  @OptionGroup var global: GlobalOptions

  @Option(
    help: ArgumentHelp(
      "The Odoo configuration file (default: $XDG_CONFIG_HOME/farmacy/config.toml).", valueName: "path"))
  var config: String?

  @Option(
    help: ArgumentHelp(
      "A theme: default, light, high-contrast, monochrome, a name in $XDG_CONFIG_HOME/farmacy/themes, or a .toml path.",
      valueName: "name"))
  var theme: String?

  @Option(help: "Who is at the terminal: staff, manager or support.") var role: String = "staff"

  @Flag(help: "Change nothing: browse and watch only.") var readOnly = false

  @Flag(help: "Run the demo even when an Odoo is configured.") var demo = false

  @Option(help: ArgumentHelp("How many orders the demo starts with.", visibility: .hidden)) var demoOrders = 2_000

  @Option(help: ArgumentHelp("Changes per second the demo's colleague makes in Odoo.", visibility: .hidden))
  var demoActivity = 0.3

  @Option(help: ArgumentHelp("Seconds between the demo's scheduled sync rounds.", visibility: .hidden))
  var demoInterval = 5.0

  @Option(
    help: ArgumentHelp("Seconds the demo's circuit breaker stays open before a trial call.", visibility: .hidden))
  var demoBreakerRecovery = 60.0

  func validate() throws {
    guard Role(rawValue: role) != nil else { throw ValidationError("--role must be staff, manager or support") }
    guard (0...1_000_000).contains(demoOrders) else {
      throw ValidationError("--demo-orders must be between 0 and 1000000")
    }
    guard demoInterval >= 0.1, demoBreakerRecovery >= 0.1 else {
      throw ValidationError("--demo-interval and --demo-breaker-recovery must be at least 0.1 seconds")
    }
  }

  func run() throws {
    guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
      FileHandle.standardError.write(
        Data(
          ("farmacy: the full-screen app needs a terminal; in scripts use a subcommand "
            + "(farmacy orders list, farmacy --help)\n").utf8))
      throw ExitCode(64)
    }
    let environment = ProcessInfo.processInfo.environment
    let (chosenTheme, themeWarning) = ThemeLoader.choose(name: theme, environment: environment)
    let settings: OdooSettings?
    do {
      settings = demo ? nil : try OdooSettingsLoader.load(explicitConfig: config, environment: environment)
    } catch {
      FileHandle.standardError.write(Data("farmacy: \(error)\n".utf8))
      throw ExitCode(64)
    }
    if settings == nil, !demo, let chosen = global.db {
      // The demo runs on a database of its own: opening it instead of the one asked for would
      // look like that database's orders had vanished.
      FileHandle.standardError.write(
        Data(
          ("farmacy: no Odoo is configured, so the app would open the demo, which keeps a temporary database "
            + "of its own, not \(chosen). To open \(chosen), configure Odoo (farmacy odoo check --help); "
            + "to read it without Odoo, use farmacy orders list; for the demo, run farmacy --demo.\n").utf8))
      throw ExitCode(64)
    }
    let session: Session
    do {
      session =
        try settings.map { try Session.connect(settings: $0, global: global) }
        ?? Session.demo(
          orders: demoOrders, activity: demoActivity, interval: .seconds(demoInterval),
          breakerRecovery: .seconds(demoBreakerRecovery))
    } catch {
      FileHandle.standardError.write(Data("farmacy: \(CommandFailure(error).message)\n".utf8))
      throw ExitCode(CommandFailure(error).status.rawValue)
    }
    defer { session.close() }

    let inbox = try Inbox<AppAction>()
    let (keys, keyWarnings) = Self.keyMaps(configPath: OdooSettingsLoader.configPath(explicit: config, environment: environment))
    var state = AppState(
      now: Date(), role: Role(rawValue: role) ?? .staff, readOnly: readOnly, connection: session.connection,
      actor: global.actorName, theme: chosenTheme, keys: keys)
    let warnings = [themeWarning].compactMap { $0 } + keyWarnings
    state.message = warnings.first.map { $0 + (warnings.count > 1 ? " (and \(warnings.count - 1) more)" : "") }
    let runtime = AppRuntime(state: state, services: session.services, inbox: inbox)
    // The engine's work runs on a thread of its own, so it never takes more than one core from
    // the screen; its events are relayed from there too.
    let engineThread = DedicatedThreadExecutor(name: "farmacy.sync")
    let forwarding = runtime.forward(session.engine.events(), on: engineThread)
    let engine = session.engine
    engine.bus.register(ProcessMemory.ReleaseAfterLargePulls())
    let engineTask = Task(executorPreference: engineThread) {
      do {
        // The first screen's queries come first; the first sync round a moment later.
        try await Task.sleep(for: .milliseconds(300))
        try await engine.run(waitForLease: false)
      } catch is CancellationError {
        return
      } catch {
        inbox.post(.syncEventReceived(.failed(String(describing: error)), at: Date()))
      }
    }
    BackgroundPriority.start()
    var termination: TerminationSignal?
    var failure: (any Error)?
    do {
      try CursesBackend.withTerminal { backend in
        try runtime.run(terminal: Terminal(backend: backend))
        termination = backend.receivedTerminationSignal
      }
    } catch {
      failure = error
    }
    // A round in progress may hold the engine for a while; its work is durable and leased, so
    // after a short wait the task is cancelled and the next start finishes what it left.
    Self.wait(seconds: 1) { _ = try? await engine.send(.shutDown) }
    engineTask.cancel()
    forwarding.cancel()
    // Cancelled, the engine still has to come back to its thread to release its lease; what
    // reaches the thread after it stops runs on Swift's pool instead.
    Self.wait(seconds: 1) { await engineTask.value }
    engineThread.stop()
    if let failure {
      FileHandle.standardError.write(Data("farmacy: \(failure)\n".utf8))
      throw ExitCode(70)
    }
    if let termination {
      session.close()
      termination.reraise()
    }
  }

  /// The key maps with the config file's `[keys]` table applied, and what could not be used.
  static func keyMaps(configPath: String) -> (KeyMaps, [String]) {
    guard let text = try? String(contentsOfFile: configPath, encoding: .utf8) else { return (KeyMaps(), []) }
    return KeyConfigLoader.load(text, path: configPath)
  }

  /// Runs `work` and waits for it at most `seconds`: quitting must not hang on a stuck Odoo.
  static func wait(seconds: Double, _ work: @escaping @Sendable () async -> Void) {
    let done = DispatchSemaphore(value: 0)
    Task {
      await work()
      done.signal()
    }
    _ = done.wait(timeout: .now() + seconds)
  }
}

/// The store, the engine and, in the demo, the simulator and its folder.
final class Session: @unchecked Sendable {
  // @unchecked: every property is set once in init and only read afterwards; `close()` runs
  // on the main thread after the terminal loop has ended.
  let store: OrderStore
  let engine: SyncEngine
  let client: OdooClient
  let connection: Connection
  private let server: OdooSimServer?
  private let directory: String?
  private let failureThreshold: Int
  private var isClosed = false

  private init(
    store: OrderStore, client: OdooClient, engine: SyncEngine, connection: Connection, server: OdooSimServer?,
    directory: String?, failureThreshold: Int
  ) {
    self.store = store
    self.client = client
    self.engine = engine
    self.connection = connection
    self.server = server
    self.directory = directory
    self.failureThreshold = failureThreshold
  }

  /// The demo: a fresh database and a simulator seeded alike, with remote activity.
  static func demo(orders: Int, activity: Double, interval: Duration, breakerRecovery: Duration) throws -> Session {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("farmacy-demo-\(getpid())").path
    try? FileManager.default.removeItem(atPath: directory)
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let store = try OrderStore.open(path: directory + "/farmacy.sqlite", options: .interactive())
    let now = Date()
    let today = DemoCommand.Seed.startOfDay(now)
    let generator = DemoDataGenerator(seed: 42, count: orders, anchor: today)
    let catalogue = generator.catalogue
    try store.upsertCatalogue(vendors: catalogue.vendors, products: catalogue.products, entries: catalogue.catalogue)
    _ = try store.importSyncedOrders(generator.orders, actor: "demo", reason: "demo seed 42", now: now)

    var configuration = OdooEngineConfiguration(version: .v17, seed: .demo(orders: orders, seed: 42, today: today))
    configuration.databaseName = "farmacy"
    let odoo = OdooEngine(configuration: configuration)
    let simulator = SimulatedOdoo(engine: odoo, activity: RemoteActivity(engine: odoo))
    let server = try blockingAwait { try await OdooSimServer.start(simulator) }
    simulator.activity.setRate(activity)

    var breaker = CircuitBreakerStateMachine.Configuration()
    breaker.openDuration = breakerRecovery
    let client = OdooClient(
      endpoint: OdooEndpoint(baseURL: server.baseURL, database: "farmacy", login: "admin", secret: "admin"),
      breaker: CircuitBreaker(configuration: breaker))
    var engineConfiguration = SyncEngine.Configuration.interactive
    engineConfiguration.owner = "farmacy-demo-\(getpid())"
    engineConfiguration.interval = interval
    let engine = SyncEngine(store: store, client: client, configuration: engineConfiguration)
    return Session(
      store: store, client: client, engine: engine, connection: .demo(url: server.baseURL), server: server,
      directory: directory, failureThreshold: breaker.consecutiveFailureThreshold)
  }

  /// The configured Odoo and the usual database.
  static func connect(settings: OdooSettings, global: GlobalOptions) throws -> Session {
    let store = try global.openStore(interactive: true)
    let breaker = CircuitBreakerStateMachine.Configuration()
    let client = OdooClient(
      endpoint: settings.endpoint, transport: CurlTransport(configuration: settings.transportConfiguration),
      breaker: CircuitBreaker(configuration: breaker), protocolKind: settings.protocolKind)
    var configuration = SyncEngine.Configuration.interactive
    configuration.user = global.actorName
    let engine = SyncEngine(store: store, client: client, configuration: configuration)
    return Session(
      store: store, client: client, engine: engine, connection: .odoo(url: settings.url), server: nil, directory: nil,
      failureThreshold: breaker.consecutiveFailureThreshold)
  }

  var services: AppServices {
    let client = self.client
    let engine = self.engine
    let threshold = failureThreshold
    let server = connection.url
    var services = AppServices.live(store: store, engine: engine) {
      let breaker = client.breaker.snapshot
      let connection = client.connection
      return HealthSample(
        breakerState: Session.describe(breaker.state), consecutiveFailures: breaker.consecutiveFailures,
        failureThreshold: threshold, failureRate: breaker.failureRate, server: server,
        version: connection.map { $0.version.description }, protocolName: connection?.protocolKind.rawValue,
        metrics: engine.metrics.snapshot(at: Date()))
    }
    let store = self.store
    services.createOrder = { form, actor in try Session.create(form, actor: actor, store: store) }
    if let simulator = self.server?.simulator {
      services.startDemoOutage = { seconds in simulator.faults.startOutage(seconds: seconds) }
    }
    return services
  }

  /// Creates an order as `farmacy orders create` does, from the app's new-order form.
  static func create(_ form: NewOrderForm, actor: String, store: OrderStore) throws -> SavedOrder {
    do {
      let now = Date()
      guard let vendor = try store.vendor(id: form.vendorID) else {
        throw StoreError(code: .notFound, path: store.path, detail: "the vendor chosen is no longer in the store")
      }
      var order = try OrderBuilder(store: store, now: now).newOrder(
        vendor: vendor, lines: form.lines, datePlanned: form.datePlanned)
      order.notes = form.notes
      return try store.saveOrder(order, actor: actor, now: now)
    } catch {
      throw CommandFailure(error)
    }
  }

  /// The breaker's state in the words the engine's events use.
  static func describe(_ state: CircuitBreakerStateMachine.State) -> String {
    switch state {
    case .closed: "closed"
    case .open: "open"
    case .halfOpen: "half-open"
    }
  }

  /// Stops the simulator and removes the demo's folder. Safe to call twice.
  func close() {
    guard !isClosed else { return }
    isClosed = true
    // The process is about to end and its sockets with it; a graceful stop only gets a moment.
    if let server { TUICommand.wait(seconds: 0.5) { await server.stop() } }
    if let directory { try? FileManager.default.removeItem(atPath: directory) }
  }
}
