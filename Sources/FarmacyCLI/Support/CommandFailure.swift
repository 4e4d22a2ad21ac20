import ArgumentParser
import FarmacyDomain
import OdooKit
import SyncEngine
import FarmacyStore
import Foundation

/// The exit statuses of `farmacy`, from sysexits(3), so scripts can tell failures apart.
enum ExitStatus: Int32 {
  case invalidInput = 65  // EX_DATAERR: a broken validation rule
  case notFound = 66  // EX_NOINPUT: no such order, vendor or product
  case notAllowed = 69  // EX_UNAVAILABLE: the workflow step does not apply now
  case internalError = 70  // EX_SOFTWARE
  case cannotWrite = 73  // EX_CANTCREAT: missing folder, read-only file
  case damaged = 74  // EX_IOERR: corrupt database, I/O error
  case tryAgain = 75  // EX_TEMPFAIL: locked database
}

/// A failure to report to a person: a message and an exit status.
struct CommandFailure: Error, CustomStringConvertible {
  var status: ExitStatus
  var code: String
  var message: String
  var issues: [ValidationIssue] = []

  var description: String { message }

  init(status: ExitStatus, code: String, message: String, issues: [ValidationIssue] = []) {
    self.status = status
    self.code = code
    self.message = message
    self.issues = issues
  }

  static func notFound(_ message: String) -> CommandFailure {
    CommandFailure(status: .notFound, code: "not_found", message: message)
  }

  static func invalid(_ message: String) -> CommandFailure {
    CommandFailure(status: .invalidInput, code: "invalid_input", message: message)
  }

  /// Classifies any error thrown by the store or the domain.
  init(_ error: any Error) {
    switch error {
    case let failure as CommandFailure:
      self = failure
    case let error as OrderValidationError:
      self.init(
        status: .invalidInput, code: "validation",
        message: error.issues.count == 1
          ? "invalid order: \(error.issues[0])" : "invalid order:\n" + error.issues.map { "  \($0)" }.joined(separator: "\n"),
        issues: error.issues)
    case let error as WorkflowError:
      self.init(
        status: error.code == .invalidOrder ? .invalidInput : .notAllowed, code: error.code.rawValue,
        message: error.description, issues: error.issues)
    case let error as StoreError:
      let status: ExitStatus =
        switch error.code {
        case .missingDirectory, .readOnly, .diskFull: .cannotWrite
        case .corrupt, .io, .newerSchema: .damaged
        case .locked: .tryAgain
        case .notFound: .notFound
        case .constraint: .invalidInput
        }
      self.init(status: status, code: error.code.rawValue, message: error.description)
    case let error as SyncError:
      let status: ExitStatus =
        switch error {
        case .engineBusy: .tryAgain
        case .notFound: .notFound
        case .invalid: .invalidInput
        default: .notAllowed
        }
      self.init(status: status, code: "sync", message: error.description)
    case let error as OdooError:
      self.init(status: .notAllowed, code: "odoo", message: error.description)
    case let error as ConcurrentEditError:
      self.init(status: .tryAgain, code: "concurrent_edit", message: error.description)
    default:
      self.init(status: .internalError, code: "internal", message: "unexpected error: \(error)")
    }
  }
}

/// Runs a command body, turning any failure into one message on stderr and an exit status.
///
/// With `json`, the message is a JSON object `{"error": {"code", "message", "issues"}}` so
/// that scripts can read it.
func reportingFailures(json: Bool, _ body: () throws -> Void) throws {
  do {
    try body()
  } catch let exit as ExitCode {
    throw exit
  } catch {
    let failure = CommandFailure(error)
    if json {
      let payload = ErrorJSON(
        error: .init(
          code: failure.code, message: failure.message,
          issues: failure.issues.map { .init(field: $0.field, rule: $0.rule.rawValue, message: $0.message) }))
      Output.standardError(JSONOutput.encode(payload))
    } else {
      Output.standardError("farmacy: " + TerminalText.safe(failure.message, keepNewlines: true))
    }
    throw ExitCode(failure.status.rawValue)
  }
}

struct ErrorJSON: Encodable {
  struct Body: Encodable {
    var code: String
    var message: String
    var issues: [Issue]
  }

  struct Issue: Encodable {
    var field: String
    var rule: String
    var message: String
  }

  var error: Body
}
