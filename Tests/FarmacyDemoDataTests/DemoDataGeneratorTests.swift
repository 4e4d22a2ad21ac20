import FarmacyDemoData
import FarmacyDomain
import FarmacyTestSupport
import Foundation
import Testing

@Suite struct DemoDataGeneratorTests {
  let generator = DemoDataGenerator(seed: 42, count: 2_000, anchor: testNow)

  @Test func sameSeed_givesTheSameData() {
    let again = DemoDataGenerator(seed: 42, count: 2_000, anchor: testNow)
    #expect(Array(generator.orders.prefix(50)) == Array(again.orders.prefix(50)))
    #expect(generator.catalogue.products == again.catalogue.products)
    #expect(generator.catalogue.catalogue == again.catalogue.catalogue)
  }

  @Test func otherSeed_givesOtherOrders() {
    let other = DemoDataGenerator(seed: 7, count: 2_000, anchor: testNow)
    #expect(generator.order(at: 10) != other.order(at: 10))
  }

  @Test func orderAt_matchesTheStream() {
    let all = Array(generator.orders)
    #expect(all.count == 2_000)
    #expect(generator.order(at: 1_234) == all[1_234])
  }

  @Test func orders_coverEveryState_andAreValid() {
    let all = Array(generator.orders)
    #expect(Set(all.map(\.state)) == Set(OrderState.allCases))
    for order in all {
      #expect(order.validate().isEmpty, "\(order.reference): \(order.validate())")
    }
  }

  @Test func orders_haveUniqueIDs_referencesAndOdooIDs() {
    let all = Array(generator.orders)
    #expect(Set(all.map(\.id)).count == all.count)
    #expect(Set(all.flatMap { $0.lines.map(\.id) }).count == all.reduce(0) { $0 + $1.lines.count })
    #expect(all.first?.reference == "P00001")
    #expect(all.last?.reference == "P02000")
    #expect(all.map(\.odooID) == Array(1...2_000))
  }

  @Test func orders_averageAboutFiveLines_fromTheVendorsCatalogue() {
    let all = Array(generator.orders)
    let average = Double(all.reduce(0) { $0 + $1.lines.count }) / Double(all.count)
    #expect((4.0...6.0).contains(average))
    let offered = Set(generator.catalogue.catalogue.map { "\($0.vendorID)/\($0.productID)" })
    for order in all.prefix(200) {
      for line in order.lines {
        #expect(offered.contains("\(order.vendorID ?? 0)/\(line.productID ?? 0)"))
      }
    }
  }

  @Test func dates_areInTheTwoYearsBeforeToday_oldestFirst() {
    let all = Array(generator.orders)
    #expect(all.allSatisfy { $0.dateOrder < testNow && $0.dateOrder > testNow.addingTimeInterval(-731 * 86_400) })
    #expect(all.first!.dateOrder < all.last!.dateOrder)
    #expect(all.filter { $0.state.isConfirmed }.allSatisfy { $0.dateApprove != nil })
  }

  @Test func catalogue_isBelievable() {
    let catalogue = generator.catalogue
    #expect(catalogue.vendors.count >= 10)
    #expect(catalogue.products.count >= 200)
    #expect(Set(catalogue.products.map(\.form)) == Set(Product.Form.allCases))
    #expect(catalogue.products.contains { $0.isControlled && $0.name.hasPrefix("Ketamine") })
    #expect(!catalogue.products.contains { $0.isControlled && $0.name.hasPrefix("Carprofen") })
    #expect(Set(catalogue.products.map(\.code)).count == catalogue.products.count)
    // Non-ASCII names: accents and a CJK vendor.
    #expect(catalogue.vendors.contains { $0.name.contains("ß") })
    #expect(catalogue.vendors.contains { $0.name.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } })
    #expect(Set(catalogue.vendors.map(\.kind)).isSuperset(of: [.wholesaler, .compoundingLab, .petFood]))
    for vendor in catalogue.vendors {
      #expect(TextRules.check(vendor.name, field: "name", maxLength: 256).isEmpty)
    }
  }

  @Test func scalesTo100kOrders_lazily() {
    let large = DemoDataGenerator(seed: 1, count: 100_000, anchor: testNow)
    let last = large.order(at: 99_999)
    #expect(last.reference == "P100000")
    #expect(last.validate().isEmpty)
  }
}
