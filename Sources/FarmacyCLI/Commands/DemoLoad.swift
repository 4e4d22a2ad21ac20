import ArgumentParser
import FarmacyDemoData
import FarmacyDomain
import FarmacyStore
import Foundation

extension DemoCommand {
  /// `farmacy demo load`: local work for soak tests and benchmarks — new orders and edits.
  struct Load: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Create new local orders and edit local ones, as a busy desk would (for soak tests).",
      discussion: """
        Creates --orders new draft orders with --lines lines each from the vendors' catalogues, \
        then makes --edits edits (quantity, price, notes, an added or removed line) to orders \
        created here. The same --seed gives the same work. Needs a catalogue (pull one with \
        `farmacy sync`, or `farmacy demo seed`).
        """,
      shouldDisplay: false)

    @OptionGroup var global: GlobalOptions
    @Option(help: "New orders to create.") var orders = 100
    @Option(help: "Lines per new order.") var lines = 5
    @Option(help: "Edits to make to local orders.") var edits = 0
    @Option(help: "The random seed.") var seed: UInt64 = 1
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
      try reportingFailures(json: json) {
        let store = try global.openStore()
        var random = SeededGenerator(seed: seed)
        let vendors = try store.vendors().filter { $0.odooID != nil }
        var offers: [(Vendor, [CatalogueEntry])] = []
        for vendor in vendors {
          let entries = try store.catalogue(vendorID: vendor.id)
          if entries.count >= lines { offers.append((vendor, entries)) }
        }
        guard !offers.isEmpty else {
          throw CommandFailure(status: .notFound, code: "no_catalogue", message: "no vendor catalogue here yet; run `farmacy sync` first")
        }
        let products = Dictionary(try store.products().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var created: [UUID] = []
        let now = Date()
        for _ in 0..<orders {
          let (vendor, entries) = offers[random.int(offers.count)]
          var order = PurchaseOrder(
            id: .timeOrdered(), reference: "", vendorID: vendor.id, vendorName: vendor.name, state: .draft, currency: vendor.currency,
            dateOrder: now, lines: [])
          var used = Set<Product.ID>()
          while order.lines.count < lines {
            let entry = entries[random.int(entries.count)]
            guard !used.contains(entry.productID), let product = products[entry.productID] else { continue }
            used.insert(entry.productID)
            var line = OrderLine(
              product: product, quantity: Quantity(thousandths: Int64(1 + random.int(40)) * 1_000), catalogueEntry: entry, now: now)
            line.sequence = 10 * (order.lines.count + 1)
            order.lines.append(line)
          }
          created.append(try store.saveOrder(order, actor: global.actorName, now: Date()).order.id)
        }
        var editable = created
        if editable.isEmpty {
          editable = try store.listOrders(OrderQuery(syncStatuses: [], limit: 500)).orders.filter { $0.state == .draft }.map(\.id)
        }
        var edited = 0
        for _ in 0..<edits where !editable.isEmpty {
          let id = editable[random.int(editable.count)]
          guard var order = try store.order(id: id)?.order, order.state == .draft || order.state == .sent else { continue }
          switch random.int(4) {
          case 0:
            let index = random.int(order.lines.count)
            order.lines[index].quantity = Quantity(thousandths: order.lines[index].quantity.thousandths + 1_000)
          case 1:
            let index = random.int(order.lines.count)
            order.lines[index].unitPriceMinor += Int64(1 + random.int(99))
          case 2:
            order.notes = "Edit \(edited + 1): deliver before \(OdooDateTime.formatDay(now.addingTimeInterval(86_400 * 3)))"
          default:
            if order.lines.count > 1 {
              order.lines.removeLast()
            } else {
              order.lines[0].quantity = Quantity(thousandths: order.lines[0].quantity.thousandths + 2_000)
            }
          }
          do {
            try store.saveOrder(order, actor: global.actorName, now: Date())
            edited += 1
          } catch is OrderValidationError {
            continue
          }
        }
        if json {
          Output.standardOutput(JSONOutput.encode(["created": created.count, "edited": edited]))
        } else {
          Output.standardOutput("created \(created.count) order(s), made \(edited) edit(s)")
        }
      }
    }
  }
}
