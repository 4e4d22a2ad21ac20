import Foundation

/// The ways the simulator can misbehave on purpose.
package enum FaultKind: String, Sendable, CaseIterable, Codable {
  /// A proxy's `502 Bad Gateway` with an HTML body; nothing runs.
  case http502 = "http_502"
  /// A proxy's `503 Service Unavailable` with an HTML body; nothing runs.
  case http503 = "http_503"
  /// An Odoo server error (a serialization failure after PostgreSQL's retries), in the
  /// protocol's own error shape; nothing is committed.
  case serverError = "server_error"
  /// The connection is reset (TCP RST) before anything runs.
  case connectionReset = "connection_reset"
  /// No answer at all until the client gives up; nothing runs.
  case hang
  /// The call runs and commits, then the connection closes without an answer.
  case commitThenDrop = "commit_then_drop"
  /// The caller's web session ends just before the call, which then fails with code 100.
  case sessionExpiry = "session_expiry"
}

/// A fault queued for the next matching request, whatever the rates say.
package struct ScheduledFault: Sendable, Codable, Equatable {
  package var kind: FaultKind
  /// How many matching requests it hits.
  package var count: Int
  /// Only requests to this endpoint (`/jsonrpc`, `/json/2`, `/xmlrpc/2/object`…).
  package var endpoint: String?
  package var model: String?
  package var method: String?

  package init(kind: FaultKind, count: Int = 1, endpoint: String? = nil, model: String? = nil, method: String? = nil) {
    self.kind = kind
    self.count = count
    self.endpoint = endpoint
    self.model = model
    self.method = method
  }

  func matches(endpoint: String, model: String?, method: String?) -> Bool {
    (self.endpoint == nil || self.endpoint == endpoint) && (self.model == nil || self.model == model)
      && (self.method == nil || self.method == method)
  }
}

/// The fault settings, as flags and `/sim/faults` set them.
package struct FaultSettings: Sendable, Codable, Equatable {
  /// Added to every Odoo request.
  package var latencyMilliseconds = 0
  /// A uniformly random extra of up to this much.
  package var jitterMilliseconds = 0
  /// The share of requests (0…1) that are slow calls…
  package var slowRate = 0.0
  /// …and how much longer they take.
  package var slowMilliseconds = 0
  /// The share of requests (0…1) that meet each fault. The shares add up; the rest are served.
  package var rates: [FaultKind: Double] = [:]
  /// Seeds the random draws, so that a run with the same requests meets the same faults.
  package var seed: UInt64 = 1
  /// A hung request is released after this long even if the client is still waiting.
  package var hangLimitSeconds = 300.0

  package init() {}
}

/// What happens to one request.
package struct FaultDecision: Sendable, Equatable {
  /// Refuse the connection: an outage window is open.
  package var outage = false
  package var delay: Duration = .zero
  package var fault: FaultKind?
}

/// The fault rules as a pure state machine: settings, the queue of scheduled faults, the
/// outage window and a seeded random generator. ``FaultInjector`` owns one and passes time in.
///
/// Each decision draws exactly three random numbers (jitter, slow call, fault), so the same
/// seed and the same request sequence always give the same faults.
package struct FaultPlanStateMachine: Sendable {
  package private(set) var settings: FaultSettings
  package private(set) var scheduled: [ScheduledFault] = []
  package private(set) var outageUntil: Date?
  private var random: SplitMix

  package init(settings: FaultSettings = FaultSettings()) {
    self.settings = settings
    random = SplitMix(seed: settings.seed)
  }

  package mutating func update(_ settings: FaultSettings) {
    if settings.seed != self.settings.seed { random = SplitMix(seed: settings.seed) }
    self.settings = settings
  }

  package mutating func schedule(_ fault: ScheduledFault) { scheduled.append(fault) }

  /// Opens an outage window of `seconds` from `now` (0 closes it).
  package mutating func startOutage(seconds: Double, now: Date) {
    outageUntil = seconds > 0 ? now.addingTimeInterval(seconds) : nil
  }

  package func isInOutage(now: Date) -> Bool { outageUntil.map { now < $0 } ?? false }

  /// Clears rates, latency, scheduled faults and the outage.
  package mutating func clear() {
    let seed = settings.seed
    settings = FaultSettings()
    settings.seed = seed
    scheduled = []
    outageUntil = nil
  }

  private mutating func unit() -> Double { Double(random.next() >> 11) / Double(1 << 53) }

  /// Decides the fate of one Odoo request.
  package mutating func decide(endpoint: String, model: String?, method: String?, now: Date) -> FaultDecision {
    var decision = FaultDecision()
    if isInOutage(now: now) {
      decision.outage = true
      return decision
    }
    let jitterDraw = unit()
    let slowDraw = unit()
    let faultDraw = unit()
    var milliseconds = Double(settings.latencyMilliseconds) + Double(settings.jitterMilliseconds) * jitterDraw
    if slowDraw < settings.slowRate { milliseconds += Double(settings.slowMilliseconds) }
    decision.delay = .milliseconds(Int64(milliseconds.rounded()))
    if let index = scheduled.firstIndex(where: { $0.matches(endpoint: endpoint, model: model, method: method) }) {
      decision.fault = scheduled[index].kind
      scheduled[index].count -= 1
      if scheduled[index].count <= 0 { scheduled.remove(at: index) }
      return decision
    }
    var cumulative = 0.0
    for kind in FaultKind.allCases {
      cumulative += settings.rates[kind] ?? 0
      if faultDraw < cumulative {
        decision.fault = kind
        break
      }
    }
    return decision
  }
}
