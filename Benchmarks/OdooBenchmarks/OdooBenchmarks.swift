import Benchmark
import CCurl
import Foundation
import OdooKit
import OdooSimulator

// The Odoo client and the simulator, each figure beside its baseline, against odoo-sim on
// loopback in this process:
//
// - requests per second through the client with the connection pool (keep-alive) vs a new
//   connection for every request (target ≥ 3×), over HTTPS as a real Odoo is reached (the
//   server's certificate is made at start and the client verifies it against that CA bundle,
//   so a new connection pays a full TLS handshake), and over plain HTTP beside it;
// - the client's cost per call (build the JSON-RPC body, send, parse, breaker, retry policy)
//   vs a raw libcurl keep-alive loop posting the same bytes and reading the reply unparsed
//   (target ≤ 1.5×), over plain HTTP (where the client's own cost weighs most) and HTTPS;
// - odoo-sim's own service time per search_read of 80 orders and per create of a 5-line order,
//   engine alone and through the JSON-RPC adapter, so client figures can be read net of the
//   server.
//
// Each comparison runs its two sides in alternating rounds, so that both meet the same load
// from whatever else runs on the machine.

/// The simulators the benchmarks share: one over HTTP, one over HTTPS, each with its own engine
/// seeded alike.
struct Servers {
  let http: OdooSimServer
  let https: OdooSimServer
  /// The certificate of `https`, which clients take as their CA bundle.
  let caBundle: String
}

nonisolated(unsafe) var sharedServers: Servers?

func servers() async throws -> Servers {
  if let sharedServers { return sharedServers }
  func simulator() -> SimulatedOdoo {
    SimulatedOdoo(
      engine: OdooEngine(
        configuration: OdooEngineConfiguration(
          version: .v17, seed: .demo(orders: 200, seed: 42, today: Date(timeIntervalSince1970: 1_790_000_000)))))
  }
  let directory = NSTemporaryDirectory() + "/odoo-bench-tls-\(getpid())"
  try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
  let files = try SelfSignedCertificate.generate(in: directory)
  let started = Servers(
    http: try await OdooSimServer.start(simulator()),
    https: try await OdooSimServer.start(simulator(), tls: files), caBundle: files.certificatePath)
  sharedServers = started
  return started
}

func client(_ baseURL: String, reuse: Bool, caBundle: String? = nil) -> OdooClient {
  var configuration = CurlConfiguration()
  configuration.reusesConnections = reuse
  configuration.maxConnections = 4
  configuration.caBundlePath = caBundle
  return OdooClient(
    endpoint: OdooEndpoint(baseURL: baseURL, database: "farmacy", login: "admin", secret: "admin"),
    transport: CurlTransport(configuration: configuration), retryPolicy: .none, protocolKind: .jsonRPC)
}

func seconds(_ duration: Duration) -> Double {
  Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// Calls `search_count` `total` times from `concurrency` tasks; returns the time taken.
func timeCalls(_ client: OdooClient, total: Int, concurrency: Int) async throws -> Double {
  let start = ContinuousClock.now
  try await withThrowingTaskGroup(of: Void.self) { group in
    for _ in 0..<concurrency {
      group.addTask {
        for _ in 0..<(total / concurrency) { _ = try await client.searchCount("res.partner") }
      }
    }
    try await group.waitForAll()
  }
  return seconds(ContinuousClock.now - start)
}

/// Requests per second with and without the pool, `total` calls each from four tasks, in
/// alternating rounds.
func pooledAndFresh(_ server: OdooSimServer, caBundle: String?, total: Int, rounds: Int) async throws -> (
  pooled: Double, fresh: Double
) {
  let keepAlive = client(server.baseURL, reuse: true, caBundle: caBundle)
  let reconnect = client(server.baseURL, reuse: false, caBundle: caBundle)
  try await keepAlive.connect()
  try await reconnect.connect()
  var pooledTime = 0.0
  var freshTime = 0.0
  for _ in 0..<rounds {
    pooledTime += try await timeCalls(keepAlive, total: total / rounds, concurrency: 4)
    freshTime += try await timeCalls(reconnect, total: total / rounds, concurrency: 4)
  }
  return (Double(total) / pooledTime, Double(total) / freshTime)
}

/// Runs `rawLoop` on a thread of its own: it blocks in libcurl, and the simulator it talks to
/// needs Swift's cooperative threads to answer.
func rawLoopOnThread(url: String, body: Data, caBundle: String?, calls: Int) async -> Double {
  await withCheckedContinuation { continuation in
    let thread = Thread {
      continuation.resume(returning: rawLoop(url: url, body: body, caBundle: caBundle, calls: calls))
    }
    thread.start()
  }
}

/// The same JSON-RPC request as the client sends for `search_count`, posted by one libcurl
/// handle in a loop; the reply is read but not parsed. One untimed call first opens the
/// connection, as the client's pool is open too. Returns seconds for `calls` calls.
func rawLoop(url: String, body: Data, caBundle: String?, calls: Int) -> Double {
  guard let handle = curl_easy_init() else { return .nan }
  defer { curl_easy_cleanup(handle) }
  var headers: UnsafeMutablePointer<curl_slist>?
  headers = curl_slist_append(headers, "Content-Type: application/json")
  headers = curl_slist_append(headers, "Expect:")
  defer { curl_slist_free_all(headers) }
  _ = ccurl_setopt_string(handle, CURLOPT_URL, url)
  _ = ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
  _ = ccurl_setopt_long(handle, CURLOPT_TCP_NODELAY, 1)
  _ = ccurl_setopt_slist(handle, CURLOPT_HTTPHEADER, headers)
  if let caBundle { _ = ccurl_setopt_string(handle, CURLOPT_CAINFO, caBundle) }
  _ = ccurl_setopt_write_function(handle) { _, size, count, _ in size * count }
  return body.withUnsafeBytes { bytes in
    _ = ccurl_setopt_pointer(handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
    _ = ccurl_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(bytes.count))
    guard curl_easy_perform(handle) == CURLE_OK else { return .nan }
    let start = ContinuousClock.now
    for _ in 0..<calls { _ = curl_easy_perform(handle) }
    return seconds(ContinuousClock.now - start)
  }
}

/// Microseconds per `search_count` through the client and through the raw loop, `calls` each,
/// in alternating rounds.
func perCall(_ server: OdooSimServer, caBundle: String?, calls: Int, rounds: Int) async throws -> (
  client: Double, raw: Double
) {
  let odoo = client(server.baseURL, reuse: true, caBundle: caBundle)
  let connection = try await odoo.connect()
  let call = OdooCall(model: "res.partner", method: "search_count", arguments: [("domain", [])])
  let body = OdooValue.object([
    "jsonrpc": "2.0", "method": "call", "id": 1,
    "params": [
      "service": "object", "method": "execute_kw",
      "args": [
        "farmacy", .int(connection.uid), "admin", "res.partner", "search_count", .array(call.positionalArguments),
        .object(call.keywords),
      ],
    ],
  ]).jsonData
  var clientTime = 0.0
  var rawTime = 0.0
  for _ in 0..<rounds {
    let start = ContinuousClock.now
    for _ in 0..<(calls / rounds) { _ = try await odoo.searchCount("res.partner") }
    clientTime += seconds(ContinuousClock.now - start)
    rawTime += await rawLoopOnThread(
      url: server.baseURL + "/jsonrpc", body: body, caBundle: caBundle, calls: calls / rounds)
  }
  return (clientTime / Double(calls) * 1e6, rawTime / Double(calls) * 1e6)
}

let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .init(warmupIterations: 1, maxDuration: .seconds(30), maxIterations: 5)

  let tlsPooled = BenchmarkMetric.custom("HTTPS pooled req/s", polarity: .prefersLarger, useScalingFactor: false)
  let tlsFresh = BenchmarkMetric.custom("HTTPS new-connection req/s", polarity: .prefersLarger, useScalingFactor: false)
  let tlsSpeedup = BenchmarkMetric.custom("HTTPS pooled/new %", polarity: .prefersLarger, useScalingFactor: false)
  let pooled = BenchmarkMetric.custom("HTTP pooled req/s", polarity: .prefersLarger, useScalingFactor: false)
  let fresh = BenchmarkMetric.custom("HTTP new-connection req/s", polarity: .prefersLarger, useScalingFactor: false)
  let speedup = BenchmarkMetric.custom("HTTP pooled/new %", polarity: .prefersLarger, useScalingFactor: false)

  Benchmark(
    "Client throughput against odoo-sim: pooled keep-alive vs a new connection per request",
    configuration: .init(
      metrics: [.wallClock, tlsPooled, tlsFresh, tlsSpeedup, pooled, fresh, speedup], timeUnits: .milliseconds)
  ) { benchmark in
    let servers = try await servers()
    let secure = try await pooledAndFresh(servers.https, caBundle: servers.caBundle, total: 2_000, rounds: 4)
    let plain = try await pooledAndFresh(servers.http, caBundle: nil, total: 2_000, rounds: 4)
    benchmark.measurement(tlsPooled, Int(secure.pooled))
    benchmark.measurement(tlsFresh, Int(secure.fresh))
    benchmark.measurement(tlsSpeedup, Int(secure.pooled / secure.fresh * 100))
    benchmark.measurement(pooled, Int(plain.pooled))
    benchmark.measurement(fresh, Int(plain.fresh))
    benchmark.measurement(speedup, Int(plain.pooled / plain.fresh * 100))
  }

  let clientUs = BenchmarkMetric.custom("HTTP client µs/call", useScalingFactor: false)
  let rawUs = BenchmarkMetric.custom("HTTP raw libcurl µs/call", useScalingFactor: false)
  let overhead = BenchmarkMetric.custom("HTTP client/raw %", useScalingFactor: false)
  let tlsClientUs = BenchmarkMetric.custom("HTTPS client µs/call", useScalingFactor: false)
  let tlsRawUs = BenchmarkMetric.custom("HTTPS raw libcurl µs/call", useScalingFactor: false)
  let tlsOverhead = BenchmarkMetric.custom("HTTPS client/raw %", useScalingFactor: false)

  Benchmark(
    "Per-call cost: OdooClient vs a raw libcurl keep-alive loop sending the same bytes",
    configuration: .init(
      metrics: [.wallClock, clientUs, rawUs, overhead, tlsClientUs, tlsRawUs, tlsOverhead], timeUnits: .milliseconds)
  ) { benchmark in
    let servers = try await servers()
    let plain = try await perCall(servers.http, caBundle: nil, calls: 2_000, rounds: 10)
    let secure = try await perCall(servers.https, caBundle: servers.caBundle, calls: 2_000, rounds: 10)
    benchmark.measurement(clientUs, Int(plain.client.rounded()))
    benchmark.measurement(rawUs, Int(plain.raw.rounded()))
    benchmark.measurement(overhead, Int((plain.client / plain.raw * 100).rounded()))
    benchmark.measurement(tlsClientUs, Int(secure.client.rounded()))
    benchmark.measurement(tlsRawUs, Int(secure.raw.rounded()))
    benchmark.measurement(tlsOverhead, Int((secure.client / secure.raw * 100).rounded()))
  }

  let engineSearch = BenchmarkMetric.custom("search_read 80: engine µs", useScalingFactor: false)
  let rpcSearch = BenchmarkMetric.custom("search_read 80: JSON-RPC µs", useScalingFactor: false)
  let engineCreate = BenchmarkMetric.custom("create 5 lines: engine µs", useScalingFactor: false)
  let rpcCreate = BenchmarkMetric.custom("create 5 lines: JSON-RPC µs", useScalingFactor: false)

  Benchmark(
    "odoo-sim service time, 2,000 demo orders (engine alone and through JSON-RPC, no socket)",
    configuration: .init(
      metrics: [.wallClock, engineSearch, rpcSearch, engineCreate, rpcCreate], timeUnits: .milliseconds,
      maxIterations: 3)
  ) { benchmark in
    let measurements = await ServiceTime.measure(orders: 2_000, iterations: 200)
    func micros(_ prefix: String) -> Int {
      guard let found = measurements.first(where: { $0.name.hasPrefix(prefix) }) else { return -1 }
      return Int(seconds(found.median) * 1e6)
    }
    benchmark.measurement(engineSearch, micros("engine search_read"))
    benchmark.measurement(rpcSearch, micros("JSON-RPC search_read"))
    benchmark.measurement(engineCreate, micros("engine create"))
    benchmark.measurement(rpcCreate, micros("JSON-RPC create"))
  }
}
