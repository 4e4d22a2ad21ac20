import Foundation

/// Counts, latency percentiles and throughput of the engine, as of one instant.
package struct SyncMetricsSnapshot: Sendable, Equatable, Codable {
  package var succeeded = 0
  package var deferred = 0
  package var deadLettered = 0
  package var conflicts = 0
  package var ordersPulled = 0
  /// Push latency in milliseconds over the most recent pushes.
  package var latencyP50Ms: Double = 0
  package var latencyP90Ms: Double = 0
  package var latencyP99Ms: Double = 0
  /// Orders pushed per minute, oldest minute first (the last ``SyncMetrics/throughputMinutes``).
  package var throughputPerMinute: [Int] = []
  package var lastPushAt: Date?
  package var lastPullAt: Date?

  package init() {}
}

/// Collects the metrics from engine events. A value type with time passed in, so tests can
/// drive it exactly.
package struct SyncMetrics: Sendable {
  package static let throughputMinutes = 30
  package static let latencySamples = 1_000

  private var snapshotValue = SyncMetricsSnapshot()
  private var latencies: [Double] = []
  private var nextLatency = 0
  /// Orders pushed per minute since 1970, for the recent minutes.
  private var buckets: [Int64: Int] = [:]

  package init() {}

  package mutating func record(_ event: SyncEvent, at now: Date) {
    switch event {
    case .jobSucceeded(_, _, _, let duration):
      snapshotValue.succeeded += 1
      snapshotValue.lastPushAt = now
      addLatency(Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15)
      let minute = Int64(now.timeIntervalSince1970 / 60)
      buckets[minute, default: 0] += 1
      buckets = buckets.filter { $0.key > minute - Int64(Self.throughputMinutes) }
    case .jobDeferred: snapshotValue.deferred += 1
    case .jobDeadLettered: snapshotValue.deadLettered += 1
    case .conflictDetected: snapshotValue.conflicts += 1
    case .pullFinished(let inserted, let updated, let merged, _, _, _):
      snapshotValue.ordersPulled += inserted + updated + merged
      snapshotValue.lastPullAt = now
    default: break
    }
  }

  /// The metrics as of `now`.
  package func snapshot(at now: Date) -> SyncMetricsSnapshot {
    var snapshot = snapshotValue
    let sorted = latencies.sorted()
    snapshot.latencyP50Ms = Self.percentile(sorted, 0.50)
    snapshot.latencyP90Ms = Self.percentile(sorted, 0.90)
    snapshot.latencyP99Ms = Self.percentile(sorted, 0.99)
    let minute = Int64(now.timeIntervalSince1970 / 60)
    snapshot.throughputPerMinute = (0..<Self.throughputMinutes).reversed().map { buckets[minute - Int64($0)] ?? 0 }
    return snapshot
  }

  private mutating func addLatency(_ milliseconds: Double) {
    if latencies.count < Self.latencySamples {
      latencies.append(milliseconds)
    } else {
      latencies[nextLatency] = milliseconds
      nextLatency = (nextLatency + 1) % Self.latencySamples
    }
  }

  /// Nearest-rank percentile of sorted values; 0 when empty.
  static func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    let rank = Int((fraction * Double(sorted.count)).rounded(.up))
    return sorted[min(sorted.count - 1, max(0, rank - 1))]
  }
}
