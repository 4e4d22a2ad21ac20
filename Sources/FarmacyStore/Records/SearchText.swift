import FarmacyDomain
import Foundation

/// What the search index holds for an order: its references, vendor, and every line's product
/// code and description, plus an accent-free copy so that `leman` finds "Léman".
enum SearchText {
  static func of(_ order: PurchaseOrder, localReference: String?) -> String {
    var parts = [order.reference, order.vendorName]
    if let localReference, localReference != order.reference { parts.append(localReference) }
    if !order.vendorReference.isEmpty { parts.append(order.vendorReference) }
    if !order.origin.isEmpty { parts.append(order.origin) }
    for line in order.lines {
      parts.append(line.productCode)
      parts.append(line.description)
    }
    let text = parts.joined(separator: " \u{1F} ")
    let folded = text.folding(options: [.diacriticInsensitive], locale: nil)
    return folded == text ? text : text + " \u{1F} " + folded
  }
}
