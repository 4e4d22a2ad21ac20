import FarmacyDomain
import FarmacyTestSupport
import Foundation
import TerminalKit
import Testing

@testable import FarmacyApp
@testable import FarmacyStore

/// An RFQ's vendor changed in the header form: the vendor picker, the new vendor's prices and
/// the confirmation before saving.
@Suite struct ReduceVendorChangeTests {
  private let pickVendor = KeyEvent.control("g")
  /// Vendor 1 sells TAB-00005 (6 and more 18.75, 24 and more 17.00) and VAC-00007; see `offers()`.
  private let alpenvet = Vendor(id: 1, name: "Alpenvet Großhandel GmbH", countryCode: "DE")

  /// A draft from vendor 3 with a line vendor 1 offers (30 at 20.00) and one it does not.
  private func order(state: OrderState = .draft) -> PurchaseOrder {
    PurchaseOrder.fixture(
      id: uuid(0), reference: "P00000", vendorID: 3, vendorName: "Harvest Paw Nutrition", state: state,
      lines: [
        .fixture(id: uuid(500), productID: 5, code: "TAB-00005", quantity: 30, unitPriceMinor: 2_000),
        .fixture(id: uuid(501), productID: 9, code: "SUR-00009", quantity: 2, unitPriceMinor: 500),
      ])
  }

  /// The header form of `order()` with `alpenvet` chosen in the vendor picker.
  private func choosingAlpenvet() -> AppState {
    var state = detailState(order())
    _ = reduce(&state, .keyPressed(.character("e")))
    _ = reduce(&state, .keyPressed(pickVendor))
    _ = reduce(&state, .vendorsSearched(generation: 1, vendors: [alpenvet]))
    return state
  }

  @Test func vendorKey_inTheHeaderForm_opensThePicker_onlyForAnRFQ() {
    var state = detailState(order())
    _ = reduce(&state, .keyPressed(.character("e")))
    #expect(state.orders.form?.values.last == "Harvest Paw Nutrition")
    #expect(reduce(&state, .keyPressed(pickVendor)) == [.searchVendors(text: "", generation: 1)])
    #expect(state.orders.vendorPicker?.purpose == .orderVendor)

    var confirmed = detailState(order(state: .purchase))
    _ = reduce(&confirmed, .keyPressed(.character("e")))
    #expect(reduce(&confirmed, .keyPressed(pickVendor)) == [])
    #expect(confirmed.orders.vendorPicker == nil)
    #expect(confirmed.message == "P00000 is Purchase Order: only an RFQ (draft or sent) can change vendor.")
  }

  @Test func aVendorNameWithSpacesAround_isNotTakenForATypedChange() {
    var padded = order(state: .purchase)
    padded.vendorName = " Harvest Paw Nutrition "
    var state = detailState(padded)
    _ = reduce(&state, .keyPressed(.character("e")))
    for character in "REF-1" { _ = reduce(&state, .keyPressed(.character(character))) }
    let effects = reduce(&state, .keyPressed(KeyEvent(.enter)))
    #expect(state.orders.vendorPicker == nil)
    guard case .saveOrder(let saved, _)? = effects.first else {
      Issue.record("the header was not saved: \(effects)")
      return
    }
    #expect(saved.vendorReference == "REF-1")
  }

  @Test func cancellingThePicker_putsTheVendorBackInTheField() {
    var state = detailState(order())
    _ = reduce(&state, .keyPressed(.character("e")))
    // Typed over the vendor, then saved: the picker opens with the text.
    state.orders.form?.inputs[vendorFieldIndex] = TextInputState(text: "alpen")
    _ = reduce(&state, .keyPressed(KeyEvent(.enter)))
    #expect(state.orders.vendorPicker?.purpose == .orderVendor)
    _ = reduce(&state, .keyPressed(KeyEvent(.escape)))
    #expect(state.orders.vendorPicker == nil)
    #expect(state.orders.form?.values[vendorFieldIndex] == "Harvest Paw Nutrition")
    #expect(state.message == "The vendor stays as it was.")
  }

  @Test func choosingAVendor_readsItsPrices_showsThem_andSavingAsksFirst() throws {
    var state = choosingAlpenvet()
    #expect(reduce(&state, .keyPressed(KeyEvent(.enter))) == [.loadVendorOffers(vendorID: 1, productIDs: [5, 9])])
    #expect(state.orders.form?.values.last == "Alpenvet Großhandel GmbH")
    // Saving before the prices are in waits for them.
    #expect(reduce(&state, .keyPressed(KeyEvent(.enter))) == [])
    #expect(state.message == "Still reading Alpenvet Großhandel GmbH's prices…")
    #expect(state.confirmation == nil)

    _ = reduce(&state, .vendorOffersLoaded(vendorID: 1, offers: offers()))
    #expect(
      state.message
        == "New vendor Alpenvet Großhandel GmbH: 1 new price(s), 1 new arrival day(s); not offered, keeping their price: SUR-00009. Save to see it all."
    )
    // The lines show the price of the 24-and-more tier already.
    #expect(previewedVendorChange(state)?.order.lines.map(\.unitPriceMinor) == [1_700, 500])

    #expect(reduce(&state, .keyPressed(KeyEvent(.enter))) == [])
    let dialog = try #require(state.confirmation)
    #expect(dialog.title == "Change vendor")
    #expect(
      dialog.message
        == "Move P00000 from Harvest Paw Nutrition to Alpenvet Großhandel GmbH? New prices from its catalogue: "
        + "TAB-00005 20.00 → 17.00. Expected arrival from its lead times: TAB-00005 none → "
        + "\(OdooDateTime.formatDay(state.now.addingTimeInterval(3 * 86_400))). "
        + "Alpenvet Großhandel GmbH does not offer SUR-00009: kept at the old price.")
    var expected = order()
    expected.vendorID = 1
    expected.vendorName = "Alpenvet Großhandel GmbH"
    expected.lines[0].unitPriceMinor = 1_700
    // The tier for 30 (24 and more) delivers in three days.
    expected.lines[0].datePlanned = state.now.addingTimeInterval(3 * 86_400)
    #expect(reduce(&state, .keyPressed(.character("y"))) == [.saveOrder(expected, base: order())])
  }

  @Test func answersForAnotherVendor_areIgnored() {
    var state = choosingAlpenvet()
    _ = reduce(&state, .keyPressed(KeyEvent(.enter)))
    _ = reduce(&state, .vendorOffersLoaded(vendorID: 7, offers: offers()))
    #expect(state.orders.vendorChange?.offers == nil)
  }

  @Test func aVendorBillingInAnotherCurrency_isRefused() {
    var state = detailState(order())
    _ = reduce(&state, .keyPressed(.character("e")))
    _ = reduce(&state, .keyPressed(pickVendor))
    let meridian = Vendor(id: 10, name: "Meridian Animal Health", currency: .usd)
    _ = reduce(&state, .vendorsSearched(generation: 1, vendors: [meridian]))
    #expect(reduce(&state, .keyPressed(KeyEvent(.enter))) == [])
    #expect(state.orders.vendorChange == nil)
    #expect(state.orders.form?.values.last == "Harvest Paw Nutrition")
    #expect(
      state.orders.formError
        == "Vendor: Meridian Animal Health sells in USD and P00000 is in EUR; an order keeps one currency, so make a new order for this vendor"
    )
    #expect(state.orders.fieldErrors[vendorFieldIndex] != nil)
  }

  @Test func aCatalogueInAnotherCurrency_undoesTheChange() {
    var state = choosingAlpenvet()
    _ = reduce(&state, .keyPressed(KeyEvent(.enter)))
    var dollars = offers()
    dollars[0].tiers[1].currency = .usd
    _ = reduce(&state, .vendorOffersLoaded(vendorID: 1, offers: dollars))
    #expect(state.orders.vendorChange == nil)
    #expect(state.orders.chosenVendor == nil)
    #expect(state.orders.form?.values.last == "Harvest Paw Nutrition")
    #expect(state.orders.formError?.contains("sells in USD") == true)
    // Saving now changes nothing.
    #expect(reduce(&state, .keyPressed(KeyEvent(.enter))) == [])
    #expect(state.message == "Nothing changed.")
  }

  @Test func typedVendorName_isLookedForInThePicker_onSave() {
    var state = detailState(order())
    _ = reduce(&state, .keyPressed(.character("e")))
    for _ in 0..<vendorFieldIndex { _ = reduce(&state, .keyPressed(KeyEvent(.tab))) }
    _ = reduce(&state, .keyPressed(.control("u")))
    _ = type("alpen", into: &state)
    #expect(reduce(&state, .keyPressed(KeyEvent(.enter))) == [.searchVendors(text: "alpen", generation: 1)])
    #expect(state.orders.vendorPicker?.purpose == .orderVendor)
  }

  @Test func choosingTheSameVendor_changesNothing() {
    var state = detailState(order())
    _ = reduce(&state, .keyPressed(.character("e")))
    _ = reduce(&state, .keyPressed(pickVendor))
    _ = reduce(&state, .vendorsSearched(generation: 1, vendors: [Vendor(id: 3, name: "Harvest Paw Nutrition")]))
    #expect(reduce(&state, .keyPressed(KeyEvent(.enter))) == [])
    #expect(state.orders.vendorChange == nil)
    #expect(state.message == "P00000 stays with Harvest Paw Nutrition.")
  }

  @Test func escapeInTheVendorPicker_keepsTheVendor_andFailingToReadPricesDropsTheChange() {
    var state = choosingAlpenvet()
    _ = reduce(&state, .keyPressed(KeyEvent(.escape)))
    #expect(state.orders.vendorPicker == nil)
    #expect(state.orders.form != nil)
    #expect(state.message == "The vendor stays as it was.")

    var failing = choosingAlpenvet()
    _ = reduce(&failing, .keyPressed(KeyEvent(.enter)))
    _ = reduce(&failing, .loadFailed(.loadVendorOffers(vendorID: 1, productIDs: [5, 9]), error: "disk I/O error"))
    #expect(failing.orders.vendorChange == nil)
    #expect(failing.orders.form?.values.last == "Harvest Paw Nutrition")
  }

  @Test func repriced_followsTheQuantitysTier_andKeepsUnofferedPrices() throws {
    var small = order()
    small.lines[0].quantity = 6
    let repricing = try repriced(small, to: alpenvet, offers: offers(), now: screenNow).get()
    #expect(repricing.order.lines.map(\.unitPriceMinor) == [1_875, 500])
    #expect(repricing.changes == [.init(code: "TAB-00005", fromMinor: 2_000, toMinor: 1_875)])
    #expect(repricing.unoffered == ["SUR-00009"])
    #expect(repricing.order.vendorID == 1)
  }

  /// As in Odoo's form, an offered line's expected arrival follows the new vendor's lead time for
  /// its quantity's tier; a line it does not offer keeps its date, and so does one already due
  /// that day.
  @Test func repriced_movesOfferedLinesArrival_byTheTiersLeadTime() throws {
    var moved = order()
    moved.lines[0].datePlanned = OdooDateTime.parse("2026-03-30")
    moved.lines[1].datePlanned = OdooDateTime.parse("2026-03-30")
    var catalogue = offers()
    catalogue[0].tiers[1].leadTimeDays = 9
    let repricing = try repriced(moved, to: alpenvet, offers: catalogue, now: screenNow).get()
    let arrival = screenNow.addingTimeInterval(9 * 86_400)
    #expect(repricing.arrivals == [.init(code: "TAB-00005", from: moved.lines[0].datePlanned, to: arrival)])
    #expect(repricing.order.lines.map(\.datePlanned) == [arrival, moved.lines[1].datePlanned])
    #expect(repricing.details(vendor: alpenvet.name, currency: .eur).contains(
      "Expected arrival from its lead times: TAB-00005 2026-03-30 → \(OdooDateTime.formatDay(arrival))."))

    moved.lines[0].datePlanned = arrival.addingTimeInterval(-60)
    let sameDay = try repriced(moved, to: alpenvet, offers: catalogue, now: screenNow).get()
    #expect(sameDay.arrivals.isEmpty)
    #expect(sameDay.order.lines[0].datePlanned == moved.lines[0].datePlanned)
  }

  @Test func vendorPickerKeys_areInTheHelp_andConfigurable() {
    var state = choosingAlpenvet()
    _ = reduce(&state, .keyPressed(.character("?")))
    #expect(state.helpSections.map(\.title).contains("Choosing a vendor"))
    let (keys, warnings) = KeyConfigLoader.load(
      "[keys]\n\"vendor_picker.choose\" = \"ctrl+y\"\n\"form.pick_vendor\" = \"F6\"\n", path: "config.toml")
    #expect(warnings.isEmpty)
    #expect(keys.vendorPicker.choose.matches(.control("y")))
    #expect(keys.form.pickVendor.matches(KeyEvent(.function(6))))
  }
}
