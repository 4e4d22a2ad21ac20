import ArgumentParser
import FarmacyDomain
import FarmacyStore
import Foundation

/// `farmacy orders edit REF --set FIELD=VALUE --add-line … --remove-line N --set-line N:FIELD=VALUE`
struct OrdersEdit: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "edit",
    abstract: "Change an order's fields or lines and queue the change for Odoo.",
    discussion: """
      Header fields for --set: vendor, vendor_reference, origin, notes, date_order, \
      date_planned, priority. Line fields for --set-line N:FIELD=VALUE: quantity, price, \
      discount, date_planned, description. Lines are numbered from 1 as `orders show` prints \
      them; --set-line and --remove-line use those numbers, then --add-line appends. Lines of a \
      confirmed order cannot be removed; locked and cancelled orders cannot be edited.
      """)

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The order's reference or id.") var reference: String
  @Option(name: .customLong("set"), help: ArgumentHelp("Set a header field (repeatable).", valueName: "field=value"))
  var assignments: [String] = []
  @Option(name: .customLong("add-line"), help: ArgumentHelp("Add a line CODE:QTY[@PRICE] (repeatable).", valueName: "line"))
  var addedLines: [String] = []
  @Option(name: .customLong("remove-line"), help: ArgumentHelp("Remove line N (repeatable).", valueName: "n"))
  var removedLines: [Int] = []
  @Option(
    name: .customLong("set-line"), help: ArgumentHelp("Set a line field, N:FIELD=VALUE (repeatable).", valueName: "n:field=value"))
  var lineAssignments: [String] = []
  @Flag(help: "Print JSON.") var json = false

  func validate() throws {
    if assignments.isEmpty && addedLines.isEmpty && removedLines.isEmpty && lineAssignments.isEmpty {
      throw ValidationError("nothing to change: give --set, --add-line, --remove-line or --set-line")
    }
  }

  func run() throws {
    try reportingFailures(json: json) {
      let store = try global.openStore()
      let now = Date()
      let stored = try store.findOrder(reference)
      var order = stored.order
      let builder = OrderBuilder(store: store, now: now)
      for assignment in assignments {
        let (field, value) = try FieldParsing.assignment(assignment, option: "--set")
        try builder.set(field, to: value, on: &order)
      }
      for text in lineAssignments {
        guard let colon = text.firstIndex(of: ":"), let number = Int(text[..<colon]) else {
          throw CommandFailure.invalid("--set-line \"\(text)\": expected N:FIELD=VALUE")
        }
        let (field, value) = try FieldParsing.assignment(String(text[text.index(after: colon)...]), option: "--set-line")
        try builder.setLine(number, field, to: value, on: &order)
      }
      for number in Set(removedLines).sorted(by: >) {
        guard order.lines.indices.contains(number - 1) else {
          throw CommandFailure.invalid("--remove-line \(number): the order has \(stored.order.lines.count) line(s)")
        }
        order.lines.remove(at: number - 1)
      }
      for text in addedLines {
        order.lines.append(try builder.line(try LineSpec.parse(text), for: order, number: order.lines.count + 1))
      }
      let saved = try store.saveOrder(order, editedFrom: stored.order, actor: global.actorName, now: now)
      try OrderChangeReport.print(saved, store: store, json: json, verb: "Saved")
    }
  }
}
