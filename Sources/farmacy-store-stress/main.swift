import FarmacyDemoData
import FarmacyDomain
import FarmacyStore
import Foundation

// Saves orders into a database as fast as it can, forever, announcing each save before and
// after it happens:
//
//   begin <order uuid> <line count>
//   saved <order uuid> <job id>
//
// The crash-safety tests kill this process with SIGKILL at random moments and then check that
// every announced save is either wholly in the database or wholly absent.
//
// Usage: farmacy-store-stress DB_PATH [LINES_PER_ORDER] [SEED]

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
  FileHandle.standardError.write(Data("usage: farmacy-store-stress DB_PATH [LINES_PER_ORDER] [SEED]\n".utf8))
  exit(64)
}
let path = arguments[1]
let linesPerOrder = arguments.count > 2 ? Int(arguments[2]) ?? 100 : 100
let seed = arguments.count > 3 ? UInt64(arguments[3]) ?? 1 : 1

func say(_ text: String) { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }

do {
  let store = try OrderStore.open(path: path)
  let catalogue = DemoCatalogue(seed: 42)
  try store.upsertCatalogue(vendors: catalogue.vendors, products: catalogue.products, entries: catalogue.catalogue)
  var random = SeededGenerator(seed: seed)
  var previous: PurchaseOrder?
  say("ready")
  while true {
    let now = Date()
    var order: PurchaseOrder
    if let last = previous, random.int(3) == 0 {
      // Edit the previous order: new quantities on every line, one more line.
      order = last
      for index in order.lines.indices { order.lines[index].quantity = Quantity(units: 1 + random.int(50)) }
      let product = catalogue.products[random.int(catalogue.products.count)]
      order.lines.append(OrderLine(product: product, quantity: 3, catalogueEntry: nil, now: now))
    } else {
      let vendor = catalogue.vendors[random.int(catalogue.vendors.count)]
      order = PurchaseOrder(vendorID: vendor.id, vendorName: vendor.name, currency: vendor.currency, dateOrder: now)
      for _ in 0..<linesPerOrder {
        let product = catalogue.products[random.int(catalogue.products.count)]
        order.lines.append(
          OrderLine(product: product, quantity: Quantity(units: 1 + random.int(20)), catalogueEntry: nil, now: now))
      }
    }
    say("begin \(order.id.uuidString.lowercased()) \(order.lines.count)")
    let saved = try store.saveOrder(order, actor: "stress", now: now)
    say("saved \(order.id.uuidString.lowercased()) \(saved.jobID)")
    previous = saved.order
  }
} catch {
  FileHandle.standardError.write(Data("farmacy-store-stress: \(error)\n".utf8))
  exit(1)
}
