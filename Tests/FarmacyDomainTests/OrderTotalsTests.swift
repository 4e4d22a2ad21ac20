import FarmacyDomain
import FarmacyTestSupport
import Testing

@Suite struct OrderTotalsTests {
  @Test func subtotal_isQuantityTimesPrice_lessDiscount() {
    let line = OrderLine.fixture(quantity: Quantity(thousandths: 2_500), unitPriceMinor: 1_999, discount: Percentage(percent: 10))
    // 2.5 × 19.99 = 49.975, less 10 % = 44.9775 → 44.98 (half away from zero)
    #expect(line.subtotalMinor == 4_498)
  }

  @Test func rounding_isHalfAwayFromZero() {
    // 0.5 × 0.01 = 0.005 → 0.01
    #expect(OrderLine.fixture(quantity: Quantity(thousandths: 500), unitPriceMinor: 1).subtotalMinor == 1)
    // 0.499 × 0.01 = 0.00499 → 0.00
    #expect(OrderLine.fixture(quantity: Quantity(thousandths: 499), unitPriceMinor: 1).subtotalMinor == 0)
  }

  @Test func tax_isRoundedPerLine_andTotalsAreSums() {
    let lines = [
      OrderLine.fixture(quantity: 1, unitPriceMinor: 333, taxRate: Percentage(percent: 10)),  // tax 33.3 → 33
      OrderLine.fixture(quantity: 1, unitPriceMinor: 335, taxRate: Percentage(percent: 10)),  // tax 33.5 → 34
    ]
    let order = PurchaseOrder.fixture(lines: lines)
    #expect(order.totals.untaxedMinor == 668)
    #expect(order.totals.taxMinor == 67)
    #expect(order.totals.totalMinor == 735)
    #expect(order.totals.total == Money(minorUnits: 735, currency: .eur))
  }

  @Test func hugeQuantitiesAndPrices_doNotOverflow() {
    let line = OrderLine.fixture(quantity: Quantity(thousandths: 1_000_000_000), unitPriceMinor: 10_000_000)
    #expect(line.subtotalMinor == 10_000_000_000_000)
  }

  @Test func emptyOrder_totalsZero() {
    #expect(PurchaseOrder.fixture(lines: []).totals.totalMinor == 0)
  }

  @Test func newLine_takesCataloguePrice_andLeadTime() {
    let product = Product.fixture(priceMinor: 2_000)
    let entry = CatalogueEntry(id: 1, vendorID: 1, productID: 1, priceMinor: 1_800, leadTimeDays: 3)
    let line = OrderLine(product: product, quantity: 4, catalogueEntry: entry, now: testNow)
    #expect(line.unitPriceMinor == 1_800)
    #expect(line.datePlanned == testNow.addingTimeInterval(3 * 86_400))
    #expect(line.description == "[TAB-00001] Carprofen 50 mg")
    let fallback = OrderLine(product: product, quantity: 4, catalogueEntry: nil, now: testNow)
    #expect(fallback.unitPriceMinor == 2_000)
  }

  @Test func bestEntry_picksLargestBreakNotAboveQuantity() {
    let entries = [
      CatalogueEntry(id: 1, vendorID: 1, productID: 1, minQuantity: 0, priceMinor: 100),
      CatalogueEntry(id: 2, vendorID: 1, productID: 1, minQuantity: 10, priceMinor: 90),
      CatalogueEntry(id: 3, vendorID: 2, productID: 1, minQuantity: 0, priceMinor: 50),
    ]
    #expect(entries.bestEntry(vendorID: 1, productID: 1, quantity: 9)?.id == 1)
    #expect(entries.bestEntry(vendorID: 1, productID: 1, quantity: 10)?.id == 2)
    #expect(entries.bestEntry(vendorID: 3, productID: 1, quantity: 10) == nil)
  }
}
