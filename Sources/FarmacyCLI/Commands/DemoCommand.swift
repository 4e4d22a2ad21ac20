import ArgumentParser
import FarmacyDemoData
import FarmacyDomain
import FarmacyStore
import Foundation

/// `farmacy demo`: a believable veterinary pharmacy to try Farmacy on.
struct DemoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "demo", abstract: "Work with the demo pharmacy's data.", subcommands: [Seed.self, Load.self])

  struct Seed: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Fill the database with the demo pharmacy: vendors, products, catalogues and orders.",
      discussion: """
        The data is the same for the same --seed, --orders and day, so a local database and a \
        simulated Odoo seeded alike hold the same orders. Orders are stored as already in \
        step with Odoo (references P00001…). A database that already holds orders is left \
        alone unless --reset is given.
        """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "How many orders to generate.") var orders = 2_000
    @Option(help: "The random seed; the same seed gives the same data.") var seed: UInt64 = 42
    @Option(
      help: ArgumentHelp("The demo's today (YYYY-MM-DD, UTC); orders are dated before it.", visibility: .hidden))
    var today: String?
    @Flag(help: "Delete the database file first and start afresh.") var reset = false
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
      guard (0...1_000_000).contains(orders) else { throw ValidationError("--orders must be between 0 and 1000000") }
      if let today, OdooDateTime.parse(today) == nil { throw ValidationError("--today must be a date YYYY-MM-DD") }
    }

    func run() throws {
      try reportingFailures(json: json) {
        let started = ContinuousClock.now
        let location = global.location
        if reset {
          for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: location.path + suffix) {
            try FileManager.default.removeItem(atPath: location.path + suffix)
          }
        }
        let store = try global.openStore()
        let existing = try store.countOrders(OrderQuery())
        guard existing == 0 else {
          throw CommandFailure(
            status: .invalidInput, code: "not_empty",
            message: "the database \(location.path) already holds \(existing) orders; add --reset to replace it")
        }
        let now = Date()
        let anchor = today.flatMap(OdooDateTime.parse) ?? Self.startOfDay(now)
        let generator = DemoDataGenerator(seed: seed, count: orders, anchor: anchor)
        let catalogue = generator.catalogue
        try store.upsertCatalogue(vendors: catalogue.vendors, products: catalogue.products, entries: catalogue.catalogue)
        let written = try store.importSyncedOrders(
          generator.orders, actor: global.actorName, reason: "demo seed \(seed)", now: now)
        let elapsed = ContinuousClock.now - started
        if json {
          struct Report: Encodable {
            var path: String
            var vendors: Int
            var products: Int
            var catalogue_entries: Int
            var orders: Int
            var seed: UInt64
            var seconds: Double
          }
          Output.standardOutput(
            JSONOutput.encode(
              Report(
                path: location.path, vendors: catalogue.vendors.count, products: catalogue.products.count,
                catalogue_entries: catalogue.catalogue.count, orders: written, seed: seed,
                seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)))
        } else {
          let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
          Output.standardOutput(
            "Seeded \(catalogue.vendors.count) vendors, \(catalogue.products.count) products, "
              + "\(catalogue.catalogue.count) catalogue entries and \(written) orders into "
              + "\(TerminalText.safe(location.path)) in \(String(format: "%.1f", seconds)) s.")
        }
      }
    }

    static func startOfDay(_ date: Date) -> Date {
      Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400)
    }
  }
}
