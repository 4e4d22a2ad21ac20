import FarmacyDomain
import Foundation

/// Measures the simulator's own service time per call, in-process, so that client benchmarks
/// can tell how much of a round trip is the server's.
///
/// Two calls are timed, each as the median of `iterations` runs on a demo database:
/// `search_read` of 80 orders (the list a client pulls, ordered by `write_date`) and `create`
/// of one order with 5 lines filled in from the products. Each is timed twice: straight into
/// ``OdooEngine`` and through the JSON-RPC adapter (body parsing and encoding included, no
/// socket).
package enum ServiceTime {
  /// One timed call.
  package struct Measurement: Sendable, CustomStringConvertible {
    package var name: String
    package var iterations: Int
    package var median: Duration
    package var p90: Duration

    package var description: String {
      "\(name): median \(Self.format(median)), p90 \(Self.format(p90)) over \(iterations) calls"
    }

    static func format(_ duration: Duration) -> String {
      let microseconds =
        Double(duration.components.seconds) * 1_000_000 + Double(duration.components.attoseconds) / 1e12
      return String(format: "%.1f µs", microseconds)
    }
  }

  /// The fields a client lists orders with.
  package static let listFields: [OdooValue] = [
    "name", "partner_id", "state", "date_order", "date_planned", "amount_total", "currency_id", "partner_ref", "origin",
    "write_date",
  ]

  /// Runs both measurements on a demo database of `orders` orders.
  package static func measure(orders: Int = 2_000, iterations: Int = 200) async -> [Measurement] {
    let anchor = OdooDateTime.parse("2026-11-01") ?? Date(timeIntervalSince1970: 1_790_000_000)
    let engine = OdooEngine(
      configuration: OdooEngineConfiguration(seed: .demo(orders: orders, seed: 42, today: anchor)))
    let simulator = SimulatedOdoo(engine: engine)
    let admin = SeedIDs.admin
    let vendor = SeedIDs.vendorPartnerOffset + 1
    let products =
      (try? engine.call(uid: admin, model: "product.product", method: "search", args: [[]], kwargs: ["limit": 5]))?
      .flatMap(\.arrayValue) ?? [1, 2, 3, 4, 5]
    let lines: OdooValue = .array(products.map { .array([0, 0, ["product_id": $0, "product_qty": 3.0]]) })
    let searchKwargs: [String: OdooValue] = [
      "fields": .array(listFields), "limit": 80, "order": "write_date asc, id asc",
    ]

    var results: [Measurement] = []
    results.append(
      time("engine search_read 80 orders", iterations) {
        _ = try? engine.call(
          uid: admin, model: "purchase.order", method: "search_read", args: [[]], kwargs: searchKwargs)
      })
    results.append(
      time("engine create 1 order with 5 lines", iterations) {
        _ = try? engine.call(
          uid: admin, model: "purchase.order", method: "create",
          args: [["partner_id": .int(vendor), "order_line": lines]])
      })
    let searchRequest = SimHTTPRequest.json(
      "/jsonrpc",
      [
        "jsonrpc": "2.0", "id": 1,
        "params": [
          "service": "object", "method": "execute_kw",
          "args": ["farmacy", .int(admin), "admin", "purchase.order", "search_read", [[]], .object(searchKwargs)],
        ],
      ])
    let createRequest = SimHTTPRequest.json(
      "/jsonrpc",
      [
        "jsonrpc": "2.0", "id": 1,
        "params": [
          "service": "object", "method": "execute_kw",
          "args": [
            "farmacy", .int(admin), "admin", "purchase.order", "create",
            [["partner_id": .int(vendor), "order_line": lines]],
          ],
        ],
      ])
    results.append(
      await timeAsync("JSON-RPC search_read 80 orders", iterations) { _ = await simulator.handle(searchRequest) })
    results.append(
      await timeAsync("JSON-RPC create 1 order with 5 lines", iterations) { _ = await simulator.handle(createRequest) })
    return results
  }

  private static func time(_ name: String, _ iterations: Int, _ body: () -> Void) -> Measurement {
    let clock = ContinuousClock()
    body()  // warm up
    var samples: [Duration] = []
    samples.reserveCapacity(iterations)
    for _ in 0..<iterations { samples.append(clock.measure(body)) }
    return summarize(name, samples)
  }

  private static func timeAsync(_ name: String, _ iterations: Int, _ body: () async -> Void) async -> Measurement {
    let clock = ContinuousClock()
    await body()
    var samples: [Duration] = []
    samples.reserveCapacity(iterations)
    for _ in 0..<iterations {
      let start = clock.now
      await body()
      samples.append(clock.now - start)
    }
    return summarize(name, samples)
  }

  private static func summarize(_ name: String, _ samples: [Duration]) -> Measurement {
    let sorted = samples.sorted()
    let median = sorted.isEmpty ? .zero : sorted[sorted.count / 2]
    let p90 = sorted.isEmpty ? .zero : sorted[min(sorted.count - 1, sorted.count * 9 / 10)]
    return Measurement(name: name, iterations: samples.count, median: median, p90: p90)
  }
}
