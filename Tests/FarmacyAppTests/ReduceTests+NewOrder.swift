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

  @Test func pickKey_withoutAVendor_saysToTypeOne_andFindsNothing() {
    var state = newOrder(vendor: "")
    #expect(reduce(&state, .keyPressed(pick)) == [])
    #expect(state.orders.fieldErrors[0] == "type a vendor's name or part of it, then choose its products")
    #expect(state.orders.picker == nil)
  }

  @Test func pickKey_findsTheVendor_thenOpensThePickerOverItsCatalogue_andTheChoiceGoesIntoTheLines() {
    var state = newOrder(vendor: "alpen")
    #expect(reduce(&state, .keyPressed(pick)) == [.findVendor("alpen")])
    #expect(
      reduce(&state, .vendorFound(id: 1, name: "Alpenvet Großhandel GmbH"))
        == [.searchCatalogue(vendorID: 1, text: "", generation: 1)])
    #expect(state.orders.form?.values[0] == "Alpenvet Großhandel GmbH")
    #expect(state.orders.picker?.isForNewOrder == true)
    #expect(state.orders.query.vendorID == nil)
    _ = reduce(&state, .catalogueSearched(generation: 1, offers: offers()))
    _ = reduce(&state, .keyPressed(KeyEvent(.enter)))
    #expect(state.orders.picker == nil)
    #expect(state.orders.isCreating)
    #expect(state.orders.detail == nil)
    #expect(state.orders.form?.values[1] == "TAB-00005:6")
    #expect(state.orders.form?.focused == 1)
    #expect(state.message == "Line TAB-00005 added; change its quantity after the colon, or ctrl+o for another.")

    // A second product is added after the first; saving sends both lines.
    _ = reduce(&state, .keyPressed(pick))
    _ = reduce(&state, .vendorFound(id: 1, name: "Alpenvet Großhandel GmbH"))
    _ = reduce(&state, .catalogueSearched(generation: 1, offers: offers()))
    _ = reduce(&state, .keyPressed(KeyEvent(.down)))
    _ = reduce(&state, .keyPressed(KeyEvent(.enter)))
    let second = offers()[1].product.code
    #expect(state.orders.form?.values[1] == "TAB-00005:6, \(second):\(max(1, offers()[1].entry.minQuantity))")
    let saved = reduce(&state, .keyPressed(KeyEvent(.enter)))
    guard case .createOrder(let form)? = saved.first else {
      Issue.record("no order created: \(saved)")
      return
    }
    #expect(form.vendor == "Alpenvet Großhandel GmbH")
    #expect(form.lines.count == 2)
  }

  @Test func vendorNotFound_forTheNewOrder_showsUnderTheVendorField() {
    var state = newOrder(vendor: "nobody")
    _ = reduce(&state, .keyPressed(pick))
    _ = reduce(&state, .loadFailed(.findVendor("nobody"), error: "no vendor \"nobody\" here"))
    #expect(state.orders.fieldErrors == [0: "no vendor \"nobody\" here"])
    #expect(state.orders.picker == nil)
    // The vendor filter, later, is not mistaken for the new order's lookup.
    _ = reduce(&state, .keyPressed(KeyEvent(.escape)))
    _ = reduce(&state, .vendorFound(id: 2, name: "Northbridge"))
    #expect(state.orders.query.vendorID == 2)
  }

  @Test func escapeInThePicker_keepsTheNewOrderForm() {
    var state = newOrder(vendor: "alpen")
    _ = reduce(&state, .keyPressed(pick))
    _ = reduce(&state, .vendorFound(id: 1, name: "Alpenvet Großhandel GmbH"))
    _ = reduce(&state, .keyPressed(KeyEvent(.escape)))
    #expect(state.orders.picker == nil)
    #expect(state.orders.isCreating)
    #expect(state.orders.form?.values[1] == "")
  }
}
