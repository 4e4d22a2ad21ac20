import Foundation
import GRDB

/// A problem with the database file, told in one sentence with the path and what to do.
///
/// Every GRDB or SQLite error that reaches the edge of the store is mapped to one of these codes,
/// so the command line can print one clear message and exit with a fixed status, and the TUI can
/// show it before the screen comes up.
package struct StoreError: Error, Sendable, CustomStringConvertible {
  package enum Code: String, Sendable, Equatable {
    /// The folder that should hold the database does not exist.
    case missingDirectory = "missing_directory"
    /// The file or its folder cannot be written (permissions, read-only mount).
    case readOnly = "read_only"
    /// Another process holds a lock for longer than the busy timeout.
    case locked
    /// The file is not a SQLite database, or its pages are damaged.
    case corrupt
    /// The database was written by a newer Farmacy with migrations this one does not know.
    case newerSchema = "newer_schema"
    /// The disk is full.
    case diskFull = "disk_full"
    /// The file could not be opened for another reason, or an I/O error occurred.
    case io
    /// A record the caller named does not exist.
    case notFound = "not_found"
    /// A write would break a rule of the store (a duplicate, a missing vendor…).
    case constraint
  }

  package var code: Code
  /// The database file, for the message.
  package var path: String
  /// What SQLite or the store said, for logs and `--verbose`.
  package var detail: String

  package init(code: Code, path: String, detail: String = "") {
    self.code = code
    self.path = path
    self.detail = detail
  }

  package var description: String {
    switch code {
    case .missingDirectory:
      "cannot open the database \(path): its folder does not exist (create it, or choose another path with --db or FARMACY_DB)"
    case .readOnly:
      "cannot write the database \(path): the file or its folder is read-only (Farmacy needs write access to both for the WAL journal)"
    case .locked:
      "the database \(path) is locked by another process; try again when it has finished"
    case .corrupt:
      "the database \(path) is damaged or is not a Farmacy database (\(detail)); move it aside and run `farmacy demo seed` or sync again"
    case .newerSchema:
      "the database \(path) was written by a newer version of Farmacy; upgrade Farmacy to open it"
    case .diskFull:
      "cannot write the database \(path): the disk is full"
    case .io:
      "cannot use the database \(path): \(detail)"
    case .notFound:
      detail
    case .constraint:
      "the database \(path) refused the change: \(detail)"
    }
  }

  /// Maps any error thrown by GRDB or the file system to a ``StoreError``; other errors pass
  /// through unchanged.
  package static func wrap(_ error: any Error, path: String) -> any Error {
    if error is StoreError { return error }
    guard let databaseError = error as? DatabaseError else { return error }
    let detail = databaseError.message ?? "\(databaseError.resultCode)"
    switch databaseError.resultCode.primaryResultCode {
    case .SQLITE_CORRUPT, .SQLITE_NOTADB, .SQLITE_FORMAT:
      return StoreError(code: .corrupt, path: path, detail: detail)
    case .SQLITE_BUSY, .SQLITE_LOCKED:
      return StoreError(code: .locked, path: path, detail: detail)
    case .SQLITE_READONLY, .SQLITE_PERM:
      return StoreError(code: .readOnly, path: path, detail: detail)
    case .SQLITE_FULL:
      return StoreError(code: .diskFull, path: path, detail: detail)
    case .SQLITE_CONSTRAINT:
      return StoreError(code: .constraint, path: path, detail: detail)
    case .SQLITE_CANTOPEN:
      let folder = (path as NSString).deletingLastPathComponent
      if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
        return StoreError(code: .missingDirectory, path: path, detail: detail)
      }
      if !folder.isEmpty, access(folder, W_OK) != 0 {
        return StoreError(code: .readOnly, path: path, detail: detail)
      }
      return StoreError(code: .io, path: path, detail: detail)
    default:
      return StoreError(code: .io, path: path, detail: detail)
    }
  }
}
