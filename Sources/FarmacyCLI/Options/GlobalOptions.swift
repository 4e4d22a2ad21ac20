import ArgumentParser
import FarmacyStore
import Foundation

/// Options every command that touches the database accepts.
struct GlobalOptions: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      "The database file (default: $FARMACY_DB, else $XDG_DATA_HOME/farmacy/farmacy.sqlite).", valueName: "path"))
  var db: String?

  @Option(name: .long, help: ArgumentHelp("Seconds to wait for another process's write lock.", valueName: "seconds"))
  var busyTimeout: Int = 5

  @Option(name: .long, help: ArgumentHelp("Who to record in the audit trail (default: $USER).", valueName: "name"))
  var actor: String?

  /// The resolved database location.
  var location: DatabaseLocation {
    DatabaseLocation.resolve(explicit: db, environment: ProcessInfo.processInfo.environment)
  }

  var actorName: String {
    if let actor, !actor.isEmpty { return actor }
    return ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "farmacy"
  }

  /// Opens the store, creating the default folder when the path is the default one.
  /// `interactive` keeps SQLite's caches small, for the full-screen app that stays open all day.
  func openStore(interactive: Bool = false) throws -> OrderStore {
    let location = location
    let timeout = Duration.seconds(max(0, busyTimeout))
    return try OrderStore.open(
      path: location.path,
      options: interactive
        ? .interactive(busyTimeout: timeout, createsDirectory: location.isDefault)
        : OrderStore.Options(busyTimeout: timeout, createsDirectory: location.isDefault))
  }
}
