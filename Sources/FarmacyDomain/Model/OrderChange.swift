import Foundation

/// One field that differs between two versions of an order, with both values as text.
///
/// Used for the audit trail and for "what changed" summaries. Lines are named by product code
/// (`lines[TAB-00042].quantity`) so that a change reads the same whatever the line order.
package struct OrderChange: Hashable, Sendable, Codable {
  package var field: String
  package var old: String
  package var new: String

  package init(field: String, old: String, new: String) {
    self.field = field
    self.old = old
    self.new = new
  }

  /// The fields that differ from `old` to `new`, header fields first, then lines.
  package static func diff(from old: PurchaseOrder, to new: PurchaseOrder) -> [OrderChange] {
    var changes: [OrderChange] = []
    func compare(_ field: String, _ a: String, _ b: String) {
      if a != b { changes.append(OrderChange(field: field, old: a, new: b)) }
    }
    compare("vendor", old.vendorName, new.vendorName)
    compare("state", old.state.slug, new.state.slug)
    compare("priority", old.priority == .urgent ? "urgent" : "normal", new.priority == .urgent ? "urgent" : "normal")
    compare("currency", old.currency.rawValue, new.currency.rawValue)
    compare("date_order", text(old.dateOrder), text(new.dateOrder))
    compare("date_planned", text(old.datePlanned), text(new.datePlanned))
    compare("vendor_reference", old.vendorReference, new.vendorReference)
    compare("origin", old.origin, new.origin)
    compare("notes", old.notes, new.notes)

    let oldLines = Dictionary(old.lines.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    let newIDs = Set(new.lines.map(\.id))
    for line in new.lines {
      let name = "lines[\(line.productCode.isEmpty ? String(line.id.uuidString.prefix(8)) : line.productCode)]"
      guard let before = oldLines[line.id] else {
        changes.append(OrderChange(field: name, old: "", new: "\(line.quantity) × \(line.unitPriceMinor)"))
        continue
      }
      compare("\(name).product", before.productCode, line.productCode)
      compare("\(name).description", before.description, line.description)
      compare("\(name).quantity", before.quantity.description, line.quantity.description)
      compare("\(name).price", String(before.unitPriceMinor), String(line.unitPriceMinor))
      compare("\(name).discount", before.discount.description, line.discount.description)
      compare("\(name).tax", before.taxRate.description, line.taxRate.description)
      compare("\(name).date_planned", text(before.datePlanned), text(line.datePlanned))
      compare("\(name).sequence", String(before.sequence), String(line.sequence))
    }
    for line in old.lines where !newIDs.contains(line.id) {
      let name = "lines[\(line.productCode.isEmpty ? String(line.id.uuidString.prefix(8)) : line.productCode)]"
      changes.append(OrderChange(field: name, old: "\(line.quantity) × \(line.unitPriceMinor)", new: ""))
    }
    return changes
  }

  private static func text(_ date: Date?) -> String {
    guard let date else { return "" }
    return OdooDateTime.format(date)
  }
}
