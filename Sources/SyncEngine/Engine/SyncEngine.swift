import AsyncAlgorithms
import FarmacyDomain
import FarmacyStore
import Foundation
import OdooKit
import Synchronization

/// What the outside world asks of the engine, through ``SyncEngine/send(_:)``.
package enum SyncCommand: Sendable, Equatable {
  /// Push and pull now.
  case syncNow
  case pause
  case resume
  /// Queue dead or waiting jobs again (all dead jobs when `nil`).
  case retry(jobIDs: [Int64]?)
  case discard(jobID: Int64)
  /// Settle an order's open conflicts: `fields` picks a side per conflict field, `take` the
  /// side for the rest; `keepBoth` names lines added on both sides whose two copies are kept.
  case resolve(orderID: UUID, take: MergeSide, fields: [String: MergeSide], keepBoth: [String] = [], actor: String)
  /// Start the submission saga for a new order: reserve stock, push, confirm in Odoo.
  case submit(orderID: UUID)
  case shutDown
}

/// The background engine that keeps the store and Odoo in agreement.
///
/// One actor owns the rounds: a round pushes leased outbox work, pulls what changed in Odoo
/// (merging what changed on both sides), and advances sagas. Rounds run on a schedule and on
/// demand, never two at once, so a pull never races a push of the same order. Commands come in
/// through a channel that makes senders wait while the engine is busy (back-pressure); events
/// go out through the ``EventBus``.
///
/// Only one engine runs per database: ``run()`` takes a lease in the store and renews it; a
/// second engine waits for it to expire and then takes over.
package actor SyncEngine {
  package struct Configuration: Sendable {
    /// Who this engine is, in leases: host and process id by default.
    package var owner = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
    /// Who the engine acts for, in the audit trail.
    package var user = "sync"
    /// Orders leased per push batch.
    package var pushBatch = 100
    /// Batches pushed at once: while Odoo works on one, the replies of another are recorded.
    package var pushConcurrency = 4
    /// Orders read per page of a pull (with their lines).
    package var pullPageSize = 2_000
    /// Time between scheduled rounds.
    package var interval: Duration = .seconds(15)
    package var jobLease: Duration = .seconds(120)
    /// How long the engine lease lasts without renewal; it is renewed every third of this.
    package var engineLease: Duration = .seconds(10)
    /// Attempts before a job is dead-lettered.
    package var maxAttempts = 8
    package var backoffBase: Duration = .seconds(2)
    package var backoffCap: Duration = .seconds(300)
    /// How far behind the watermark each pull looks again.
    package var pullOverlap: Duration = .seconds(120)
    /// Every this many pulls, deleted orders are looked for.
    package var reconcileEvery = 10
    /// The catalogue is read again when older than this.
    package var catalogueMaxAge: Duration = .seconds(3_600)
    package var resolverPolicy = ResolverPolicy()

    package init() {}

    /// The settings for an engine beside a person at the keyboard (the full-screen app):
    /// fewer and smaller batches in flight and smaller pull pages, so that pushing or pulling
    /// thousands of orders leaves the screen a core and keeps memory low. Headless
    /// `farmacy sync` goes flat out.
    package static var interactive: Configuration {
      var configuration = Configuration()
      configuration.pushConcurrency = 2
      configuration.pushBatch = 50
      configuration.pullPageSize = 500
      return configuration
    }
  }

  /// What one round did.
  package struct RoundReport: Sendable, Equatable {
    package var pushed = 0
    package var deferred = 0
    package var deadLettered = 0
    package var pulled = PullOutcome()
    package var deleted = 0
    package var breakerOpen = false
    package var error: String?
  }

  private struct Request: Sendable {
    var command: SyncCommand
    var reply: @Sendable (Result<String, any Error>) -> Void
  }

  package nonisolated let store: OrderStore
  package nonisolated let client: OdooClient
  package nonisolated let bus: EventBus
  package nonisolated let configuration: Configuration
  package nonisolated let metrics: MetricsHandler
  nonisolated let now: @Sendable () -> Date
  private nonisolated let random: @Sendable () -> Double
  private nonisolated let requests = AsyncChannel<Request>()
  /// Why the run loop ended, once it has: commands then fail at once instead of waiting for an
  /// answer that will never come.
  private nonisolated let ended = Mutex<SyncError?>(nil)

  private var mapping: OdooOrderMapping?
  private var paused = false
  private var pulls = 0
  private var stopped = false

  package init(
    store: OrderStore, client: OdooClient, configuration: Configuration = Configuration(), bus: EventBus? = nil,
    now: @escaping @Sendable () -> Date = Date.init, random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
  ) {
    self.store = store
    self.client = client
    self.configuration = configuration
    self.now = now
    self.random = random
    let bus = bus ?? EventBus(user: configuration.user, now: now)
    self.bus = bus
    metrics = MetricsHandler()
    bus.register(AuditHandler(store: store))
    bus.register(NotificationHandler(store: store))
    bus.register(metrics)
  }

  /// Every event from now on.
  package nonisolated func events() -> AsyncStream<SyncEnvelope> { bus.subscribe() }

  /// Sends a command to the running engine and waits for its answer. Waits while the engine is
  /// busy with a round: that is the back-pressure.
  ///
  /// Before the engine runs, commands wait for it; once it has ended (shut down, or it could
  /// not start because another engine holds the database), they fail at once with the reason.
  @discardableResult
  package nonisolated func send(_ command: SyncCommand) async throws -> String {
    if let reason = ended.withLock({ $0 }) { throw reason }
    return try await withCheckedThrowingContinuation { continuation in
      let answered = Mutex(false)
      let request = Request(command: command) { result in
        let first = answered.withLock { done in
          defer { done = true }
          return !done
        }
        if first { continuation.resume(with: result) }
      }
      Task {
        await self.requests.send(request)
        // The channel ends with the run loop: a request still unanswered then never will be.
        if let reason = self.ended.withLock({ $0 }) { request.reply(.failure(reason)) }
      }
    }
  }

  /// Marks the run loop ended for `reason` and releases every command still waiting for it.
  private nonisolated func end(_ reason: SyncError) {
    ended.withLock { if $0 == nil { $0 = reason } }
    requests.finish()
  }

  // MARK: - Running

  /// Runs until ``SyncCommand/shutDown`` or cancellation: takes the engine lease (waiting while
  /// another live engine holds it), resumes unfinished sagas, then runs a round at every
  /// interval and on each command.
  package func run(waitForLease: Bool = true) async throws {
    do {
      try await runLoop(waitForLease: waitForLease)
      end(.stopped)
    } catch let error as SyncError {
      end(error)
      throw error
    } catch {
      end(.stopped)
      throw error
    }
  }

  private func runLoop(waitForLease: Bool) async throws {
    while true {
      let lease = try acquireLease()
      if lease.acquired { break }
      guard waitForLease else { throw SyncError.engineBusy(holder: lease.holder) }
      try await Task.sleep(for: .milliseconds(500))
    }
    defer { try? store.releaseEngineLease(owner: configuration.owner) }
    let breakerEvents = Task { [bus, client] in
      for await event in client.breaker.events {
        await bus.publish(
          .breakerChanged(
            from: Self.describe(event.transition.from), to: Self.describe(event.transition.to),
            reason: String(describing: event.transition.reason)))
      }
    }
    let renewer = renewingLease { engine, holder in
      await engine.bus.publish(.stopped(reason: "lease lost to \(holder)"))
      _ = try? await engine.send(.shutDown)
    }
    let ticker = Task { [requests, configuration] in
      while !Task.isCancelled {
        try? await Task.sleep(for: configuration.interval)
        if Task.isCancelled { break }
        await requests.send(Request(command: .syncNow) { _ in })
      }
    }
    defer {
      breakerEvents.cancel()
      ticker.cancel()
      renewer.cancel()
    }
    await resumeSagas()
    _ = await round()
    for await request in requests {
      if Task.isCancelled {
        request.reply(.failure(SyncError.stopped))
        break
      }
      let renewed: (acquired: Bool, holder: String, expiresAt: Date)
      do {
        renewed = try store.acquireEngineLease(owner: configuration.owner, now: now(), ttl: configuration.engineLease)
      } catch {
        request.reply(.failure(error))
        throw error
      }
      guard renewed.acquired else {
        request.reply(.failure(SyncError.engineBusy(holder: renewed.holder)))
        await bus.publish(.stopped(reason: "lease lost to \(renewed.holder)"))
        throw SyncError.engineBusy(holder: renewed.holder)
      }
      do {
        let answer = try await handle(request.command)
        request.reply(.success(answer))
      } catch {
        request.reply(.failure(error))
      }
      if stopped { break }
    }
    await bus.publish(.stopped(reason: "shut down"))
  }

  /// Takes (or renews) the engine lease for this database. On taking it, jobs left in flight by
  /// the previous holder are made available at once, so a restarted engine finishes them
  /// without waiting for their leases to run out.
  package nonisolated func acquireLease() throws -> (acquired: Bool, holder: String) {
    let lease = try store.acquireEngineLease(owner: configuration.owner, now: now(), ttl: configuration.engineLease)
    if lease.acquired { try store.reclaimInFlightJobs(exceptOwner: configuration.owner) }
    return (lease.acquired, lease.holder)
  }

  /// Gives the engine lease up.
  package nonisolated func releaseLease() {
    try? store.releaseEngineLease(owner: configuration.owner)
  }

  private func handle(_ command: SyncCommand) async throws -> String {
    switch command {
    case .syncNow:
      guard !paused else { return "paused" }
      let report = await round()
      return report.error ?? "pushed \(report.pushed), pulled \(report.pulled.inserted + report.pulled.updated + report.pulled.merged)"
    case .pause:
      paused = true
      await bus.publish(.paused)
      return "paused"
    case .resume:
      paused = false
      await bus.publish(.resumed)
      _ = await round()
      return "resumed"
    case .retry(let ids):
      let jobs = try store.retryJobs(ids: ids, actor: configuration.user, now: now())
      for job in jobs { await bus.publish(.jobQueued(jobID: job.id, order: job.orderReference)) }
      return "\(jobs.count) job(s) queued again"
    case .discard(let id):
      guard let job = try store.discardJob(id: id, actor: configuration.user, now: now()) else {
        throw SyncError.notFound("no unfinished job \(id)")
      }
      return "job \(job.id) discarded"
    case .resolve(let orderID, let take, let fields, let keepBoth, let actor):
      try await resolve(orderID: orderID, take: take, fields: fields, keepBoth: keepBoth, actor: actor)
      return "resolved"
    case .submit(let orderID):
      let reference = try await submit(orderID: orderID)
      return "submitted \(reference): stock reserved, queued for Odoo"
    case .shutDown:
      stopped = true
      return "stopping"
    }
  }

  // MARK: - Rounds

  /// One round for a caller that took the engine lease itself (`farmacy sync --once`): the lease
  /// is renewed while the round runs, as ``run()`` renews it, so a long first pull does not let
  /// another engine take over the jobs this one is pushing.
  package func roundHoldingLease(push: Bool = true, pull: Bool = true) async -> RoundReport {
    // Lost anyway, the jobs this round holds are refused to it when it finishes them.
    let renewer = renewingLease { _, _ in }
    defer { renewer.cancel() }
    return await round(push: push, pull: pull)
  }

  /// Renews the engine lease every third of its length until cancelled; when another engine
  /// holds it, calls `onLoss` with its holder and stops.
  private nonisolated func renewingLease(
    onLoss: @escaping @Sendable (SyncEngine, String) async -> Void
  ) -> Task<Void, Never> {
    Task { [weak self, configuration] in
      while !Task.isCancelled {
        try? await Task.sleep(for: configuration.engineLease / 3)
        guard let self, !Task.isCancelled else { break }
        if let lease = try? self.acquireLease(), !lease.acquired {
          await onLoss(self, lease.holder)
          break
        }
      }
    }
  }

  /// One round: push, pull, push what the pull merged, advance sagas. Never throws: errors are
  /// reported and the next round tries again.
  @discardableResult
  package func round(push: Bool = true, pull shouldPull: Bool = true) async -> RoundReport {
    var report = RoundReport()
    do {
      let mapping = try await currentMapping()
      let first = push ? await pushAll(mapping: mapping, report: &report) : Pusher.Outcome()
      if !first.breakerOpen && shouldPull {
        try await pull(mapping: mapping, report: &report)
        if push { _ = await pushAll(mapping: mapping, report: &report) }
      }
      await advanceSagas()
    } catch {
      report.error = String(describing: error)
      await bus.publish(.failed(report.error ?? ""))
    }
    try? persistState(report)
    await bus.publish(.metrics(metrics.snapshot(at: now())))
    return report
  }

  /// Pushes until the queue has nothing ready (or the breaker opens).
  ///
  /// `pushConcurrency` workers each lease a batch, push it and lease the next as soon as it is
  /// recorded, so Odoo always has a batch to work on while replies are read and recorded
  /// here. The store hands each batch out once: a leased order is not leased again.
  private func pushAll(mapping: OdooOrderMapping, report: inout RoundReport) async -> Pusher.Outcome {
    let pusher = pusher(mapping: mapping)
    // Jobs leased by this round's workers, renewed together while they are out.
    let leased = LeasedJobIDs()
    let heartbeat = Task { [store, configuration, now] in
      while !Task.isCancelled {
        try? await Task.sleep(for: configuration.jobLease / 3)
        if Task.isCancelled { break }
        let ids = leased.ids.withLock { Array($0) }
        _ = try? store.renewLeases(
          owner: configuration.owner, jobIDs: ids,
          until: now().addingTimeInterval(Double(configuration.jobLease.components.seconds)))
      }
    }
    defer { heartbeat.cancel() }
    let outcomes = await withTaskGroup(of: Pusher.Outcome.self) { [store, configuration, now] group in
      for _ in 0..<max(1, configuration.pushConcurrency) {
        group.addTask {
          var outcome = Pusher.Outcome()
          while !Task.isCancelled {
            guard
              let work = try? store.leaseWork(
                owner: configuration.owner, now: now(), leaseFor: configuration.jobLease, limit: configuration.pushBatch),
              !work.isEmpty
            else { break }
            let ids = work.flatMap { $0.jobs.map(\.id) }
            leased.ids.withLock { $0.formUnion(ids) }
            let batch = await pusher.push(work, mapping: mapping)
            leased.ids.withLock { $0.subtract(ids) }
            outcome.add(batch)
            // Work that only deferred or merged would be leased again at once: this worker
            // stops for this round.
            if batch.breakerOpen || batch.succeeded.isEmpty { break }
          }
          return outcome
        }
      }
      var all: [Pusher.Outcome] = []
      for await outcome in group { all.append(outcome) }
      return all
    }
    var total = Pusher.Outcome()
    for outcome in outcomes {
      report.pushed += outcome.succeeded.count
      report.deferred += outcome.deferred.count
      report.deadLettered += outcome.dead.count
      total.add(outcome)
    }
    report.breakerOpen = report.breakerOpen || total.breakerOpen
    return total
  }

  private func pull(mapping: OdooOrderMapping, report: inout RoundReport) async throws {
    let started = ContinuousClock.now
    pulls += 1
    let (outcome, deleted) = try await puller().pullOrders(
      mapping: mapping, reconcile: pulls % max(1, configuration.reconcileEvery) == 1)
    report.pulled = outcome
    report.deleted = deleted
    for orderID in outcome.conflicted {
      let conflicts = try store.conflicts(orderID: orderID)
      await bus.publish(
        .conflictDetected(orderID: orderID, order: conflicts.first?.reference ?? "order", fields: conflicts.map(\.conflict.field)))
    }
    await bus.publish(
      .pullFinished(
        inserted: outcome.inserted, updated: outcome.updated, merged: outcome.merged, conflicts: outcome.conflicted.count,
        deleted: deleted, duration: ContinuousClock.now - started))
  }

  /// Pulls only (a first full pull, or `farmacy sync --pull`).
  @discardableResult
  package func pullNow() async throws -> PullOutcome {
    var report = RoundReport()
    try await pull(mapping: try await currentMapping(), report: &report)
    return report.pulled
  }

  /// The mapping of vendors and products, reading the catalogue from Odoo when it is missing
  /// or old.
  private func currentMapping() async throws -> OdooOrderMapping {
    let connection: OdooClient.Connection
    if let known = client.connection { connection = known } else { connection = try await client.connect() }
    let cursor = try store.syncCursor(named: Puller.catalogueCursor)
    let stale = cursor.map { now().timeIntervalSince($0.updatedAt) > Double(configuration.catalogueMaxAge.components.seconds) } ?? true
    if let mapping, !stale { return mapping }
    if !stale {
      // Read recently by an earlier run: the store has it.
      let stored = try puller().storedMapping(names: connection.fields)
      mapping = stored
      return stored
    }
    let fresh = try await puller().pullCatalogue(names: connection.fields)
    mapping = fresh
    return fresh
  }

  private func pusher(mapping: OdooOrderMapping) -> Pusher {
    Pusher(
      client: client, store: store, configuration: configuration, now: now, random: random,
      publish: { [bus] event in await bus.publish(event) }, merge: mergeFunction())
  }

  private func puller() -> Puller {
    Puller(
      client: client, store: store, configuration: configuration, now: now,
      publish: { [bus] event in await bus.publish(event) }, merge: mergeFunction())
  }

  /// The three-way merge followed by the resolver pipeline.
  private nonisolated func mergeFunction() -> @Sendable (PurchaseOrder, PurchaseOrder, PurchaseOrder, Date) -> MergeDecision {
    let policy = configuration.resolverPolicy
    return { base, local, remote, editedAt in
      Self.merge(base: base, local: local, remote: remote, localEditedAt: editedAt, policy: policy)
    }
  }

  package static func merge(
    base: PurchaseOrder, local: PurchaseOrder, remote: PurchaseOrder, localEditedAt: Date, policy: ResolverPolicy
  ) -> MergeDecision {
    let result = ThreeWayMerge.merge(base: base, local: local, remote: remote)
    let (settled, open) = ConflictResolver.resolve(
      result.conflicts, base: base, local: local, remote: remote, localEditedAt: localEditedAt,
      remoteWrittenAt: nil, policy: policy)
    var merged = result.merged
    for resolution in settled where resolution.side == .remote {
      merged = ThreeWayMerge.apply(resolution.conflict, from: remote, to: merged)
    }
    let notes = result.notes + settled.map { "\($0.conflict.field): \($0.side.rawValue) kept — \($0.reason)" }
    return MergeDecision(merged: merged, open: open, notes: notes)
  }

  // MARK: - Conflicts

  /// Settles an order's open conflicts (what ``SyncCommand/resolve(orderID:take:fields:keepBoth:actor:)`` does).
  package func resolve(
    orderID: UUID, take: MergeSide, fields: [String: MergeSide], keepBoth: [String] = [], actor: String
  ) async throws {
    let reference = try ConflictSettlement.settle(
      store: store, orderID: orderID, take: take, fields: fields, keepBoth: keepBoth, actor: actor, now: now())
    await bus.publish(.conflictResolved(orderID: orderID, order: reference, by: actor))
  }

  // MARK: - State for other processes

  private func persistState(_ report: RoundReport) throws {
    let instant = now()
    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .iso8601
    encoder.outputFormatting = [.sortedKeys]
    let snapshot = metrics.snapshot(at: instant)
    try store.setEngineState(String(decoding: try encoder.encode(snapshot), as: UTF8.self), forKey: "metrics", now: instant)
    let machine = client.breaker.snapshot
    let breaker: [String: String] = [
      "state": Self.describe(machine.state),
      "consecutive_failures": String(machine.consecutiveFailures),
      "failure_rate": String(format: "%.2f", machine.failureRate),
    ]
    try store.setEngineState(String(decoding: try encoder.encode(breaker), as: UTF8.self), forKey: "breaker", now: instant)
    if let connection = client.connection {
      let server: [String: String] = [
        "url": client.endpoint.baseURL, "version": String(describing: connection.version),
        "protocol": connection.protocolKind.rawValue, "database": client.endpoint.database,
      ]
      try store.setEngineState(String(decoding: try encoder.encode(server), as: UTF8.self), forKey: "server", now: instant)
    }
    if let error = report.error {
      try store.setEngineState(error, forKey: "last_error", now: instant)
    }
  }

  nonisolated static func describe(_ state: CircuitBreakerStateMachine.State) -> String {
    switch state {
    case .closed: "closed"
    case .open: "open"
    case .halfOpen: "half-open"
    }
  }
}

/// The ids of the jobs a push round has leased and not yet recorded, shared by its workers
/// and the heartbeat that renews their leases.
private final class LeasedJobIDs: Sendable {
  let ids = Mutex<Set<Int64>>([])
}
