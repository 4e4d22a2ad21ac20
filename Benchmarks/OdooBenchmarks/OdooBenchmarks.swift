import Benchmark
import CCurl
import Foundation
import OdooKit
import OdooSimulator

// The Odoo client and the simulator, each figure beside its baseline, against one odoo-sim on
// loopback in this process:
//
// - requests per second through the client with the connection pool (keep-alive) vs a new
//   connection for every request (target ≥ 3×);
// - the client's cost per call (build the JSON-RPC body, send, parse, breaker, retry policy)
//   vs a raw libcurl keep-alive loop posting the same bytes and reading the reply unparsed
//   (target ≤ 1.5×);
// - odoo-sim's own service time per search_read of 80 orders and per create of a 5-line order,
//   engine alone and through the JSON-RPC adapter, so client figures can be read net of the
//   server.

nonisolated(unsafe) var sharedServer: OdooSimServer?

func server() async throws -> OdooSimServer {
  if let sharedServer { return sharedServer }
  let engine = OdooEngine(
    configuration: OdooEngineConfiguration(
      version: .v17, seed: .demo(orders: 200, seed: 42, today: Date(timeIntervalSince1970: 1_790_000_000))))
  let started = try await OdooSimServer.start(SimulatedOdoo(engine: engine))
  sharedServer = started
  return started
}

func client(_ baseURL: String, reuse: Bool) -> OdooClient {
  var configuration = CurlConfiguration()
  configuration.reusesConnections = reuse
  configuration.maxConnections = 4
  return OdooClient(
    endpoint: OdooEndpoint(baseURL: baseURL, database: "farmacy", login: "admin", secret: "admin"),
    transport: CurlTransport(configuration: configuration), retryPolicy: .none, protocolKind: .jsonRPC)
}

func seconds(_ duration: Duration) -> Double {
  Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// Calls `search_count` `total` times from `concurrency` tasks; returns requests per second.
func throughput(_ client: OdooClient, total: Int, concurrency: Int) async throws -> Double {
  let start = ContinuousClock.now
  try await withThrowingTaskGroup(of: Void.self) { group in
    for _ in 0..<concurrency {
      group.addTask {
        for _ in 0..<(total / concurrency) { _ = try await client.searchCount("res.partner") }
      }
    }
    try await group.waitForAll()
  }
  return Double(total) / seconds(ContinuousClock.now - start)
}

/// Runs `rawLoop` on a thread of its own: it blocks in libcurl, and the simulator it talks to
/// needs Swift's cooperative threads to answer.
func rawLoopOnThread(url: String, body: Data, calls: Int) async -> Double {
  await withCheckedContinuation { continuation in
    let thread = Thread { continuation.resume(returning: rawLoop(url: url, body: body, calls: calls)) }
    thread.start()
  }
}

/// The same JSON-RPC request as the client sends for `search_count`, posted by one libcurl
/// handle in a loop; the reply is read but not parsed. Returns microseconds per call.
func rawLoop(url: String, body: Data, calls: Int) -> Double {
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
  _ = ccurl_setopt_write_function(handle) { _, size, count, _ in size * count }
  let start = ContinuousClock.now
  body.withUnsafeBytes { bytes in
    _ = ccurl_setopt_pointer(handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
    _ = ccurl_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(bytes.count))
    for _ in 0..<calls { _ = curl_easy_perform(handle) }
  }
  return seconds(ContinuousClock.now - start) / Double(calls) * 1e6
}

let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .init(warmupIterations: 1, maxDuration: .seconds(30), maxIterations: 5)

  let pooled = BenchmarkMetric.custom("pooled req/s", polarity: .prefersLarger, useScalingFactor: false)
  let fresh = BenchmarkMetric.custom("new-connection req/s", polarity: .prefersLarger, useScalingFactor: false)
  let speedup = BenchmarkMetric.custom("pooled/new %", polarity: .prefersLarger, useScalingFactor: false)

  Benchmark(
    "Client throughput against odoo-sim: pooled keep-alive vs a new connection per request",
    configuration: .init(metrics: [.wallClock, pooled, fresh, speedup], timeUnits: .milliseconds)
  ) { benchmark in
    let server = try await server()
    let keepAlive = client(server.baseURL, reuse: true)
    let reconnect = client(server.baseURL, reuse: false)
    try await keepAlive.connect()
    try await reconnect.connect()
    let withPool = try await throughput(keepAlive, total: 2_000, concurrency: 4)
    let withoutPool = try await throughput(reconnect, total: 2_000, concurrency: 4)
    benchmark.measurement(pooled, Int(withPool))
    benchmark.measurement(fresh, Int(withoutPool))
    benchmark.measurement(speedup, Int(withPool / withoutPool * 100))
  }

  let clientUs = BenchmarkMetric.custom("client µs/call", useScalingFactor: false)
  let rawUs = BenchmarkMetric.custom("raw libcurl µs/call", useScalingFactor: false)
  let overhead = BenchmarkMetric.custom("client/raw %", useScalingFactor: false)

  Benchmark(
    "Per-call cost: OdooClient vs a raw libcurl keep-alive loop sending the same bytes",
    configuration: .init(metrics: [.wallClock, clientUs, rawUs, overhead], timeUnits: .milliseconds)
  ) { benchmark in
    let server = try await server()
    let odoo = client(server.baseURL, reuse: true)
    let connection = try await odoo.connect()
    let calls = 2_000
    let start = ContinuousClock.now
    for _ in 0..<calls { _ = try await odoo.searchCount("res.partner") }
    let clientCost = seconds(ContinuousClock.now - start) / Double(calls) * 1e6
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
    let rawCost = await rawLoopOnThread(url: server.baseURL + "/jsonrpc", body: body, calls: calls)
    benchmark.measurement(clientUs, Int(clientCost.rounded()))
    benchmark.measurement(rawUs, Int(rawCost.rounded()))
    benchmark.measurement(overhead, Int((clientCost / rawCost * 100).rounded()))
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
