import FarmacyDomain
import FarmacyTestSupport
import Foundation
import GRDB
import Testing

@testable import FarmacyStore

@Suite struct OrderStoreFileTests {
  @Test func newFile_isMigratedFromEmpty_inWALMode() throws {
    let folder = try TemporaryDirectory()
    let store = try OrderStore.open(path: folder.file("farmacy.sqlite"))
    #expect(try store.journalMode() == "wal")
    let tables = try store.read { db in
      try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    }
    for table in [
      "audit_log", "base_snapshot", "cache_entry", "catalogue_entry", "conflict", "order_line", "outbox_job",
      "product", "purchase_order", "reservation", "sync_cursor", "vendor",
    ] {
      #expect(tables.contains(table), "missing table \(table)")
    }
    #expect(try store.integrityProblems().isEmpty)
    // Opening again finds the schema current and changes nothing.
    let again = try OrderStore.open(path: folder.file("farmacy.sqlite"))
    #expect(try again.countOrders(OrderQuery()) == 0)
  }

  @Test func twoConnections_seeEachOthersCommits() throws {
    let folder = try TemporaryDirectory()
    let path = folder.file("shared.sqlite")
    let first = try OrderStore.seeded(orders: 3, path: path)
    let second = try OrderStore.open(path: path)
    #expect(try second.countOrders(OrderQuery()) == 3)
    let saved = try second.saveDraft()
    #expect(try first.order(id: saved.order.id)?.order.reference == "L00001")
    #expect(try first.saveDraft().order.reference == "L00002")
  }

  @Test func readers_doNotWaitForAnOpenWrite() throws {
    let folder = try TemporaryDirectory()
    let path = folder.file("wal.sqlite")
    let store = try OrderStore.seeded(orders: 3, path: path)
    let other = try DatabaseQueue(path: path)
    // Hold the write lock in another connection, as another process would mid-save.
    try other.inDatabase { db in
      try db.execute(sql: "BEGIN IMMEDIATE; INSERT INTO sync_cursor (name, updated_at_ms) VALUES ('x', 0)")
      #expect(try store.countOrders(OrderQuery()) == 3)
      try db.execute(sql: "ROLLBACK")
    }
  }

  @Test func writeLockedByAnotherProcess_failsClearly_afterTheBusyTimeout() throws {
    let folder = try TemporaryDirectory()
    let path = folder.file("locked.sqlite")
    _ = try OrderStore.seeded(orders: 0, path: path)
    let store = try OrderStore.open(path: path, options: .init(busyTimeout: .zero))
    let other = try DatabaseQueue(path: path)
    try other.inDatabase { db in
      try db.execute(sql: "BEGIN IMMEDIATE; INSERT INTO sync_cursor (name, updated_at_ms) VALUES ('x', 0)")
      do {
        try store.saveDraft()
        Issue.record("saved while another connection held the write lock")
      } catch let error as StoreError {
        #expect(error.code == .locked)
        #expect(error.description.contains("locked by another process"))
      }
      try db.execute(sql: "ROLLBACK")
    }
    try store.saveDraft()
  }

  @Test func missingFolder_isReported() throws {
    let folder = try TemporaryDirectory()
    let path = folder.file("no/such/folder/farmacy.sqlite")
    do {
      _ = try OrderStore.open(path: path)
      Issue.record("opened a database in a missing folder")
    } catch let error as StoreError {
      #expect(error.code == .missingDirectory)
      #expect(error.description.contains("folder does not exist"))
    }
    #expect(!FileManager.default.fileExists(atPath: folder.file("no")))
    _ = try OrderStore.open(path: path, options: .init(createsDirectory: true))
    #expect(FileManager.default.fileExists(atPath: path))
  }

  @Test(arguments: [
    Data("this is not a database, just text\n".utf8),
    Data(repeating: 0xFF, count: 8_192),
    Data("SQLite format 3\u{0}".utf8) + Data(repeating: 0x41, count: 4_096),
  ])
  func garbageFile_isReportedAsCorrupt(contents: Data) throws {
    let folder = try TemporaryDirectory()
    let path = folder.file("garbage.sqlite")
    try contents.write(to: URL(fileURLWithPath: path))
    do {
      let store = try OrderStore.open(path: path)
      _ = try store.countOrders(OrderQuery())
      Issue.record("opened a garbage file")
    } catch let error as StoreError {
      #expect(error.code == .corrupt)
      #expect(error.description.contains("damaged"))
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == contents, "the file must be left as it was")
  }

  @Test func damagedPages_areReportedAsCorrupt() throws {
    let folder = try TemporaryDirectory()
    let path = folder.file("damaged.sqlite")
    do {
      let store = try OrderStore.seeded(orders: 300, path: path)
      _ = try store.writer.writeWithoutTransaction { try $0.checkpoint(.truncate) }
    }
    // Overwrite pages in the middle of the file (past the schema on page 1).
    let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
    let size = try handle.seekToEnd()
    try handle.seek(toOffset: size / 2)
    try handle.write(contentsOf: Data(repeating: 0xA5, count: 64 * 1_024))
    try handle.close()
    do {
      let store = try OrderStore.open(path: path)
      let problems = try store.integrityProblems()
      _ = try store.listOrders(OrderQuery(search: "carprofen", limit: 10_000))
      _ = try store.listOrders(OrderQuery(sort: .total, limit: 10_000))
      #expect(!problems.isEmpty, "damage went unnoticed")
    } catch let error as StoreError {
      #expect(error.code == .corrupt)
    }
  }

  @Test func newerSchema_isRefused() throws {
    let folder = try TemporaryDirectory()
    let path = folder.file("future.sqlite")
    do {
      let store = try OrderStore.open(path: path)
      try store.writer.write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v99 from the future')") }
    }
    do {
      _ = try OrderStore.open(path: path)
      Issue.record("opened a database from a newer version")
    } catch let error as StoreError {
      #expect(error.code == .newerSchema)
    }
  }
}
