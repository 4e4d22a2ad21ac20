import FarmacyDomain
import Foundation

/// What the search index holds for an order: its references, vendor, origin and every line's
/// product code and description, folded so that `leman` finds "Léman".
///
/// The index is case-insensitive by itself (trigram tokenizer); accents are removed here, on the
/// way in and on the query words, because SQLite's trigram tokenizer cannot do it.
enum SearchText {
  static func of(_ order: PurchaseOrder, localReference: String?) -> String {
    var text = order.reference
    func add(_ part: String) {
      guard !part.isEmpty else { return }
      text += " \u{1F} "
      text += part
    }
    add(order.vendorName)
    if let localReference, localReference != order.reference { add(localReference) }
    add(order.vendorReference)
    add(order.origin)
    for line in order.lines {
      // Descriptions usually start with "[CODE]"; index the code once.
      if line.description.utf8.firstRange(of: line.productCode.utf8) == nil { add(line.productCode) }
      add(line.description)
    }
    return fold(text)
  }

  /// Removes diacritics; plain ASCII (most text) is returned as it is, without the cost of a
  /// Foundation transform.
  static func fold(_ text: String) -> String {
    if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
    return text.folding(options: [.diacriticInsensitive], locale: nil)
  }
}
