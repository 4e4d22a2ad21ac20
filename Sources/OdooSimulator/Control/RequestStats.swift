import Synchronization

/// Counts of the requests the simulator served: by endpoint, by `model.method`, by outcome.
///
/// Tests and the demo read these through `/sim/stats` to see, for instance, that a retried
/// create looked its idempotency key up before creating again.
package final class RequestStats: Sendable {
  private struct Counts: Sendable {
    var byEndpoint: [String: Int] = [:]
    var byMethod: [String: Int] = [:]
    var errors: [String: Int] = [:]
    var faults: [String: Int] = [:]
    var total = 0
  }

  private let counts = Mutex(Counts())

  package init() {}

  /// Records one request to `endpoint`, and the model method it called when there is one.
  package func record(endpoint: String, model: String?, method: String?) {
    counts.withLock { counts in
      counts.total += 1
      counts.byEndpoint[endpoint, default: 0] += 1
      if let method {
        counts.byMethod[model.map { "\($0).\(method)" } ?? method, default: 0] += 1
      }
    }
  }

  /// Records an error answered to the client, by exception name.
  package func recordError(_ name: String) { counts.withLock { $0.errors[name, default: 0] += 1 } }

  /// Records an injected fault, by kind.
  package func recordFault(_ kind: String) { counts.withLock { $0.faults[kind, default: 0] += 1 } }

  /// How many calls of `model.method` (or a bare service method) were made.
  package func calls(_ key: String) -> Int { counts.withLock { $0.byMethod[key] ?? 0 } }

  package func reset() { counts.withLock { $0 = Counts() } }

  /// The counts as JSON for `/sim/stats`.
  package var snapshot: OdooValue {
    counts.withLock { counts in
      [
        "total": .int(counts.total),
        "by_endpoint": .object(counts.byEndpoint.mapValues(OdooValue.int)),
        "by_method": .object(counts.byMethod.mapValues(OdooValue.int)),
        "errors": .object(counts.errors.mapValues(OdooValue.int)),
        "faults": .object(counts.faults.mapValues(OdooValue.int)),
      ]
    }
  }
}
