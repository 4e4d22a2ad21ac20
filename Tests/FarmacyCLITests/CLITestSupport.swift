import FarmacyTestSupport
import Foundation
import Testing

/// Runs the built `farmacy` binary against a database in a temporary folder.
struct Farmacy {
  let folder: TemporaryDirectory
  var database: String

  init(seedOrders: Int? = nil) throws {
    folder = try TemporaryDirectory("farmacy-cli")
    database = folder.file("farmacy.sqlite")
    if let seedOrders {
      let result = try run("demo", "seed", "--orders", String(seedOrders), "--today", "2026-03-14")
      #expect(result.status == 0, "seed failed: \(result.standardError)")
    }
  }

  /// Runs `farmacy ARGS --db <database>` with a controlled environment.
  @discardableResult
  func run(_ arguments: String..., environment: [String: String] = [:]) throws -> ProcessResult {
    try runArguments(arguments, environment: environment)
  }

  func runArguments(_ arguments: [String], environment: [String: String] = [:], useDatabaseOption: Bool = true) throws
    -> ProcessResult
  {
    var env = ["USER": "cli-tester", "LANG": "C.UTF-8", "FARMACY_DB": ""]
    for (key, value) in environment { env[key] = value }
    return try ChildProcess.run(
      BuiltProducts.path("farmacy"), arguments + (useDatabaseOption ? ["--db", database] : []), environment: env,
      in: folder)
  }

  /// Parses the standard output as a JSON object.
  static func json(_ result: ProcessResult, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))
    return try #require(object as? [String: Any], sourceLocation: sourceLocation)
  }

  static func jsonError(_ result: ProcessResult) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(result.standardError.utf8))
    let root = try #require(object as? [String: Any])
    return try #require(root["error"] as? [String: Any])
  }
}
