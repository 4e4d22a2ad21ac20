import ArgumentParser
import FarmacyDomain
import FarmacyStore
import Foundation
import SyncEngine

/// `farmacy status`: the sync engine's health, from the database.
struct StatusCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "status",
    abstract: "Show the sync queue, the circuit breaker, last pull and push, conflicts and metrics.")

  @OptionGroup var global: GlobalOptions
  @Flag(help: "Print JSON.") var json = false

  struct Report: Encodable {
    struct Queue: Encodable {
      var state: String
      var count: Int
      var oldest: String?
    }
    struct Transition: Encodable {
      var at: String
      var summary: String
    }
    var database: String
    var engine: String?
    var queue: [Queue]
    var breaker: [String: String]
    var breaker_history: [Transition]
    var last_pull: String?
    var last_push: String?
    var open_conflicts: Int
    var orders_by_sync: [String: Int]
    var metrics: SyncMetricsSnapshot?
    var server: [String: String]
    var last_error: String?
    var notifications: [String]
  }

  func run() throws {
    try reportingFailures(json: json) {
      let store = try global.openStore()
      let now = Date()
      let counts = try store.outboxCounts()
      let oldest = try store.oldestJobs()
      let state = try store.engineState()
      let decoder = JSONDecoder()
      decoder.dateDecodingStrategy = .iso8601
      func object(_ key: String) -> [String: String] {
        state[key].flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.value.utf8)) } ?? [:]
      }
      let metrics = state["metrics"].flatMap { try? decoder.decode(SyncMetricsSnapshot.self, from: Data($0.value.utf8)) }
      let lease = try store.engineLease()
      let history = try store.auditEntries(limit: 500).filter { $0.action == "sync.breaker" }.prefix(10)
      let report = Report(
        database: global.location.path,
        engine: lease.flatMap { $0.expiresAt > now ? "\($0.owner) (until \(OdooDateTime.format($0.expiresAt)))" : nil },
        queue: [OutboxJob.State.pending, .inFlight, .deferred, .dead].map {
          Report.Queue(state: $0.rawValue, count: counts[$0] ?? 0, oldest: oldest[$0].map(OdooDateTime.format))
        },
        breaker: object("breaker"),
        breaker_history: history.map { Report.Transition(at: OdooDateTime.format($0.at), summary: $0.summary) },
        last_pull: try store.syncCursor(named: "purchase.order").map { OdooDateTime.format($0.updatedAt) },
        last_push: metrics?.lastPushAt.map(OdooDateTime.format),
        open_conflicts: try store.conflicts().count,
        orders_by_sync: Dictionary(uniqueKeysWithValues: try store.orderCounts().bySync.map { ($0.key.rawValue, $0.value) }),
        metrics: metrics, server: object("server"), last_error: state["last_error"]?.value,
        notifications: try store.notifications(limit: 5).map { "\(OdooDateTime.format($0.at)) \($0.level.rawValue): \($0.title)" })
      if json {
        Output.standardOutput(JSONOutput.encode(report))
        return
      }
      var lines: [String] = []
      lines.append("database      \(report.database)")
      lines.append("engine        \(report.engine ?? "not running")")
      if !report.server.isEmpty {
        lines.append(
          "odoo          \(report.server["url"] ?? "?") (\(report.server["version"] ?? "?"), \(report.server["protocol"] ?? "?"))")
      }
      lines.append(
        "queue         "
          + report.queue.map { "\($0.state) \($0.count)" + ($0.oldest.map { " (oldest \($0))" } ?? "") }.joined(separator: ", "))
      lines.append(
        "breaker       \(report.breaker["state"] ?? "unknown")"
          + (report.breaker["consecutive_failures"].map { ", \($0) consecutive failures" } ?? ""))
      for transition in report.breaker_history { lines.append("              \(transition.at) \(transition.summary)") }
      lines.append("last pull     \(report.last_pull ?? "never")")
      lines.append("last push     \(report.last_push ?? "never")")
      lines.append("conflicts     \(report.open_conflicts) open")
      lines.append(
        "orders        " + report.orders_by_sync.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
      if let metrics {
        lines.append(
          "metrics       \(metrics.succeeded) pushed, \(metrics.deferred) deferred, \(metrics.deadLettered) dead; latency p50 "
            + String(format: "%.0f ms, p99 %.0f ms", metrics.latencyP50Ms, metrics.latencyP99Ms))
      }
      if let error = report.last_error { lines.append("last error    \(TerminalText.safe(error))") }
      for note in report.notifications { lines.append("notice        \(TerminalText.safe(note))") }
      Output.standardOutput(lines.joined(separator: "\n"))
    }
  }
}

/// `farmacy queue`: the outbox.
struct QueueCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "queue", abstract: "List, retry or discard sync jobs.",
    subcommands: [QueueList.self, QueueRetry.self, QueueDiscard.self], defaultSubcommand: QueueList.self)
}

struct QueueList: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "list", abstract: "List unfinished sync jobs.")

  @OptionGroup var global: GlobalOptions
  @Option(help: ArgumentHelp("Only jobs in this state: pending, in_flight, deferred, dead, done.", valueName: "state"))
  var state: [String] = []
  @Option(help: "At most this many jobs.") var limit = 100
  @Flag(help: "Print JSON.") var json = false

  func run() throws {
    try reportingFailures(json: json) {
      let states = try state.map { text -> OutboxJob.State in
        guard let state = OutboxJob.State(rawValue: text.replacingOccurrences(of: "-", with: "_")) else {
          throw CommandFailure.invalid("unknown job state '\(text)'; use pending, in_flight, deferred, dead or done")
        }
        return state
      }
      let wanted: Set<OutboxJob.State> = states.isEmpty ? [.pending, .inFlight, .deferred, .dead] : Set(states)
      let jobs = try global.openStore().outboxJobs(states: wanted, limit: limit)
      if json {
        struct Job: Encodable {
          var id: Int64
          var order: String
          var kind: String
          var action: String?
          var state: String
          var attempts: Int
          var next_attempt: String
          var last_error: String?
          var created: String
        }
        Output.standardOutput(
          JSONOutput.encode(
            jobs.map {
              Job(
                id: $0.id, order: $0.orderReference, kind: $0.kind.rawValue, action: $0.action?.rawValue,
                state: $0.state.rawValue, attempts: $0.attempts, next_attempt: OdooDateTime.format($0.nextAttemptAt),
                last_error: $0.lastError, created: OdooDateTime.format($0.createdAt))
            }))
        return
      }
      guard !jobs.isEmpty else {
        Output.standardOutput("no unfinished jobs")
        return
      }
      let table = TextTable(
        headers: ["ID", "ORDER", "KIND", "STATE", "TRIES", "NEXT", "LAST ERROR"],
        rows: jobs.map {
          [
            String($0.id), $0.orderReference, $0.action?.rawValue ?? $0.kind.rawValue, $0.state.rawValue, String($0.attempts),
            $0.state == .deferred ? OdooDateTime.format($0.nextAttemptAt) : "", $0.lastError ?? "",
          ]
        })
      Output.standardOutput(table.rendered)
    }
  }
}

struct QueueRetry: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "retry", abstract: "Queue dead or waiting jobs again, due now, with a fresh retry budget.")

  @OptionGroup var global: GlobalOptions
  @Argument(help: "Job ids.") var ids: [Int64] = []
  @Flag(help: "Every dead job.") var all = false
  @Flag(help: "Print JSON.") var json = false

  func validate() throws {
    if ids.isEmpty == !all { throw ValidationError("name job ids or --all") }
  }

  func run() throws {
    try reportingFailures(json: json) {
      let jobs = try global.openStore().retryJobs(ids: all ? nil : ids, actor: global.actorName, now: Date())
      if json {
        Output.standardOutput(JSONOutput.encode(["retried": jobs.map(\.id)]))
      } else {
        Output.standardOutput(jobs.isEmpty ? "no dead or waiting job matched" : "\(jobs.count) job(s) queued again")
      }
      if jobs.isEmpty && !all { throw CommandFailure.notFound("no dead or waiting job with those ids") }
    }
  }
}

struct QueueDiscard: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "discard",
    abstract:
      "Give up on a job, with the order's other unsent jobs: their changes are never sent; the order goes back to Odoo's version, or, if Odoo never had it, is marked failed."
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The job id.") var id: Int64
  @Flag(help: "Print JSON.") var json = false

  func run() throws {
    try reportingFailures(json: json) {
      guard let job = try global.openStore().discardJob(id: id, actor: global.actorName, now: Date()) else {
        throw CommandFailure.notFound("no unfinished job \(id)")
      }
      Output.standardOutput(json ? JSONOutput.encode(["discarded": job.id]) : "job \(job.id) (\(job.orderReference)) discarded")
    }
  }
}

/// `farmacy conflicts`: orders changed here and in Odoo.
struct ConflictsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "conflicts", abstract: "List, show and resolve sync conflicts.",
    subcommands: [ConflictsList.self, ConflictsShow.self, ConflictsResolve.self], defaultSubcommand: ConflictsList.self)
}

struct ConflictJSON: Encodable {
  var id: Int64
  var order: String
  var field: String
  /// The line's key for a line conflict, as `conflicts resolve --keep-both` takes it.
  var line: String?
  /// Whether the line was added on both sides, so `--keep-both` can keep its two copies.
  var keep_both: Bool
  var base: String?
  var local: String?
  var remote: String?
  var controlled: Bool
  var detected: String

  /// - Parameter keepBoth: The keys of the order's lines added on both sides.
  init(_ stored: StoredConflict, keepBoth: [String]) {
    id = stored.id
    order = stored.reference
    field = stored.conflict.field
    line = stored.conflict.lineKey
    keep_both = line.map(keepBoth.contains) ?? false
    base = stored.conflict.base
    local = stored.conflict.local
    remote = stored.conflict.remote
    controlled = stored.conflict.isControlled
    detected = OdooDateTime.format(stored.detectedAt)
  }

  /// Every conflict of `conflicts`, each knowing whether its order's line can be kept twice.
  static func all(_ conflicts: [StoredConflict]) -> [ConflictJSON] {
    // By order id: two orders can share a reference (two companies, or an order renamed in Odoo).
    let byOrder = Dictionary(grouping: conflicts, by: \.orderID).mapValues {
      $0.map(\.conflict).keysOfLinesAddedOnBothSides
    }
    return conflicts.map { ConflictJSON($0, keepBoth: byOrder[$0.orderID] ?? []) }
  }
}

struct ConflictsList: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "list", abstract: "List open conflicts.")

  @OptionGroup var global: GlobalOptions
  @Flag(help: "Print JSON.") var json = false

  func run() throws {
    try reportingFailures(json: json) {
      let conflicts = try global.openStore().conflicts()
      if json {
        Output.standardOutput(JSONOutput.encode(ConflictJSON.all(conflicts)))
        return
      }
      guard !conflicts.isEmpty else {
        Output.standardOutput("no open conflicts")
        return
      }
      let table = TextTable(
        headers: ["ORDER", "FIELD", "BASE", "LOCAL", "ODOO"],
        rows: conflicts.map {
          [
            $0.reference, $0.conflict.field + ($0.conflict.isControlled ? " (controlled)" : ""), $0.conflict.base ?? "—",
            $0.conflict.local ?? "—", $0.conflict.remote ?? "—",
          ]
        })
      Output.standardOutput(table.rendered)
    }
  }
}

struct ConflictsShow: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show", abstract: "Show an order's conflicts, base beside local beside Odoo.")

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The order's reference.") var reference: String
  @Flag(help: "Print JSON.") var json = false

  func run() throws {
    try reportingFailures(json: json) {
      let store = try global.openStore()
      guard let order = try store.order(reference: reference) else { throw CommandFailure.notFound("no order \(reference)") }
      let conflicts = try store.conflicts(orderID: order.order.id)
      if json {
        Output.standardOutput(JSONOutput.encode(ConflictJSON.all(conflicts)))
        return
      }
      guard !conflicts.isEmpty else {
        Output.standardOutput("\(order.order.reference) has no open conflict")
        return
      }
      Output.standardOutput("\(order.order.reference) — \(order.order.vendorName)")
      let table = TextTable(
        headers: ["FIELD", "BASE", "LOCAL", "ODOO"],
        rows: conflicts.map {
          [$0.conflict.field, $0.conflict.base ?? "—", $0.conflict.local ?? "—", $0.conflict.remote ?? "—"]
        })
      Output.standardOutput(table.rendered)
      let twins = conflicts.map(\.conflict).keysOfLinesAddedOnBothSides
      Output.standardOutput(
        "\n--field takes the names under FIELD; "
          + (twins.isEmpty
            ? "--keep-both does not apply: no line was added both here and in Odoo"
            : "--keep-both LINE keeps both copies of a line added here and in Odoo: \(twins.joined(separator: ", "))"))
      let notes = try store.auditEntries(orderID: order.order.id, limit: 20).filter {
        $0.action == "sync.conflict_detected" || $0.action == "sync.merged"
      }
      if let last = notes.first { Output.standardOutput("\n" + TerminalText.safe(last.summary)) }
    }
  }
}

struct ConflictsResolve: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "resolve",
    abstract: "Settle an order's conflicts; the chosen values are pushed on the next sync.",
    discussion: """
      --take picks the side for every conflict; --field NAME=local|remote overrides it for one \
      field (names as `conflicts show` prints them). --keep-both LINE keeps both copies of a line \
      added here and in Odoo with the same product (`conflicts show` names such lines): this \
      machine's copy becomes a new line and Odoo's stays as it is, so neither side's fields are \
      picked for it. Every choice goes to the audit trail.
      """)

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The order's reference.") var reference: String
  @Option(help: ArgumentHelp("local or remote, for every conflict not named with --field.", valueName: "side")) var take: String
  @Option(name: .customLong("field"), help: ArgumentHelp("A field's side: NAME=local or NAME=remote.", valueName: "choice"))
  var fields: [String] = []
  @Option(
    name: .customLong("keep-both"),
    help: ArgumentHelp("Keep both copies of a line added here and in Odoo (repeatable).", valueName: "line"))
  var keepBoth: [String] = []
  @Flag(help: "Print JSON.") var json = false

  func run() throws {
    try reportingFailures(json: json) {
      guard let side = MergeSide(rawValue: take.lowercased()) else {
        throw CommandFailure.invalid("--take must be local or remote")
      }
      var choices: [String: MergeSide] = [:]
      for item in fields {
        guard let equals = item.lastIndex(of: "="), let chosen = MergeSide(rawValue: String(item[item.index(after: equals)...]).lowercased())
        else { throw CommandFailure.invalid("--field takes NAME=local or NAME=remote, not '\(item)'") }
        choices[String(item[..<equals])] = chosen
      }
      let store = try global.openStore()
      guard let order = try store.order(reference: reference) else { throw CommandFailure.notFound("no order \(reference)") }
      let count = try store.conflicts(orderID: order.order.id).count
      let kept = keepBoth.reduce(into: [String]()) { keys, key in if !keys.contains(key) { keys.append(key) } }
      try ConflictSettlement.settle(
        store: store, orderID: order.order.id, take: side, fields: choices, keepBoth: kept, actor: global.actorName,
        now: Date())
      struct Settled: Encodable {
        var order: String
        var resolved: String
        var kept_both: [String]
      }
      Output.standardOutput(
        json
          ? JSONOutput.encode(Settled(order: order.order.reference, resolved: String(count), kept_both: kept))
          : "\(order.order.reference): \(count) conflict(s) settled"
            + (kept.isEmpty ? "" : "; both copies kept of line(s) \(kept.joined(separator: ", "))")
            + "; the result goes to Odoo on the next sync")
    }
  }
}

/// `farmacy audit`: the audit trail.
struct AuditCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "audit", abstract: "Show the audit trail, newest first.")

  @OptionGroup var global: GlobalOptions
  @Option(help: ArgumentHelp("Only this order's entries.", valueName: "reference")) var order: String?
  @Option(help: "At most this many entries.") var limit = 50
  @Flag(help: "Print JSON.") var json = false

  func run() throws {
    try reportingFailures(json: json) {
      let store = try global.openStore()
      var orderID: UUID?
      if let order {
        guard let found = try store.order(reference: order) else { throw CommandFailure.notFound("no order \(order)") }
        orderID = found.order.id
      }
      let entries = try store.auditEntries(orderID: orderID, limit: limit)
      if json {
        struct Entry: Encodable {
          var id: Int64
          var at: String
          var actor: String
          var action: String
          var summary: String
          var details: String
        }
        Output.standardOutput(
          JSONOutput.encode(
            entries.map {
              Entry(id: $0.id, at: OdooDateTime.format($0.at), actor: $0.actor, action: $0.action, summary: $0.summary, details: $0.details)
            }))
        return
      }
      let table = TextTable(
        headers: ["WHEN", "WHO", "WHAT", "SUMMARY"],
        rows: entries.map { [OdooDateTime.format($0.at), $0.actor, $0.action, $0.summary] })
      Output.standardOutput(entries.isEmpty ? "no audit entries" : table.rendered)
    }
  }
}
