import FarmacyDemoData
import FarmacyDomain
import FarmacyTestSupport
import Foundation
import GRDB
import Testing

@testable import FarmacyStore

/// Kills a process with SIGKILL in the middle of saving and checks that every save is all or
/// nothing: order, lines, outbox job and audit row together.
@Suite(.serialized) struct CrashSafetyTests {
  @Test func saveKilledMidTransaction_leavesOrderAndJobTogether_orNeither() throws {
    let folder = try TemporaryDirectory()
    let path = folder.file("crash.sqlite")
    // The kill points come from a seeded generator so that a failure can be replayed.
    var random = SeededGenerator(seed: 20_261_126)
    var killedMidSave = 0
    for trial in 0..<8 {
      let child = try ChildProcess(
        BuiltProducts.path("farmacy-store-stress"), [path, "150", String(trial + 1)], workingDirectory: folder)
      #expect(child.waitForOutput(containing: "ready"), "the stress process did not start")
      // Wait for a random number of completed saves, then kill at once.
      let savesBeforeKill = 1 + random.int(6)
      let marker = { (output: String) in output.components(separatedBy: "\nsaved ").count - 1 }
      let deadline = ContinuousClock.now + .seconds(60)
      while marker("\n" + child.standardOutputSoFar) < savesBeforeKill, ContinuousClock.now < deadline,
        child.process.isRunning
      {
        usleep(500)
      }
      // Spin a random short while so the kill lands at varied points of the next save.
      let spin = ContinuousClock.now + .microseconds(random.int(20_000))
      while ContinuousClock.now < spin {}
      child.kill(signal: SIGKILL)
      let result = child.wait()
      #expect(result.status == 128 + SIGKILL, "stress process ended by itself: \(result.standardError)")

      let announced = Self.parse(result.standardOutput)
      let store = try OrderStore.open(path: path)
      #expect(try store.integrityProblems().isEmpty)
      try Self.checkInvariants(store)
      for save in announced {
        let stored = try store.order(id: save.orderID)
        let jobs = try store.outboxJobs(orderID: save.orderID)
        if save.jobID != nil {
          // Reported as saved: it must be there, with its job.
          #expect(stored != nil, "a committed save is missing")
          #expect(jobs.contains { $0.id == save.jobID })
        } else if let stored {
          // Begun but not reported: the new version whole, or the previous saved version whole.
          let count = stored.order.lines.count
          #expect(count == save.lineCount || count == save.previousLineCount, "a half-written edit")
          if count != save.lineCount { killedMidSave += 1 }
        } else {
          #expect(save.previousLineCount == nil, "a saved order vanished")
          killedMidSave += 1
          #expect(jobs.isEmpty)
          #expect(try store.auditEntries(orderID: save.orderID).isEmpty)
        }
      }
    }
    // Not every kill lands inside a transaction, but with long saves most should.
    #expect(killedMidSave > 0, "no kill landed inside a save; the test proved nothing")
  }

  @Test func twoProcessesSavingAtOnce_shareTheFile_withoutLosingAnything() throws {
    let folder = try TemporaryDirectory()
    let path = folder.file("shared.sqlite")
    _ = try OrderStore.open(path: path)
    let writers = try (1...2).map { seed in
      try ChildProcess(
        BuiltProducts.path("farmacy-store-stress"), [path, "20", String(seed)], workingDirectory: folder)
    }
    for writer in writers {
      #expect(writer.waitForOutput(containing: "ready"))
    }
    // Let both write until each has completed at least 30 saves, interleaved on one file.
    let deadline = ContinuousClock.now + .seconds(60)
    func saves(_ writer: ChildProcess) -> Int { writer.standardOutputSoFar.components(separatedBy: "\nsaved ").count - 1 }
    while writers.contains(where: { saves($0) < 30 && $0.process.isRunning }), ContinuousClock.now < deadline {
      usleep(1_000)
    }
    for writer in writers { writer.kill(signal: SIGKILL) }
    let announced = writers.map { Self.parse($0.wait().standardOutput) }
    #expect(announced.allSatisfy { $0.filter { $0.jobID != nil }.count >= 30 })
    let store = try OrderStore.open(path: path)
    #expect(try store.integrityProblems().isEmpty)
    try Self.checkInvariants(store)
    for save in announced.joined() where save.jobID != nil {
      #expect(try store.outboxJobs(orderID: save.orderID).contains { $0.id == save.jobID })
    }
    let references = try store.read { db in
      try String.fetchAll(db, sql: "SELECT local_reference FROM purchase_order WHERE local_reference IS NOT NULL")
    }
    #expect(Set(references).count == references.count, "two processes were given the same local reference")
  }

  struct AnnouncedSave {
    var orderID: UUID
    var lineCount: Int
    /// The line count of the last completed save of the same order, for an edit.
    var previousLineCount: Int?
    var jobID: Int64?
  }

  /// The saves announced by the stress process, with job ids for those reported as done.
  static func parse(_ output: String) -> [AnnouncedSave] {
    var saves: [AnnouncedSave] = []
    for line in output.split(separator: "\n") {
      let parts = line.split(separator: " ")
      guard parts.count == 3, let id = UUID(uuidString: String(parts[1])) else { continue }
      if parts[0] == "begin", let count = Int(parts[2]) {
        let previous = saves.last { $0.orderID == id && $0.jobID != nil }?.lineCount
        saves.append(AnnouncedSave(orderID: id, lineCount: count, previousLineCount: previous))
      } else if parts[0] == "saved", let job = Int64(parts[2]), let index = saves.lastIndex(where: { $0.orderID == id }) {
        saves[index].jobID = job
      }
    }
    return saves
  }

  /// What must hold in any database after any crash.
  static func checkInvariants(_ store: OrderStore) throws {
    try store.read { db in
      let orphanOrders = try Int.fetchOne(
        db,
        sql: """
          SELECT count(*) FROM purchase_order o WHERE o.sync_status <> 'synced' AND (
            NOT EXISTS (SELECT 1 FROM outbox_job j WHERE j.order_id = o.id AND j.revision = o.revision)
            OR NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.order_id = o.id))
          """)
      #expect(orphanOrders == 0, "an order without its job or audit row")
      let badCounts = try Int.fetchOne(
        db,
        sql: """
          SELECT count(*) FROM purchase_order o
          WHERE o.line_count <> (SELECT count(*) FROM order_line l WHERE l.order_id = o.id)
            OR o.amount_untaxed_minor <> (SELECT ifnull(sum(subtotal_minor), 0) FROM order_line l WHERE l.order_id = o.id)
          """)
      #expect(badCounts == 0, "an order whose lines do not match its header")
      let searchGaps = try Int.fetchOne(
        db, sql: "SELECT count(*) FROM purchase_order o WHERE NOT EXISTS (SELECT 1 FROM order_search s WHERE s.rowid = o.id)")
      #expect(searchGaps == 0)
    }
  }
}
