import FarmacyDomain
import Foundation

/// Generates a believable order history for the demo pharmacy, deterministically.
///
/// Orders are spread over the two years before `anchor`, oldest first. Recent orders are mostly
/// quotations; older ones are confirmed, locked (received) or cancelled. Order `i` is a pure
/// function of `(seed, count, anchor, i)`, so generating 100,000 orders streams in constant
/// memory and any one order can be regenerated alone.
package struct DemoDataGenerator: Sendable {
  package let seed: UInt64
  package let count: Int
  /// The "today" of the demo: the newest orders are dated just before it.
  package let anchor: Date
  package let catalogue: DemoCatalogue
  private let offers: [Vendor.ID: [CatalogueEntry]]
  /// Every entry (all volume breaks) per vendor and product, keyed by `vendorID << 32 | productID`.
  private let entriesByPair: [Int64: [CatalogueEntry]]
  private let productsByID: [Product.ID: Product]
  private let vendorWeights: [(vendor: Vendor, cumulative: Int)]

  package init(seed: UInt64 = 42, count: Int, anchor: Date) {
    self.seed = seed
    self.count = count
    self.anchor = anchor
    catalogue = DemoCatalogue(seed: seed)
    offers = Dictionary(grouping: catalogue.catalogue.filter { $0.minQuantity == 0 }, by: \.vendorID)
    entriesByPair = Dictionary(grouping: catalogue.catalogue, by: { $0.vendorID << 32 | $0.productID })
    productsByID = Dictionary(uniqueKeysWithValues: catalogue.products.map { ($0.id, $0) })
    // Wholesalers get most orders; the manufacturers abroad get few.
    var total = 0
    vendorWeights = catalogue.vendors.map { vendor in
      let weight =
        switch vendor.kind {
        case .wholesaler: 10
        case .petFood: 6
        case .compoundingLab: 4
        case .manufacturer: 2
        case .other: 1
        }
      total += weight
      return (vendor, total)
    }
  }

  /// All orders, oldest first, produced lazily.
  package var orders: some Sequence<PurchaseOrder> { (0..<count).lazy.map { order(at: $0) } }

  /// The `index`-th order (0-based). Its Odoo id is `index + 1` and its reference `P` + id.
  package func order(at index: Int) -> PurchaseOrder {
    var random = SeededGenerator.forItem(index, seed: seed, stream: 1)
    let vendor = pickVendor(&random)
    let span = 730.0 * 86_400
    let age = span * Double(count - index) / Double(max(count, 1)) - Double(random.int(3_600))
    let dateOrder = Self.wholeSeconds(anchor.addingTimeInterval(-max(age, 60)))
    let ageDays = age / 86_400
    let state = pickState(ageDays: ageDays, &random)

    var lines: [OrderLine] = []
    let vendorOffers = offers[vendor.id] ?? []
    let lineCount = vendorOffers.isEmpty ? 0 : 2 + random.int(7)
    var usedProducts = Set<Product.ID>()
    for lineIndex in 0..<lineCount {
      let offer = vendorOffers[random.int(vendorOffers.count)]
      guard !usedProducts.contains(offer.productID), let product = productsByID[offer.productID] else { continue }
      usedProducts.insert(product.id)
      let quantity = Quantity(units: quantityFor(product.form, &random))
      let bulkEntry = (entriesByPair[vendor.id << 32 | product.id] ?? []).bestEntry(vendorID: vendor.id, productID: product.id, quantity: quantity)
      let discount: Percentage = random.int(10) == 0 ? Percentage(percent: 5) : .zero
      lines.append(
        OrderLine(
          id: Self.uuid(&random), odooID: index * 8 + lineIndex + 1, sequence: 10 * (lineIndex + 1),
          productID: product.id, productCode: product.code, description: product.displayName, quantity: quantity,
          unit: product.unit, unitPriceMinor: (bulkEntry ?? offer).priceMinor, discount: discount,
          taxRate: product.taxRate,
          datePlanned: Self.wholeSeconds(dateOrder.addingTimeInterval(Double(offer.leadTimeDays) * 86_400)),
          isControlled: product.isControlled))
    }

    let confirmed = state == .purchase || state == .locked
    let received = state == .locked && random.int(10) < 8
    return PurchaseOrder(
      id: Self.uuid(&random), odooID: index + 1, reference: String(format: "P%05d", index + 1), vendorID: vendor.id,
      vendorName: vendor.name, state: state,
      priority: random.int(12) == 0 ? .urgent : .normal, currency: vendor.currency,
      dateOrder: dateOrder, datePlanned: lines.compactMap(\.datePlanned).min(),
      dateApprove: confirmed ? Self.wholeSeconds(dateOrder.addingTimeInterval(Double(random.int(7_200)))) : nil,
      vendorReference: confirmed && random.int(3) > 0 ? "SO-\(200_000 + index * 7 % 99_991)" : "",
      origin: origin(&random, index: index), notes: notes(for: lines, &random), lines: lines,
      hasActiveVendorBill: state == .locked && random.int(3) == 0, hasDoneReceipt: received)
  }

  private func pickVendor(_ random: inout SeededGenerator) -> Vendor {
    let total = vendorWeights.last?.cumulative ?? 1
    let roll = random.int(total)
    return vendorWeights.first { roll < $0.cumulative }?.vendor ?? catalogue.vendors[0]
  }

  private func pickState(ageDays: Double, _ random: inout SeededGenerator) -> OrderState {
    let roll = random.int(100)
    let table: [(OrderState, Int)] =
      if ageDays < 7 {
        [(.draft, 40), (.sent, 25), (.toApprove, 10), (.purchase, 20), (.cancelled, 5)]
      } else if ageDays < 45 {
        [(.draft, 8), (.sent, 7), (.toApprove, 3), (.purchase, 62), (.locked, 14), (.cancelled, 6)]
      } else {
        [(.purchase, 22), (.locked, 70), (.cancelled, 8)]
      }
    var cumulative = 0
    for (state, weight) in table {
      cumulative += weight
      if roll < cumulative { return state }
    }
    return .purchase
  }

  private func quantityFor(_ form: Product.Form, _ random: inout SeededGenerator) -> Int {
    switch form {
    case .vaccine: 1 + random.int(8)
    case .consumable: 2 + random.int(24)
    case .prescriptionDiet: 2 + random.int(18)
    case .injectable: 1 + random.int(10)
    default: 1 + random.int(12)
    }
  }

  private func origin(_ random: inout SeededGenerator, index: Int) -> String {
    switch random.int(6) {
    case 0: "Reorder rule"
    case 1: "Clinic request #\(1_000 + index % 9_000)"
    case 2: "Stock count \(index % 52 + 1)/\(index % 2 == 0 ? "A" : "B")"
    default: ""
    }
  }

  private func notes(for lines: [OrderLine], _ random: inout SeededGenerator) -> String {
    let roll = random.int(8)
    if lines.contains(where: { $0.isControlled }), roll < 4 {
      return "Controlled drugs: deliver to the pharmacist on duty; signature required."
    }
    return switch roll {
    case 0: "Livraison avant 10h, quai n°2."
    case 1: "Kühlkette beachten (2–8 °C)."
    case 2: "Please send the batch certificates with the invoice."
    default: ""
    }
  }

  private static func uuid(_ random: inout SeededGenerator) -> UUID {
    let high = random.next()
    let low = random.next()
    var bytes = withUnsafeBytes(of: high.bigEndian) { Array($0) } + withUnsafeBytes(of: low.bigEndian) { Array($0) }
    bytes[6] = (bytes[6] & 0x0F) | 0x40  // version 4
    bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
    return UUID(
      uuid: (
        bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9], bytes[10],
        bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
      ))
  }

  /// Odoo keeps datetimes to the second on the wire; demo dates carry no fractions either.
  private static func wholeSeconds(_ date: Date) -> Date {
    Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
  }
}
