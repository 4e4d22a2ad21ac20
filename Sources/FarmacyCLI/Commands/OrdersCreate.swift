import ArgumentParser
import FarmacyDomain
import FarmacyStore
import Foundation

/// `farmacy orders create --vendor V --line CODE:QTY[@PRICE] ...`
struct OrdersCreate: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "create",
    abstract: "Create a request for quotation and queue it for Odoo.",
    discussion: """
      Each --line is CODE:QTY or CODE:QTY@PRICE, e.g. --line TAB-00001:12 --line \
      VAC-00101:2@85.50. Without a price, the vendor's catalogue price for that quantity is used \
      (else the product's cost). The order gets a local reference (L00001) until Odoo names it.
      """)

  @OptionGroup var global: GlobalOptions
  @Option(help: ArgumentHelp("The vendor's name (or part of it) or id.", valueName: "vendor")) var vendor: String
  @Option(name: .customLong("line"), help: ArgumentHelp("A line, CODE:QTY[@PRICE] (repeatable).", valueName: "line"))
  var lines: [String] = []
  @Option(help: ArgumentHelp("Expected arrival, YYYY-MM-DD.", valueName: "date")) var datePlanned: String?
  @Option(help: "The vendor's reference for this order.") var vendorReference: String?
  @Option(help: "The source document.") var origin: String?
  @Option(help: "Terms and notes (\\n for a new line).") var notes: String?
  @Flag(help: "Mark the order urgent.") var urgent = false
  @Flag(help: "Print JSON.") var json = false

  func run() throws {
    try reportingFailures(json: json) {
      let store = try global.openStore()
      let now = Date()
      let builder = OrderBuilder(store: store, now: now)
      var order = try builder.newOrder(
        vendor: try store.vendor(matching: vendor), lines: lines, datePlanned: datePlanned,
        priority: urgent ? .urgent : .normal)
      if let vendorReference { order.vendorReference = vendorReference }
      if let origin { order.origin = origin }
      if let notes { try builder.set("notes", to: notes, on: &order) }
      let saved = try store.saveOrder(order, actor: global.actorName, now: now)
      try OrderChangeReport.print(saved, store: store, json: json, verb: "Created")
    }
  }
}

/// What mutating commands print: the order as stored and the job that will push it.
enum OrderChangeReport {
  static func print(_ saved: SavedOrder, store: OrderStore, json: Bool, verb: String) throws {
    let stored = StoredOrder(order: saved.order, info: saved.info)
    if json {
      Output.standardOutput(JSONOutput.encode(OrderChangeJSON(order: OrderDetailJSON(stored), job_id: saved.jobID)))
    } else {
      Output.standardOutput(
        "\(verb) \(saved.order.reference) (\(saved.order.state.label), \(saved.order.totals.total.formatted())); "
          + "queued for Odoo as job \(saved.jobID).")
    }
  }
}
