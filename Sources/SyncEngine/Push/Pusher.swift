import FarmacyDomain
import FarmacyStore
import Foundation
import OdooKit

/// Pushes leased outbox work to Odoo.
///
/// - New orders go through `load` with external ids, many orders per call; a failed batch is
///   split in halves down to one order, so one bad order never holds back the rest. An order
///   whose create is uncertain (retried, or left in flight by a crash) is looked up by its
///   external id first; `load` then updates the record it finds instead of creating another.
/// - Orders Odoo already has get `write` with only the fields and lines changed since the base,
///   after checking that Odoo's copy has not moved since the base; if it has, the order is
///   pulled and merged first.
/// - Workflow steps call Odoo's buttons, chosen from Odoo's state and the local one, so a
///   repeated push never repeats a step.
struct Pusher: Sendable {
  let client: OdooClient
  let store: OrderStore
  let configuration: SyncEngine.Configuration
  let now: @Sendable () -> Date
  let random: @Sendable () -> Double
  let publish: @Sendable (SyncEvent) async -> Void
  let merge: @Sendable (PurchaseOrder, PurchaseOrder, PurchaseOrder, Date) -> MergeDecision

  /// What one push round did.
  struct Outcome: Sendable, Equatable {
    var succeeded: [UUID] = []
    var deferred: [UUID] = []
    var dead: [UUID] = []
    var conflicted: [UUID] = []
    /// Odoo's newer copy was merged in; the merged order goes out on the next round.
    var merged: [UUID] = []
    /// The breaker was open: work was handed back unattempted.
    var breakerOpen = false

    mutating func add(_ other: Outcome) {
      succeeded += other.succeeded
      deferred += other.deferred
      dead += other.dead
      conflicted += other.conflicted
      merged += other.merged
      breakerOpen = breakerOpen || other.breakerOpen
    }
  }

  /// A failure of one order's push.
  enum Failure: Error {
    case odoo(OdooError)
    case sync(SyncError)

    var isRetryable: Bool {
      switch self {
      case .odoo(let error): error.isRetryable
      case .sync(let error): if case .unmapped = error { true } else { false }
      }
    }

    var retryAfter: Duration? { if case .odoo(let error) = self { error.retryAfter } else { nil } }

    var message: String {
      switch self {
      case .odoo(let error): error.description
      case .sync(let error): error.description
      }
    }

    var isBreakerOpen: Bool {
      if case .odoo(let error) = self, case .breakerOpen = error.code { return true }
      return false
    }
  }

  func push(_ work: [LeasedWork], mapping: OdooOrderMapping) async -> Outcome {
    var outcome = Outcome()
    let creates = work.filter { $0.order.order.odooID == nil }
    let updates = work.filter { $0.order.order.odooID != nil }
    if !creates.isEmpty {
      await pushCreates(creates, mapping: mapping, outcome: &outcome)
    }
    for item in updates {
      if outcome.breakerOpen {
        try? store.releaseWork(item, now: now())
        continue
      }
      let started = ContinuousClock.now
      await publish(.jobStarted(jobIDs: item.jobs.map(\.id), order: item.order.order.reference, attempt: item.attempts))
      do {
        switch try await pushUpdate(item, mapping: mapping) {
        case .pushed(let pushed): try await complete(item, pushed: pushed, started: started, outcome: &outcome)
        case .conflicted: outcome.conflicted.append(item.orderID)
        case .merged: outcome.merged.append(item.orderID)
        }
      } catch let failure as Failure {
        await fail(item, failure, outcome: &outcome)
      } catch {
        await fail(item, .sync(.malformed(String(describing: error))), outcome: &outcome)
      }
    }
    return outcome
  }

  // MARK: Creates

  private func pushCreates(_ work: [LeasedWork], mapping: OdooOrderMapping, outcome: inout Outcome) async {
    for item in work {
      await publish(.jobStarted(jobIDs: item.jobs.map(\.id), order: item.order.order.reference, attempt: item.attempts))
    }
    let started = ContinuousClock.now
    // Orders that cannot be expressed (unknown vendor or product) fail alone.
    var ready: [(work: LeasedWork, rows: [[String]])] = []
    for item in work {
      do {
        ready.append((item, try mapping.loadRows(for: item.order.order)))
      } catch {
        await fail(item, .sync(error), outcome: &outcome)
      }
    }
    // Uncertain creates: find out what Odoo already has.
    let uncertain = ready.filter { $0.work.createIsUncertain }.map(\.work)
    if !uncertain.isEmpty {
      do {
        let found = try await lookUpExternalIDs(uncertain.map { OdooOrderMapping.externalName(order: $0.orderID) })
        for item in uncertain where found[OdooOrderMapping.externalName(order: item.orderID)] != nil {
          await publish(
            .notification(
              level: "info", title: "\(item.order.order.reference) was already in Odoo",
              body: "A reply was lost earlier; the order is updated, not created again."))
        }
      } catch {
        for item in ready.map(\.work) { await fail(item, .odoo(error), outcome: &outcome) }
        return
      }
    }
    await load(ready, mapping: mapping, started: started, outcome: &outcome)
  }

  /// Loads `batch`; on a refusal splits it in halves down to single orders.
  private func load(
    _ batch: [(work: LeasedWork, rows: [[String]])], mapping: OdooOrderMapping, started: ContinuousClock.Instant,
    outcome: inout Outcome
  ) async {
    guard !batch.isEmpty else { return }
    if outcome.breakerOpen {
      for item in batch { try? store.releaseWork(item.work, now: now()) }
      return
    }
    do {
      let result = try await client.load("purchase.order", fields: mapping.loadFields, rows: batch.flatMap(\.rows))
      guard result.ids.count == batch.count else {
        throw OdooError(
          code: .malformedReply("load returned \(result.ids.count) ids for \(batch.count) orders"), method: "purchase.order/load")
      }
      let pushed = try await readBack(ids: result.ids, locals: batch.map(\.work.order.order), mapping: mapping)
      var completed: [(LeasedWork, RemoteCopy)] = []
      for (index, item) in batch.enumerated() {
        var order = pushed[index]
        // Steps taken before the order first reached Odoo (confirm, cancel…).
        let buttons = OdooOrderMapping.buttons(from: order.order.state, to: item.work.order.order.state)
        if !buttons.isEmpty {
          do {
            for button in buttons {
              try await client.callButton("purchase.order", button.odooMethod, ids: [result.ids[index]])
            }
            order = try await readBack(ids: [result.ids[index]], locals: [item.work.order.order], mapping: mapping)[0]
          } catch {
            await fail(item.work, .odoo(error), outcome: &outcome)
            continue
          }
        }
        completed.append((item.work, order))
      }
      do {
        try await complete(completed, started: started, outcome: &outcome)
      } catch {
        for (work, _) in completed { await fail(work, .sync(.malformed(String(describing: error))), outcome: &outcome) }
      }
    } catch {
      let error = error as? OdooError ?? OdooError(code: .malformedReply(String(describing: error)), method: "purchase.order/load")
      if case .breakerOpen = error.code {
        outcome.breakerOpen = true
        for item in batch { try? store.releaseWork(item.work, now: now()) }
        return
      }
      if !error.isRetryable && batch.count > 1 {
        let middle = batch.count / 2
        await load(Array(batch[..<middle]), mapping: mapping, started: started, outcome: &outcome)
        await load(Array(batch[middle...]), mapping: mapping, started: started, outcome: &outcome)
        return
      }
      for item in batch { await fail(item.work, .odoo(error), outcome: &outcome) }
    }
  }

  /// External id name → record id, for the names Odoo has.
  private func lookUpExternalIDs(_ names: [String]) async throws(OdooError) -> [String: Int] {
    let records = try await client.searchRead(
      "ir.model.data",
      domain: [
        ["module", "=", .string(OdooOrderMapping.module)], ["model", "=", "purchase.order"],
        ["name", "in", .array(names.map(OdooValue.string))],
      ], fields: ["name", "res_id"])
    var found: [String: Int] = [:]
    for record in records {
      if let name = record["name"]?.string, let id = record["res_id"]?.int { found[name] = id }
    }
    return found
  }

  /// An order as Odoo has it, with its `write_date`.
  struct RemoteCopy: Sendable {
    var order: PurchaseOrder
    var writeDate: String?
  }

  /// Odoo's copies of `ids`, with each line given the uuid of the local line it came from
  /// (through the lines' external ids, then Odoo ids).
  private func readBack(ids: [Int], locals: [PurchaseOrder], mapping: OdooOrderMapping) async throws(OdooError)
    -> [RemoteCopy]
  {
    let idList = OdooValue.array(ids.map(OdooValue.int))
    let records = try await client.searchRead("purchase.order", domain: [["id", "in", idList]], fields: mapping.orderFields)
    let lineRecords = try await client.searchRead(
      "purchase.order.line", domain: [["order_id", "in", idList]], fields: mapping.lineFields, order: "id asc")
    let lineIDs = lineRecords.compactMap { $0["id"]?.int }
    var lineUUIDs: [Int: UUID] = [:]
    if !lineIDs.isEmpty {
      let xmlids = try await client.searchRead(
        "ir.model.data",
        domain: [
          ["model", "=", "purchase.order.line"], ["module", "=", .string(OdooOrderMapping.module)],
          ["res_id", "in", .array(lineIDs.map(OdooValue.int))],
        ], fields: ["name", "res_id"])
      for record in xmlids {
        if let resID = record["res_id"]?.int, let uuid = record["name"]?.string.flatMap(OdooOrderMapping.lineUUID(externalName:)) {
          lineUUIDs[resID] = uuid
        }
      }
    }
    var linesByOrder: [Int: [[String: OdooValue]]] = [:]
    for line in lineRecords {
      if let orderID = line["order_id"]?.many2oneID { linesByOrder[orderID, default: []].append(line) }
    }
    let byID = Dictionary(records.compactMap { record in record["id"]?.int.map { ($0, record) } }, uniquingKeysWith: { a, _ in a })
    var result: [RemoteCopy] = []
    for (index, id) in ids.enumerated() {
      guard let record = byID[id] else {
        throw OdooError(code: .recordMissing, method: "purchase.order/search_read", remoteMessage: "order \(id) is no longer in Odoo")
      }
      let local = locals[index]
      var order: PurchaseOrder
      do {
        order = try mapping.order(from: record, lines: linesByOrder[id] ?? [])
      } catch {
        throw OdooError(code: .malformedReply(error.description), method: "purchase.order/search_read")
      }
      order.id = local.id
      let localByOdooID = Dictionary(
        local.lines.compactMap { line in line.odooID.map { ($0, line) } }, uniquingKeysWith: { a, _ in a })
      var unclaimed = local.lines.filter { $0.odooID == nil }
      for lineIndex in order.lines.indices {
        let line = order.lines[lineIndex]
        guard let odooID = line.odooID else { continue }
        if let uuid = lineUUIDs[odooID] {
          order.lines[lineIndex].id = uuid
          unclaimed.removeAll { $0.id == uuid }
        } else if let known = localByOdooID[odooID] {
          order.lines[lineIndex].id = known.id
        } else if let match = unclaimed.firstIndex(where: { $0.productID == line.productID && $0.quantity == line.quantity }) {
          order.lines[lineIndex].id = unclaimed.remove(at: match).id
        }
      }
      // What Odoo does not keep stays as it was here.
      let localLines = Dictionary(local.lines.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
      for lineIndex in order.lines.indices {
        if let before = localLines[order.lines[lineIndex].id] {
          order.lines[lineIndex].taxRate = before.taxRate
          order.lines[lineIndex].isControlled = before.isControlled
          if order.lines[lineIndex].productCode.isEmpty { order.lines[lineIndex].productCode = before.productCode }
        }
      }
      result.append(RemoteCopy(order: order, writeDate: record["write_date"]?.string))
    }
    return result
  }

  // MARK: Updates

  enum UpdateResult {
    case pushed(RemoteCopy)
    /// Odoo's copy had moved; it was merged in and the work handed back for the next round.
    case merged
    /// Odoo's copy had moved and the merge left conflicts for a person.
    case conflicted
  }

  /// Pushes changes of an order Odoo has.
  private func pushUpdate(_ work: LeasedWork, mapping: OdooOrderMapping) async throws -> UpdateResult {
    guard let odooID = work.order.order.odooID else { throw Failure.sync(.invalid("no Odoo id")) }
    let local = work.order.order
    // Odoo's copy, read once: to tell whether it moved since the base, and the state to step from.
    let remote: RemoteCopy
    do { remote = try await readBack(ids: [odooID], locals: [local], mapping: mapping)[0] } catch { throw Failure.odoo(error) }
    // Has Odoo moved since the base? Its write_date says so, except within the same second
    // (Odoo returns whole seconds), so the content is compared too.
    if let base = work.base,
      remote.writeDate != work.baseRemoteWriteDate || !OrderChange.diff(from: base, to: remote.order).isEmpty
    {
      // Merge first, then push what is left on a later round.
      let pulled = [PulledOrder(order: remote.order, writeDate: remote.writeDate ?? "")]
      try store.releaseWork(work, now: now())
      let outcome = try store.applyPulled(pulled, actor: configuration.user, now: now(), merge: merge)
      if !outcome.conflicted.isEmpty {
        await publish(.conflictDetected(orderID: work.orderID, order: local.reference, fields: try store.conflicts(orderID: work.orderID).map(\.conflict.field)))
        return .conflicted
      }
      return .merged
    }
    let base = work.base ?? remote.order
    do {
      let values = try mapping.writeValues(from: base, to: local)
      if !values.isEmpty { try await client.write("purchase.order", ids: [odooID], values: values) }
    } catch let error as SyncError {
      throw Failure.sync(error)
    } catch let error as OdooError {
      throw Failure.odoo(error)
    }
    do {
      for button in OdooOrderMapping.buttons(from: remote.order.state, to: local.state) {
        try await client.callButton("purchase.order", button.odooMethod, ids: [odooID])
      }
      return .pushed(try await readBack(ids: [odooID], locals: [local], mapping: mapping)[0])
    } catch { throw Failure.odoo(error) }
  }

  // MARK: Outcomes

  private func complete(_ work: LeasedWork, pushed: RemoteCopy, started: ContinuousClock.Instant, outcome: inout Outcome)
    async throws
  {
    try await complete([(work, pushed)], started: started, outcome: &outcome)
  }

  /// Records pushes in one transaction, then tells the bus.
  private func complete(_ items: [(LeasedWork, RemoteCopy)], started: ContinuousClock.Instant, outcome: inout Outcome)
    async throws
  {
    guard !items.isEmpty else { return }
    try store.completeWork(
      items.map { (work: $0.0, pushed: $0.1.order, remoteWriteDate: $0.1.writeDate) }, actor: configuration.user, now: now())
    let duration = ContinuousClock.now - started
    for (work, pushed) in items {
      outcome.succeeded.append(work.orderID)
      await publish(
        .jobSucceeded(
          jobIDs: work.jobs.map(\.id), order: pushed.order.reference, odooID: pushed.order.odooID ?? 0, duration: duration))
    }
  }

  private func fail(_ work: LeasedWork, _ failure: Failure, outcome: inout Outcome) async {
    let reference = work.order.order.reference
    if failure.isBreakerOpen {
      outcome.breakerOpen = true
      try? store.releaseWork(work, now: now())
      return
    }
    let decision = retryPolicy.decision(
      afterAttempt: work.attempts, isRetryable: failure.isRetryable, retryAfter: failure.retryAfter, random: random())
    if case .retry(let delay) = decision {
      let next = now().addingTimeInterval(Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18)
      try? store.deferWork(work, error: failure.message, nextAttemptAt: next, now: now())
      outcome.deferred.append(work.orderID)
      await publish(.jobDeferred(jobIDs: work.jobs.map(\.id), order: reference, error: failure.message, nextAttempt: next))
    } else {
      let reason = failure.isRetryable ? "gave up after \(work.attempts) attempts: \(failure.message)" : failure.message
      try? store.deadLetter(work, error: reason, actor: configuration.user, now: now())
      outcome.dead.append(work.orderID)
      await publish(.jobDeadLettered(jobIDs: work.jobs.map(\.id), order: reference, error: reason))
    }
  }

  /// The outbox's retries: exponential backoff with full jitter up to the cap, Odoo's
  /// `Retry-After` when it sends one, dead-lettered after `maxAttempts`.
  var retryPolicy: RetryPolicy {
    RetryPolicy(
      maxAttempts: configuration.maxAttempts, baseDelay: configuration.backoffBase, maxDelay: configuration.backoffCap,
      maxRetryAfter: .seconds(86_400))
  }
}
