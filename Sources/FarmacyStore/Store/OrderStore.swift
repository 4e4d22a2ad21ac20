import FarmacyDomain
import Foundation
import GRDB

/// Farmacy's local database: the catalogue, the orders, and the bookkeeping of sync (outbox,
/// base snapshots, conflicts, audit trail, cache, cursors, reservations).
///
/// Everything that changes an order goes through this type, so that the order, its outbox job
/// and its audit row are always written in one transaction. The store wraps a GRDB
/// `DatabasePool` over a SQLite file in WAL mode, so several processes may read and write the
/// same file; readers never wait for a writer.
///
/// `OrderStore` is a value holding a thread-safe GRDB writer, so it is `Sendable` and cheap to
/// copy. Its methods are synchronous and may block for a query or for the busy timeout; call
/// them off the UI thread.
package struct OrderStore: Sendable {
  /// How to open a database.
  package struct Options: Sendable {
    /// How long a write waits for another process's write lock before failing with
    /// ``StoreError/Code/locked``.
    package var busyTimeout: Duration = .seconds(5)
    /// Whether to create the folder of the database file when it is missing. The default path
    /// gets its folder created; a path a person typed does not.
    package var createsDirectory = false
    /// The page cache ceiling of each reading connection, in KiB (SQLite's own default is
    /// 2,048). A reader keeps what it cached until it closes, and a pool may hold several, so a
    /// long-lived process that scans (a search over every order) keeps up to this much per
    /// reader resident.
    package var readerCacheKiB = 16_384
    /// The page cache ceiling of the writing connection, in KiB. Bulk writes (imports, pulls)
    /// spill less with a large one.
    package var writerCacheKiB = 65_536
    package init(
      busyTimeout: Duration = .seconds(5), createsDirectory: Bool = false, readerCacheKiB: Int = 16_384,
      writerCacheKiB: Int = 65_536
    ) {
      self.busyTimeout = busyTimeout
      self.createsDirectory = createsDirectory
      self.readerCacheKiB = readerCacheKiB
      self.writerCacheKiB = writerCacheKiB
    }

    /// For the full-screen app, which stays open all day beside its sync engine: SQLite's
    /// default cache per reader and for the writer, so that paging through and searching
    /// 100,000 orders, or pushing 10,000, keeps the process small. The engine's writes there
    /// are small transactions (a batch of jobs at a time); a bulk first pull spills more.
    package static func interactive(busyTimeout: Duration = .seconds(5), createsDirectory: Bool = false) -> Options {
      Options(
        busyTimeout: busyTimeout, createsDirectory: createsDirectory, readerCacheKiB: 2_048, writerCacheKiB: 2_048)
    }
  }

  let writer: any DatabaseWriter
  /// The database file, or `:memory:`.
  package let path: String
  /// Set when the file was opened for reading because another process held the write lock.
  let isReadOnlyWhileLocked: Bool

  init(writer: any DatabaseWriter, path: String, isReadOnlyWhileLocked: Bool = false) {
    self.writer = writer
    self.path = path
    self.isReadOnlyWhileLocked = isReadOnlyWhileLocked
  }

  /// Opens (creating if needed) the database at `path` and brings its schema up to date.
  ///
  /// - Throws: ``StoreError`` when the folder is missing, the file is read-only, locked, damaged,
  ///   or was written by a newer Farmacy.
  package static func open(path: String, options: Options = Options()) throws -> OrderStore {
    let folder = (path as NSString).deletingLastPathComponent
    if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
      if options.createsDirectory {
        do {
          try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
          throw StoreError(code: .missingDirectory, path: path, detail: "\(error)")
        }
      } else {
        throw StoreError(code: .missingDirectory, path: path)
      }
    }
    if FileManager.default.fileExists(atPath: path), access(path, W_OK) != 0 {
      throw StoreError(code: .readOnly, path: path)
    }
    if access(folder.isEmpty ? "." : folder, W_OK) != 0 {
      throw StoreError(code: .readOnly, path: path)
    }
    do {
      let pool = try DatabasePool(path: path, configuration: configuration(options))
      let store = OrderStore(writer: pool, path: path)
      try store.migrate()
      return store
    } catch {
      let wrapped = StoreError.wrap(error, path: path)
      guard (wrapped as? StoreError)?.code == .locked, FileManager.default.fileExists(atPath: path + "-wal") else {
        throw wrapped
      }
    }
    // Opening a pool writes once when the WAL file is empty, which waits for another process's
    // long write. Reading needs no lock in WAL mode, so open for reading only; writes through
    // this store then report the lock instead of waiting again.
    do {
      var readOnly = configuration(options)
      readOnly.readonly = true
      let pool = try DatabasePool(path: path, configuration: readOnly)
      let store = OrderStore(writer: pool, path: path, isReadOnlyWhileLocked: true)
      try store.migrate()
      return store
    } catch {
      throw StoreError.wrap(error, path: path)
    }
  }

  /// An empty store in memory, for tests and previews.
  package static func inMemory() throws -> OrderStore {
    let queue = try DatabaseQueue(configuration: configuration(Options()))
    let store = OrderStore(writer: queue, path: ":memory:")
    try store.migrate()
    return store
  }

  private static func configuration(_ options: Options) -> Configuration {
    var configuration = Configuration()
    configuration.busyMode = .timeout(TimeInterval(options.busyTimeout.components.seconds))
    configuration.foreignKeysEnabled = true
    configuration.label = "farmacy"
    configuration.prepareDatabase { db in
      // With WAL, NORMAL loses no committed transaction on a process crash, only possibly the
      // last ones on a power loss, and it avoids an fsync per commit.
      try db.execute(sql: "PRAGMA synchronous = NORMAL")
      // SQLite's default page cache is 2 MB. A writer that outgrows it spills dirty pages to
      // the WAL and writes them again later; readers re-read index pages. The cache only grows
      // as pages are used, so these are ceilings, not allocations.
      let cacheKiB = db.configuration.readonly ? options.readerCacheKiB : options.writerCacheKiB
      try db.execute(sql: "PRAGMA cache_size = -\(cacheKiB)")
    }
    return configuration
  }

  private func migrate() throws {
    let migrator = StoreMigrations.migrator
    let (superseded, complete) = try writer.read { db in
      (try migrator.hasBeenSuperseded(db), try migrator.hasCompletedMigrations(db))
    }
    if superseded {
      throw StoreError(code: .newerSchema, path: path)
    }
    // Migrating takes the write lock; a current schema must not, so that reading works while
    // another process is writing.
    if !complete {
      if isReadOnlyWhileLocked { throw StoreError(code: .locked, path: path) }
      try migrator.migrate(writer)
    }
  }

  /// The journal mode in force (`wal` for files).
  package func journalMode() throws -> String {
    try read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
  }

  /// Runs SQLite's own consistency check; returns its findings, empty when the file is sound.
  package func integrityProblems() throws -> [String] {
    try read { db in
      let rows = try String.fetchAll(db, sql: "PRAGMA integrity_check")
      return rows == ["ok"] ? [] : rows
    }
  }

  // MARK: - Database access

  /// Reads in a snapshot, mapping database errors to ``StoreError``.
  func read<T>(_ body: (Database) throws -> T) throws -> T {
    do {
      return try writer.read(body)
    } catch {
      throw StoreError.wrap(error, path: path)
    }
  }

  /// Writes in one immediate transaction, mapping database errors to ``StoreError``; domain
  /// errors thrown by `body` roll the transaction back and pass through unchanged.
  func write<T>(_ body: (Database) throws -> T) throws -> T {
    if isReadOnlyWhileLocked { throw StoreError(code: .locked, path: path) }
    do {
      return try writer.write(body)
    } catch {
      throw StoreError.wrap(error, path: path)
    }
  }
}
