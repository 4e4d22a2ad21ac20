import ArgumentParser
import FarmacyDomain
import FarmacyStore
import Foundation

/// `farmacy orders list`
struct OrdersList: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list",
    abstract: "List orders, newest first, a page at a time.",
    discussion: """
      Sort fields: reference, vendor, date, arrival, state, total, sync. States: draft, sent, \
      to-approve, purchase, locked, cancelled (Odoo's names work too). --search matches every \
      word against the reference, vendor, vendor reference, origin and line products. Pass the \
      printed cursor to --after for the next page.
      """)

  @OptionGroup var global: GlobalOptions
  @Option(help: ArgumentHelp("Only orders in this state (repeatable).", valueName: "state")) var state: [String] = []
  @Option(help: ArgumentHelp("Only orders from this vendor (name or id).", valueName: "vendor")) var vendor: String?
  @Option(help: ArgumentHelp("Only orders with this sync status: synced, pending, conflict, failed.", valueName: "status"))
  var sync: [String] = []
  @Option(help: ArgumentHelp("Words to look for.", valueName: "text")) var search: String?
  @Option(help: ArgumentHelp("The column to sort by.", valueName: "field")) var sort = "date"
  @Flag(help: "Sort ascending (default: descending).") var ascending = false
  @Option(help: "How many orders per page (1–10000).") var limit = 50
  @Option(help: ArgumentHelp("Continue after this cursor.", valueName: "cursor")) var after: String?
  @Flag(help: "Print JSON.") var json = false

  func validate() throws {
    guard (1...10_000).contains(limit) else { throw ValidationError("--limit must be between 1 and 10000") }
    guard OrderQuery.SortField(userText: sort) != nil else {
      throw ValidationError("unknown sort field '\(sort)'; use reference, vendor, date, arrival, state, total or sync")
    }
    for text in state where OrderState(userText: text) == nil {
      throw ValidationError("unknown state '\(text)'; use draft, sent, to-approve, purchase, locked or cancelled")
    }
    for text in sync where SyncStatus(rawValue: text.lowercased()) == nil {
      throw ValidationError("unknown sync status '\(text)'; use synced, pending, conflict or failed")
    }
    if let after, PageCursor(token: after) == nil { throw ValidationError("--after is not a cursor printed by farmacy") }
  }

  func run() throws {
    try reportingFailures(json: json) {
      let store = try global.openStore()
      var query = OrderQuery(
        states: Set(state.compactMap(OrderState.init(userText:))),
        syncStatuses: Set(sync.compactMap { SyncStatus(rawValue: $0.lowercased()) }), search: search ?? "",
        sort: OrderQuery.SortField(userText: sort) ?? .dateOrder, descending: !ascending, limit: limit,
        after: after.flatMap(PageCursor.init(token:)))
      if let vendor { query.vendorID = try store.vendor(matching: vendor).id }
      let page = try store.listOrders(query)
      let totalCount = try store.countOrders(query)
      if json {
        Output.standardOutput(
          JSONOutput.encode(
            OrderListJSON(
              orders: page.orders.map(OrderSummaryJSON.init), count: page.orders.count, total_count: totalCount,
              next_cursor: page.nextCursor?.token)))
        return
      }
      guard !page.orders.isEmpty else {
        Output.standardOutput("No orders match.")
        return
      }
      var table = TextTable([
        .init(title: "Reference", maxWidth: 12), .init(title: "Vendor", maxWidth: 34), .init(title: "Ordered"),
        .init(title: "Arrival"), .init(title: "State", maxWidth: 14), .init(title: "Total", alignRight: true),
        .init(title: "Sync"),
      ])
      for order in page.orders {
        table.append([
          order.reference + (order.priority == .urgent ? " !" : ""), order.vendorName,
          OdooDateTime.formatDay(order.dateOrder), order.datePlanned.map(OdooDateTime.formatDay) ?? "",
          order.state.label, order.total.formatted(), order.syncStatus.rawValue,
        ])
      }
      Output.standardOutput(table.rendered)
      var footer = "\(page.orders.count) of \(totalCount) order(s)"
      if let next = page.nextCursor { footer += "; next page: --after \(next.token)" }
      Output.standardOutput(footer)
    }
  }
}
