import ArgumentParser
import FarmacyDomain
import FarmacyStore
import Foundation

/// `farmacy orders show REF`
struct OrdersShow: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show", abstract: "Show one order with its lines and totals.")

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The order's reference (P00042 or L00007) or id.") var reference: String
  @Flag(help: "Print JSON.") var json = false

  func run() throws {
    try reportingFailures(json: json) {
      let store = try global.openStore()
      let stored = try store.findOrder(reference)
      if json {
        Output.standardOutput(JSONOutput.encode(OrderDetailJSON(stored)))
      } else {
        Output.standardOutput(OrderText.detail(stored))
      }
    }
  }
}

extension OrderStore {
  /// The order a person named, or a "not found" failure that says so.
  func findOrder(_ reference: String) throws -> StoredOrder {
    guard let stored = try order(reference: reference) else {
      throw CommandFailure.notFound("no order \"\(TerminalText.safe(reference))\"; `farmacy orders list --search` finds orders")
    }
    return stored
  }
}

/// The human-readable form of one order.
enum OrderText {
  static func detail(_ stored: StoredOrder) -> String {
    let order = stored.order
    let money = { (minor: Int64) in Money(minorUnits: minor, currency: order.currency).formatted() }
    var header: [(String, String)] = [
      ("Reference", order.reference + (stored.info.localReference.map { $0 == order.reference ? "" : " (was \($0))" } ?? "")),
      ("Vendor", order.vendorName),
      ("State", order.state.label + (order.priority == .urgent ? ", urgent" : "")),
      ("Ordered", OdooDateTime.format(order.dateOrder) + " UTC"),
      ("Arrival", order.effectiveDatePlanned.map { OdooDateTime.format($0) + " UTC" } ?? "—"),
    ]
    if let approved = order.dateApprove { header.append(("Confirmed", OdooDateTime.format(approved) + " UTC")) }
    if !order.vendorReference.isEmpty { header.append(("Vendor ref", order.vendorReference)) }
    if !order.origin.isEmpty { header.append(("Origin", order.origin)) }
    header.append(("Sync", "\(stored.info.syncStatus.rawValue) (revision \(stored.info.revision))"))
    if let odooID = order.odooID { header.append(("Odoo id", String(odooID))) }
    var text = header.map { TerminalText.pad($0.0, to: 11) + TerminalText.safe($0.1) }.joined(separator: "\n")

    var table = TextTable([
      .init(title: "#", alignRight: true), .init(title: "Product", maxWidth: 14),
      .init(title: "Description", maxWidth: 44), .init(title: "Qty", alignRight: true), .init(title: "Unit", maxWidth: 18),
      .init(title: "Price", alignRight: true), .init(title: "Disc.", alignRight: true),
      .init(title: "Subtotal", alignRight: true),
    ])
    for (index, line) in order.lines.enumerated() {
      table.append([
        String(index + 1), line.productCode + (line.isControlled ? " ℞" : ""), line.description,
        line.quantity.description, line.unit, money(line.unitPriceMinor),
        line.discount == .zero ? "" : line.discount.description, money(line.subtotalMinor),
      ])
    }
    text += "\n\n" + (order.lines.isEmpty ? "No lines." : table.rendered)
    let totals = order.totals
    text += "\n\n" + [
      ("Untaxed", totals.untaxed.formatted()), ("Tax", totals.tax.formatted()), ("Total", totals.total.formatted()),
    ].map { TerminalText.pad($0.0, to: 11) + $0.1 }.joined(separator: "\n")
    if !order.notes.isEmpty {
      text += "\n\nNotes\n" + TerminalText.safe(order.notes, keepNewlines: true)
    }
    if order.hasControlledLines { text += "\n\n℞ controlled substance" }
    let actions = order.availableActions()
    if !actions.isEmpty { text += "\n\nNext steps: " + actions.map(\.verb).joined(separator: ", ") }
    return text
  }
}
