import OdooSimulator

// Prints the simulator's own service time per call (see ServiceTime). Build in release for
// numbers worth comparing: swift build -c release --product odoo-sim-service-time
let arguments = CommandLine.arguments
let iterations = arguments.count > 1 ? Int(arguments[1]) ?? 200 : 200
let orders = arguments.count > 2 ? Int(arguments[2]) ?? 2_000 : 2_000
print("odoo-sim service time, in-process, demo database of \(orders) orders")
for measurement in await ServiceTime.measure(orders: orders, iterations: iterations) {
  print("  \(measurement)")
}
