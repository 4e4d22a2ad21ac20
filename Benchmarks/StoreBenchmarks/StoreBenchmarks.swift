import Benchmark
import FarmacyDemoData
import FarmacyDomain
import FarmacyStore
import Foundation
import GRDB
import GRDBSQLite

// Store benchmarks, each beside its baseline in the same process:
//
// - insert 100k orders × 5 lines through OrderStore vs a raw sqlite3 prepared-statement loop
//   writing the same rows (the limit on this machine): custom metrics `store ms`, `raw ms` and
//   `store/raw %` (target ≤ 200 %);
// - one 50-row page from 100k orders (target < 2 ms) vs the same keyset SQL through raw sqlite3,
//   and vs an OFFSET page deep in the list;
// - a text search over 100k orders (target < 50 ms) vs a LIKE scan without the trigram index.

let orderCount = Int(ProcessInfo.processInfo.environment["FARMACY_BENCH_ORDERS"] ?? "") ?? 100_000
let anchor = Date(timeIntervalSince1970: 1_773_446_400)

/// The same 100k orders for every benchmark, generated once, outside any measurement.
nonisolated(unsafe) var preparedOrders: [PurchaseOrder] = []
nonisolated(unsafe) var sharedStorePath = ""
nonisolated(unsafe) var insertRound = 0

func prepareOrders() {
  if preparedOrders.isEmpty {
    preparedOrders = Array(DemoDataGenerator(seed: 42, count: orderCount, anchor: anchor).orders)
  }
}

func freshDatabasePath(_ label: String) -> String {
  let folder = NSTemporaryDirectory() + "farmacy-bench-\(getpid())"
  try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
  let path = folder + "/\(label)-\(UUID().uuidString.prefix(8)).sqlite"
  return path
}

func removeDatabase(_ path: String) {
  for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
}

func milliseconds(_ duration: Duration) -> Double {
  Double(duration.components.seconds) * 1_000 + Double(duration.components.attoseconds) / 1e15
}

/// A store with the demo catalogue and the prepared orders, built once and reused by the read
/// benchmarks.
func sharedStore() throws -> OrderStore {
  if sharedStorePath.isEmpty {
    prepareOrders()
    let path = freshDatabasePath("shared")
    let store = try OrderStore.open(path: path)
    let catalogue = DemoCatalogue(seed: 42)
    try store.upsertCatalogue(vendors: catalogue.vendors, products: catalogue.products, entries: catalogue.catalogue)
    try store.importSyncedOrders(preparedOrders, actor: "bench", reason: "bench", now: anchor)
    sharedStorePath = path
  }
  return try OrderStore.open(path: sharedStorePath)
}

let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .init(warmupIterations: 1, maxDuration: .seconds(20), maxIterations: 5)

  let storeMs = BenchmarkMetric.custom("store ms", useScalingFactor: false)
  let rawMs = BenchmarkMetric.custom("raw ms", useScalingFactor: false)
  let insertRatio = BenchmarkMetric.custom("store/raw %", useScalingFactor: false)

  Benchmark(
    "Insert \(orderCount / 1000)k orders × 5 lines: store vs raw sqlite3",
    configuration: .init(
      metrics: [.wallClock, storeMs, rawMs, insertRatio], timeUnits: .milliseconds, warmupIterations: 0,
      maxDuration: .seconds(600), maxIterations: 4, setup: { prepareOrders() })
  ) { benchmark in
    let catalogue = DemoCatalogue(seed: 42)
    // Each run writes ~150 MB; whichever goes second pays for the first one's dirty pages being
    // flushed by the kernel. Alternate the order and flush between the two.
    insertRound += 1
    let storeFirst = insertRound % 2 == 0
    var stored = 0.0
    var raw = 0.0
    func runStore() throws {
      let storePath = freshDatabasePath("store")
      let store = try OrderStore.open(path: storePath)
      try store.upsertCatalogue(vendors: catalogue.vendors, products: catalogue.products, entries: catalogue.catalogue)
      sync()
      let start = ContinuousClock.now
      try store.importSyncedOrders(preparedOrders, actor: "bench", reason: "bench", now: anchor)
      stored = milliseconds(ContinuousClock.now - start)
      removeDatabase(storePath)
    }
    func runRaw() throws {
      let rawPath = freshDatabasePath("raw")
      let rawStore = try OrderStore.open(path: rawPath)
      try rawStore.upsertCatalogue(vendors: catalogue.vendors, products: catalogue.products, entries: catalogue.catalogue)
      sync()
      let start = ContinuousClock.now
      try RawInsertLoop.insert(preparedOrders, path: rawPath)
      raw = milliseconds(ContinuousClock.now - start)
      removeDatabase(rawPath)
    }
    if storeFirst {
      try runStore()
      try runRaw()
    } else {
      try runRaw()
      try runStore()
    }

    benchmark.measurement(storeMs, Int(stored.rounded()))
    benchmark.measurement(rawMs, Int(raw.rounded()))
    benchmark.measurement(insertRatio, Int((stored / raw * 100).rounded()))
  }

  let storeUs = BenchmarkMetric.custom("store µs", useScalingFactor: false)
  let baselineUs = BenchmarkMetric.custom("baseline µs", useScalingFactor: false)
  let ratio = BenchmarkMetric.custom("store/baseline %", useScalingFactor: false)

  /// Times `store` and `baseline` alternately `rounds` times and records the medians.
  func paired(_ benchmark: Benchmark, rounds: Int, store: () throws -> Void, baseline: () throws -> Void) rethrows {
    var storeTimes: [Double] = []
    var baselineTimes: [Double] = []
    for _ in 0..<rounds {
      let a = ContinuousClock.now
      try store()
      storeTimes.append(milliseconds(ContinuousClock.now - a) * 1_000)
      let b = ContinuousClock.now
      try baseline()
      baselineTimes.append(milliseconds(ContinuousClock.now - b) * 1_000)
    }
    let storeMedian = storeTimes.sorted()[rounds / 2]
    let baselineMedian = baselineTimes.sorted()[rounds / 2]
    benchmark.measurement(storeUs, Int(storeMedian.rounded()))
    benchmark.measurement(baselineUs, Int(baselineMedian.rounded()))
    benchmark.measurement(ratio, Int((storeMedian / max(baselineMedian, 0.001) * 100).rounded()))
  }

  let readMetrics: [BenchmarkMetric] = [.wallClock, storeUs, baselineUs, ratio]

  Benchmark(
    "Page of 50 from \(orderCount / 1000)k (keyset, store vs raw sqlite3 same SQL)",
    configuration: .init(metrics: readMetrics, timeUnits: .microseconds, setup: { _ = try sharedStore() })
  ) { benchmark in
    let store = try sharedStore()
    let middle = try store.listOrders(OrderQuery(sort: .vendor, descending: false, limit: orderCount / 2))
    let cursor = middle.nextCursor
    let raw = try RawQuery(path: sharedStorePath)
    try paired(benchmark, rounds: 201) {
      let page = try store.listOrders(OrderQuery(sort: .vendor, descending: false, limit: 50, after: cursor))
      blackHole(page)
    } baseline: {
      blackHole(try raw.keysetPage(after: cursor))
    }
  }

  Benchmark(
    "Page of 50 deep in \(orderCount / 1000)k (keyset store vs OFFSET)",
    configuration: .init(metrics: readMetrics, timeUnits: .microseconds, setup: { _ = try sharedStore() })
  ) { benchmark in
    let store = try sharedStore()
    let middle = try store.listOrders(OrderQuery(sort: .vendor, descending: false, limit: orderCount / 2))
    let cursor = middle.nextCursor
    let raw = try RawQuery(path: sharedStorePath)
    try paired(benchmark, rounds: 51) {
      blackHole(try store.listOrders(OrderQuery(sort: .vendor, descending: false, limit: 50, after: cursor)))
    } baseline: {
      blackHole(try raw.offsetPage(offset: orderCount / 2))
    }
  }

  /// A search through the store (page + count, as `orders list` does) beside a LIKE scan.
  func searchBenchmark(_ words: String, likeWord: String, label: String) {
    Benchmark(
      "Search '\(words)' over \(orderCount / 1000)k, \(label) (trigram vs LIKE scan)",
      configuration: .init(metrics: readMetrics, timeUnits: .microseconds, setup: { _ = try sharedStore() })
    ) { benchmark in
      let store = try sharedStore()
      let raw = try RawQuery(path: sharedStorePath)
      try paired(benchmark, rounds: 11) {
        let query = OrderQuery(search: words, limit: 50)
        blackHole(try store.listOrders(query))
        blackHole(try store.countOrders(query))
      } baseline: {
        blackHole(try raw.likeSearch(likeWord))
      }
    }
  }

  searchBenchmark("carprofen", likeWord: "carprofen", label: "a common word")
  searchBenchmark("Léman chlorhexidine", likeWord: "chlorhexidine", label: "rare words")
}
