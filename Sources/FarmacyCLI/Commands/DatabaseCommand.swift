import ArgumentParser
import FarmacyStore
import Foundation

/// `farmacy db`: where the database is and whether it is sound.
struct DatabaseCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "db", abstract: "Inspect the local database.", subcommands: [Path.self, Check.self])

  struct Path: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the database file Farmacy uses.")
    @OptionGroup var global: GlobalOptions
    func run() throws { Output.standardOutput(global.location.path) }
  }

  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check the database: schema, journal mode, SQLite's integrity check, counts.")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
      try reportingFailures(json: json) {
        let store = try global.openStore()
        let problems = try store.integrityProblems()
        let journal = try store.journalMode()
        let counts = try store.orderCounts()
        let jobs = try store.outboxCounts()
        let orderCount = counts.byState.values.reduce(0, +)
        if json {
          struct Report: Encodable {
            var path: String
            var journal_mode: String
            var ok: Bool
            var problems: [String]
            var orders: Int
            var outbox: [String: Int]
          }
          Output.standardOutput(
            JSONOutput.encode(
              Report(
                path: store.path, journal_mode: journal, ok: problems.isEmpty, problems: problems, orders: orderCount,
                outbox: Dictionary(uniqueKeysWithValues: jobs.map { ($0.key.rawValue, $0.value) }))))
        } else {
          Output.standardOutput("database   \(TerminalText.safe(store.path))")
          Output.standardOutput("journal    \(journal)")
          Output.standardOutput("orders     \(orderCount)")
          Output.standardOutput(
            "outbox     " + OutboxJob.State.allCases.map { "\($0.rawValue) \(jobs[$0] ?? 0)" }.joined(separator: ", "))
          Output.standardOutput(problems.isEmpty ? "integrity  ok" : "integrity  FAILED")
          for problem in problems { Output.standardOutput("  " + TerminalText.safe(problem)) }
        }
        if !problems.isEmpty { throw ExitCode(ExitStatus.damaged.rawValue) }
      }
    }
  }
}
