import ArgumentParser

/// `farmacy`: the purchasing desk of a veterinary pharmacy, at the terminal.
public struct FarmacyCommand: ParsableCommand {
  public init() {}

  public static let configuration = CommandConfiguration(
    commandName: "farmacy",
    abstract: "Purchase orders for a veterinary pharmacy, in step with Odoo.",
    discussion: """
      Run without a subcommand to open the full-screen app (`farmacy tui`); without an Odoo \
      configuration it opens a demo with a simulated Odoo.

      Farmacy keeps purchase orders in a local SQLite database that stays usable while Odoo is \
      unreachable. Every edit is saved together with an outbox job that the sync engine pushes \
      to Odoo.

      The database is --db PATH, else $FARMACY_DB, else $XDG_DATA_HOME/farmacy/farmacy.sqlite \
      (~/.local/share/farmacy/farmacy.sqlite).

      Exit status: 0 success, 64 usage error, 65 invalid input (a broken rule), 66 no such \
      order, vendor or product, 69 the step is not allowed in the order's state, 73 the \
      database cannot be created or written, 74 the database is damaged, 75 the database is \
      locked (try again), 70 internal error.
      """,
    version: FarmacyVersion.current,
    subcommands: [
      TUICommand.self, OrdersCommand.self, SyncRunCommand.self, StatusCommand.self, QueueCommand.self,
      ConflictsCommand.self, AuditCommand.self, DemoCommand.self, DatabaseCommand.self, OdooCommand.self,
    ],
    defaultSubcommand: TUICommand.self
  )
}

/// The version printed by `farmacy --version`.
enum FarmacyVersion {
  static let current = "0.1.0"
}
