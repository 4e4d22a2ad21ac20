import FarmacyDomain
import FarmacyTestSupport
import Foundation
import Testing

@testable import FarmacyStore

/// Completing a push of an order that was edited again while the push ran.
@Suite struct OrderStoreOutboxTests {
  /// Odoo's notes change between the engine's write and its read-back, and a person saves a new
  /// arrival date meanwhile. Odoo's notes must reach the local order at the next pull, and the
  /// next push must not send the old notes back.
  @Test func anOrderEditedDuringItsPush_keepsTheEdit_andStillLearnsWhatOdooChanged() throws {
    let store = try OrderStore.seeded(orders: 3)
    let (synced, first) = try store.editNewestOrder {
      $0.lines[0].quantity = Quantity(thousandths: $0.lines[0].quantity.thousandths + 1_000)
    }
    let edited = first.order
    let work = try #require(try store.leaseWork(owner: "engine", now: testNow, leaseFor: .seconds(60), limit: 10).first)
    #expect(work.order.info.revision == first.info.revision)

    var later = first.order
    later.datePlanned = OdooDateTime.parse("2026-04-30")
    let second = try store.saveOrder(later, editedFrom: first.order, actor: "ana", now: testNow)
    var pushed = first.order
    pushed.notes = "Changed in Odoo while the push ran"
    try store.completeWork([(work, pushed, "2026-03-14 10:00:05")], actor: "sync", now: testNow)

    let afterPush = try #require(try store.order(id: synced.id))
    #expect(afterPush.order.datePlanned == later.datePlanned)
    #expect(afterPush.info.syncStatus == .pending)
    #expect(try store.baseSnapshot(orderID: synced.id)?.notes == first.order.notes, "the base is what was sent")

    _ = try store.applyPulled(
      [PulledOrder(order: pushed, writeDate: "2026-03-14 10:00:05")], actor: "sync", now: testNow, merge: plainMerge)
    let afterPull = try #require(try store.order(id: synced.id))
    #expect(afterPull.order.notes == pushed.notes)
    #expect(afterPull.order.datePlanned == later.datePlanned)
    #expect(afterPull.order.lines[0].quantity == edited.lines[0].quantity)
    #expect(afterPull.info.revision > second.info.revision)
  }
}

/// Discarding a job: its change never reaches Odoo, not even through a later pull or edit.
@Suite struct OrderStoreDiscardTests {
  @Test func discardingAnEditsJob_putsTheOrderBackToOdoosVersion_andAPullDoesNotQueueItAgain() throws {
    let store = try OrderStore.seeded(orders: 3)
    let (synced, saved) = try store.editNewestOrder { $0.origin = "Not wanted after all" }
    let job = try #require(try store.discardJob(id: saved.jobID, actor: "sam", now: testNow))
    #expect(job.id == saved.jobID)

    let after = try #require(try store.order(id: synced.id))
    #expect(after.order == synced)
    #expect(after.info.syncStatus == .synced)
    #expect(try store.baseSnapshot(orderID: synced.id) == nil)
    #expect(try store.auditEntries(orderID: nil, limit: 1).first?.summary.hasSuffix("back to Odoo's version") == true)

    // Odoo changes the order afterwards: the pull takes it, and nothing is queued.
    var remote = synced
    remote.notes = "Changed in Odoo"
    _ = try store.applyPulled(
      [PulledOrder(order: remote, writeDate: "2026-03-14 11:00:00")], actor: "sync", now: testNow, merge: plainMerge)
    let pulled = try #require(try store.order(id: synced.id))
    #expect(pulled.order.notes == "Changed in Odoo")
    #expect(pulled.order.origin == synced.origin)
    #expect(pulled.info.syncStatus == .synced)
    #expect(try store.outboxJobs(states: [.pending, .deferred, .inFlight, .dead], orderID: synced.id).isEmpty)
  }

  /// A dead job holds the order's later jobs back; discarding it discards them too, since
  /// any of them would send the whole order, the discarded change included.
  @Test func discardingADeadJob_withALaterEditWaiting_discardsBoth_andNothingOfThemIsSent() throws {
    let store = try OrderStore.seeded(orders: 3)
    let (synced, first) = try store.editNewestOrder { $0.origin = "Wrong quantity order" }
    let work = try #require(try store.leaseWork(owner: "e", now: testNow, leaseFor: .seconds(60), limit: 5).first)
    // A push of the order is running: its change cannot be held back.
    #expect(throws: StoreError.self) { try store.discardJob(id: first.jobID, actor: "sam", now: testNow) }
    try store.deadLetter(work, error: "Odoo refused it", actor: "e", now: testNow)
    var later = first.order
    later.notes = "Edited after the refusal"
    let second = try store.saveOrder(later, editedFrom: first.order, actor: "ana", now: testNow)
    try #require(try store.discardJob(id: first.jobID, actor: "sam", now: testNow) != nil)
    #expect(try store.outboxJobs(orderID: synced.id).map(\.state) == [.done, .done])
    #expect(try store.outboxJobs(orderID: synced.id).map(\.id).contains(second.jobID))
    #expect(try store.order(id: synced.id)?.order == synced)
    #expect(try store.leaseWork(owner: "e", now: testNow, leaseFor: .seconds(60), limit: 5).isEmpty)
  }

  @Test func discardingANewOrdersCreate_keepsTheOrderHere_markedFailed() throws {
    let store = try OrderStore.seeded(orders: 0)
    let saved = try store.saveDraft()
    try #require(try store.discardJob(id: saved.jobID, actor: "sam", now: testNow) != nil)
    let after = try #require(try store.order(id: saved.order.id))
    #expect(after.order == saved.order)
    #expect(after.info.syncStatus == .failed)
    #expect(try store.discardJob(id: saved.jobID, actor: "sam", now: testNow) == nil, "a finished job is not discarded twice")
  }
}

/// Two engines on one database: one whose lease ran out finishes nothing the other took over.
@Suite struct OrderStoreLeaseOwnerTests {
  @Test func anEngineThatLostItsJobs_cannotCompleteOrDeadLetterThem() throws {
    let store = try OrderStore.seeded(orders: 3)
    let (synced, saved) = try store.editNewestOrder { $0.notes = "Sent twice" }
    let edited = saved.order
    let stale = try #require(try store.leaseWork(owner: "A", now: testNow, leaseFor: .seconds(10), limit: 5).first)
    let later = testNow.addingTimeInterval(30)
    let current = try #require(try store.leaseWork(owner: "B", now: later, leaseFor: .seconds(10), limit: 5).first)
    #expect(current.wasInterrupted)

    var oldCopy = edited
    oldCopy.origin = "A's read-back"
    try store.completeWork([(stale, oldCopy, "2026-03-14 10:00:00")], actor: "A", now: later)
    try store.deadLetter(stale, error: "A gave up", actor: "A", now: later)
    try store.deferWork(stale, error: "A again", nextAttemptAt: later, now: later)
    let jobs = try store.outboxJobs(orderID: synced.id)
    #expect(jobs.map(\.state) == [.inFlight], "B still holds the job")
    #expect(try store.order(id: synced.id)?.order == saved.order)

    try store.completeWork([(current, edited, "2026-03-14 10:00:31")], actor: "B", now: later)
    #expect(try store.outboxJobs(orderID: synced.id).map(\.state) == [.done])
    try store.deadLetter(stale, error: "A, late", actor: "A", now: later)
    #expect(try store.outboxJobs(orderID: synced.id).map(\.state) == [.done])
    #expect(try store.order(id: synced.id)?.info.syncStatus == .synced)
  }
}
