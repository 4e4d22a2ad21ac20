import FarmacyDomain
import FarmacyStore
import Foundation
import TerminalKit
import Testing

@testable import FarmacyApp

/// The new-order form's lines chosen with the product picker over the vendor's catalogue.
@Suite struct ReduceNewOrderTests {
  private let pick = KeyEvent.control("o")

  private func newOrder(vendor: String) -> AppState {
    var state = loadedState()
    _ = reduce(&state, .keyPressed(.character("n")))
    for character in vendor { _ = reduce(&state, .keyPressed(.character(character))) }
    return state
  }

  private let alpenvet = Vendor(id: 1, name: "Alpenvet Großhandel GmbH", countryCode: "DE")

  @Test func pickKey_withoutAChosenVendor_opensTheVendorPickerWithTheTypedText() {
    var state = newOrder(vendor: "alpen")
    #expect(reduce(&state, .keyPressed(pick)) == [.searchVendors(text: "alpen", generation: 1)])
    #expect(state.orders.vendorPicker?.purpose == .newOrderThenProducts)
    #expect(state.orders.picker == nil)
  }

  @Test func pickKey_afterChoosingTheVendor_opensTheProductPicker_andTheChoiceGoesIntoTheLines() {
    var state = newOrder(vendor: "alpen")
    _ = reduce(&state, .keyPressed(pick))
    // A unique part of a name is not taken as a choice: the person chooses.
    #expect(reduce(&state, .vendorsSearched(generation: 1, vendors: [alpenvet])) == [])
    #expect(state.orders.vendorPicker?.selectedVendor == alpenvet)
    // Searches are numbered across pickers: the product picker's first is the second.
    #expect(reduce(&state, .keyPressed(KeyEvent(.enter))) == [.searchCatalogue(vendorID: 1, text: "", generation: 2)])
    #expect(state.orders.vendorPicker == nil)
    #expect(state.orders.form?.values[0] == "Alpenvet Großhandel GmbH")
    #expect(state.orders.picker?.isForNewOrder == true)
    #expect(state.orders.query.vendorID == nil)
    // A late answer to the vendor picker's search is not taken for the product picker's.
    _ = reduce(&state, .catalogueSearched(generation: 1, offers: Array(offers().prefix(1))))
    #expect(state.orders.picker?.offers.isEmpty == true)
    _ = reduce(&state, .catalogueSearched(generation: 2, offers: offers()))
    _ = reduce(&state, .keyPressed(KeyEvent(.enter)))
    #expect(state.orders.picker == nil)
    #expect(state.orders.isCreating)
    #expect(state.orders.detail == nil)
    #expect(state.orders.form?.values[1] == "TAB-00005:6")
    #expect(state.orders.form?.focused == 1)
    #expect(state.message == "Line TAB-00005 added; change its quantity after the colon, or ctrl+o for another.")

    // With the vendor chosen, the product picker opens at once; saving sends both lines.
    #expect(reduce(&state, .keyPressed(pick)) == [.searchCatalogue(vendorID: 1, text: "", generation: 3)])
    _ = reduce(&state, .catalogueSearched(generation: 3, offers: offers()))
    _ = reduce(&state, .keyPressed(KeyEvent(.down)))
    _ = reduce(&state, .keyPressed(KeyEvent(.enter)))
    let second = offers()[1].product.code
    #expect(state.orders.form?.values[1] == "TAB-00005:6, \(second):\(max(1, offers()[1].entry.minQuantity))")
    let saved = reduce(&state, .keyPressed(KeyEvent(.enter)))
    guard case .createOrder(let form)? = saved.first else {
      Issue.record("no order created: \(saved)")
      return
    }
    #expect(form.vendorID == 1)
    #expect(form.lines.count == 2)
  }

  @Test func vendorKey_opensThePicker_andTheChoiceFillsTheVendorField() {
    var state = newOrder(vendor: "動物")
    #expect(reduce(&state, .keyPressed(.control("g"))) == [.searchVendors(text: "動物", generation: 1)])
    #expect(state.orders.vendorPicker?.purpose == .newOrder)
    let tokyo = Vendor(id: 9, name: "東京動物薬品株式会社 🐾")
    _ = reduce(&state, .vendorsSearched(generation: 1, vendors: [alpenvet, tokyo]))
    _ = reduce(&state, .keyPressed(KeyEvent(.down)))
    #expect(reduce(&state, .keyPressed(KeyEvent(.enter))) == [])
    #expect(state.orders.form?.values[0] == "東京動物薬品株式会社 🐾")
    #expect(state.orders.chosenVendor == tokyo)
    #expect(state.orders.form?.focused == 1)
    // Typing over the name drops the choice: saving asks again.
    _ = reduce(&state, .keyPressed(KeyEvent(.backTab)))
    _ = reduce(&state, .keyPressed(.character("x")))
    _ = reduce(&state, .keyPressed(KeyEvent(.tab)))
    #expect(reduce(&state, .keyPressed(KeyEvent(.enter))) == [.searchVendors(text: "東京動物薬品株式会社 🐾x", generation: 2)])
  }

  @Test func save_withAVendorsWholeName_createsWithoutAsking_butAPartOpensThePicker() {
    var state = newOrder(vendor: "alpenvet großhandel gmbh")
    #expect(reduce(&state, .keyPressed(KeyEvent(.enter))) == [.searchVendors(text: "alpenvet großhandel gmbh", generation: 1)])
    #expect(state.orders.vendorPicker?.purpose == .newOrderThenSave)
    let effects = reduce(&state, .vendorsSearched(generation: 1, vendors: [alpenvet]))
    #expect(effects == [.createOrder(NewOrderForm(vendorID: 1, lines: [], datePlanned: "", notes: ""))])
    #expect(state.orders.vendorPicker == nil)

    var partial = newOrder(vendor: "alpen")
    _ = reduce(&partial, .keyPressed(KeyEvent(.enter)))
    #expect(reduce(&partial, .vendorsSearched(generation: 1, vendors: [alpenvet])) == [])
    #expect(partial.orders.vendorPicker != nil)
    // Choosing goes on with the save.
    #expect(
      reduce(&partial, .keyPressed(KeyEvent(.enter)))
        == [.createOrder(NewOrderForm(vendorID: 1, lines: [], datePlanned: "", notes: ""))])
  }

  @Test func save_withTwoVendorsOfTheSameName_doesNotGuess() {
    var state = newOrder(vendor: "Twin")
    _ = reduce(&state, .keyPressed(KeyEvent(.enter)))
    let twins = [Vendor(id: 3, name: "Twin"), Vendor(id: 4, name: "twin")]
    #expect(reduce(&state, .vendorsSearched(generation: 1, vendors: twins)) == [])
    #expect(state.orders.vendorPicker?.vendors == twins)
  }

  @Test func vendorPicker_searchesAsYouType_andIgnoresStaleAnswers() {
    var state = newOrder(vendor: "")
    _ = reduce(&state, .keyPressed(.control("g")))
    #expect(reduce(&state, .keyPressed(.character("%"))) == [.searchVendors(text: "%", generation: 2)])
    #expect(reduce(&state, .keyPressed(.character("'"))) == [.searchVendors(text: "%'", generation: 3)])
    #expect(state.orders.vendorPicker?.isLoading == true)
    _ = reduce(&state, .vendorsSearched(generation: 2, vendors: [alpenvet]))
    #expect(state.orders.vendorPicker?.vendors == [])
    _ = reduce(&state, .vendorsSearched(generation: 3, vendors: []))
    #expect(state.orders.vendorPicker?.isLoading == false)
    _ = reduce(&state, .keyPressed(KeyEvent(.enter)))
    #expect(state.message == "No vendor's name contains \"%'\".")
    #expect(state.orders.vendorPicker != nil)
    _ = reduce(&state, .keyPressed(KeyEvent(.escape)))
    #expect(state.orders.vendorPicker == nil)
    #expect(state.orders.isCreating)
    #expect(state.message == "No vendor chosen.")
  }

  @Test func vendorSearchFailed_stopsTheSpinner() {
    var state = newOrder(vendor: "x")
    _ = reduce(&state, .keyPressed(.control("g")))
    _ = reduce(&state, .loadFailed(.searchVendors(text: "x", generation: 1), error: "database is locked"))
    #expect(state.orders.vendorPicker?.isLoading == false)
    #expect(state.message == "database is locked")
  }

  @Test func escapeInTheProductPicker_keepsTheNewOrderForm() {
    var state = newOrder(vendor: "alpen")
    _ = reduce(&state, .keyPressed(pick))
    _ = reduce(&state, .vendorsSearched(generation: 1, vendors: [alpenvet]))
    _ = reduce(&state, .keyPressed(KeyEvent(.enter)))
    _ = reduce(&state, .keyPressed(KeyEvent(.escape)))
    #expect(state.orders.picker == nil)
    #expect(state.orders.isCreating)
    #expect(state.orders.form?.values[1] == "")
  }
}
