import Foundation
import OdooKit
import OdooSimulator
import Synchronization

/// An odoo-sim on a loopback port with a client pointed at it, for integration tests.
struct SimulatorHarness {
  static let apiKey = "0123456789abcdef0123456789abcdef01234567"

  let server: OdooSimServer
  let clock: ManualClock

  var simulator: SimulatedOdoo { server.simulator }

  /// Starts a simulator of `version` with `orders` demo orders.
  static func start(version: OdooVersion, orders: Int = 30) async throws -> SimulatorHarness {
    var configuration = OdooEngineConfiguration(
      version: version, seed: .demo(orders: orders, seed: 42, today: Date(timeIntervalSince1970: 1_773_446_400)),
      adminAPIKey: apiKey)
    configuration.databaseName = "farmacy"
    let server = try await OdooSimServer.start(SimulatedOdoo(engine: OdooEngine(configuration: configuration)))
    return SimulatorHarness(server: server, clock: ManualClock())
  }

  /// A client with a manual clock for its breaker and retries that never wait.
  func client(
    apiKey: Bool = false, protocolKind: OdooProtocolKind? = nil, retryPolicy: RetryPolicy = RetryPolicy(maxAttempts: 3),
    breaker: CircuitBreakerStateMachine.Configuration = .init(), transport: CurlConfiguration = CurlConfiguration(),
    transportInstance: CurlTransport? = nil
  ) -> OdooClient {
    let endpoint = OdooEndpoint(
      baseURL: server.baseURL, database: "farmacy", login: "admin", secret: apiKey ? Self.apiKey : "admin",
      secretIsAPIKey: apiKey)
    let clock = self.clock
    return OdooClient(
      endpoint: endpoint, transport: transportInstance ?? CurlTransport(configuration: transport),
      breaker: CircuitBreaker(configuration: breaker, now: { clock.now }), retryPolicy: retryPolicy,
      protocolKind: protocolKind, sleep: { duration in clock.sleeps.withLock { $0.append(duration) } }, random: { 0.5 })
  }

  /// Requests that reached the simulator's Odoo routes so far: served, or answered with a fault.
  var requestsServed: Int {
    let snapshot = simulator.stats.snapshot
    var count = 0
    if case .int(let total)? = snapshot["total"] { count += total }
    if case .object(let faults)? = snapshot["faults"] {
      for value in faults.values { if case .int(let n) = value { count += n } }
    }
    return count
  }

  func stop() async { await server.stop() }
}

/// A monotonic clock the test moves by hand; it also records the sleeps the client asked for.
final class ManualClock: Sendable {
  private let offset = Mutex<Duration>(.zero)
  private let start = ContinuousClock.now
  let sleeps = Mutex<[Duration]>([])

  var now: ContinuousClock.Instant { start + offset.withLock { $0 } }
  func advance(by duration: Duration) { offset.withLock { $0 += duration } }
}
