import FarmacyDomain
@testable import FarmacyStore
import FarmacyTestSupport
import Foundation
import TerminalKit
import Testing

@testable import FarmacyApp

/// Answers that arrive late or fail: they reach only what asked for them, and never leave a
/// form open with no way out or a selection off the end of a list.
@Suite struct ReduceAnswerTests {
  /// P00000's header form with `text` typed into its first field and saved: the save is sent.
  private func headerSaveSent(typing text: String) -> AppState {
    var state = detailState(PurchaseOrder.fixture(id: uuid(0), reference: "P00000"))
    _ = reduce(&state, .keyPressed(.character("e")))
    _ = type(text, into: &state)
    _ = reduce(&state, .keyPressed(KeyEvent(.enter)))
    return state
  }

  private func saved(_ order: PurchaseOrder, revision: Int = 2) -> SavedOrder {
    SavedOrder(order: order, info: StoredOrderInfo(revision: revision, syncStatus: .pending), jobID: 9)
  }

  @Test func anOrderThatFailsToLoad_closesTheFormWaitingForIt_soKeysWorkAgain() {
    var state = loadedState()
    let id = try! #require(state.orders.selectedOrder?.id)
    #expect(reduce(&state, .keyPressed(.character("e"))) == [.loadOrderDetail(id)])
    #expect(state.orders.form?.inputs.isEmpty == true)
    _ = reduce(&state, .loadFailed(.loadOrderDetail(id), error: "The order no longer exists."))
    #expect(state.orders.form == nil)
    #expect(reduce(&state, .keyPressed(.character("q"))) == [.quit])
  }

  @Test func escape_leavesAFormStillWaitingForItsOrder() {
    var state = loadedState()
    _ = reduce(&state, .keyPressed(.character("e")))
    _ = reduce(&state, .keyPressed(KeyEvent(.escape)))
    #expect(state.orders.form == nil)
    #expect(state.message == "Edit discarded.")
  }

  @Test func aFailedLoadOfAnotherOrder_leavesTheCurrentRequestAlone() {
    var state = loadedState()
    state.orders.detailRequested = uuid(2)
    _ = reduce(&state, .loadFailed(.loadOrderDetail(uuid(1)), error: "gone"))
    #expect(state.orders.detailRequested == uuid(2))
  }

  @Test func aWorkflowStepAnsweredLate_doesNotCloseTheNewOrderBeingTyped() {
    var state = loadedState()
    _ = reduce(&state, .keyPressed(.character("n")))
    _ = type("alpen", into: &state)
    let other = PurchaseOrder.fixture(id: uuid(7), reference: "P00007")
    _ = reduce(&state, .orderSaved(saved(other), summary: "Confirmed P00007", kind: .stepTaken))
    #expect(state.orders.isCreating)
    #expect(state.orders.form?.values.first == "alpen")
    #expect(state.orders.detail == nil)
    _ = reduce(&state, .orderOperationFailed("P00008 cannot be cancelled", kind: .stepTaken, orderID: uuid(8)))
    #expect(state.orders.formError == nil, "another order's error is not shown under this form")
  }

  @Test func aSecondSave_waitsForTheFirst_andOnlyItsAnswerClosesTheForm() {
    let order = PurchaseOrder.fixture(id: uuid(0), reference: "P00000")
    var state = detailState(order)
    _ = reduce(&state, .keyPressed(.character("e")))
    _ = type("REF-1", into: &state)
    var expected = order
    expected.vendorReference = "REF-1"
    #expect(reduce(&state, .keyPressed(KeyEvent(.enter))) == [.saveOrder(expected, base: order)])
    #expect(reduce(&state, .keyPressed(KeyEvent(.enter))) == [])
    #expect(state.message == "Still saving P00000…")
    // Another order's answer leaves the form as it is.
    _ = reduce(&state, .orderSaved(saved(.fixture(id: uuid(3), reference: "P00003")), summary: "Saved P00003"))
    #expect(state.orders.form != nil)
    _ = reduce(&state, .orderSaved(saved(expected), summary: "Saved P00000"))
    #expect(state.orders.form == nil)
    #expect(state.orders.detail?.order == expected)
  }

  @Test func aNewOrderSavedTwice_isCreatedOnce() {
    var state = loadedState()
    _ = reduce(&state, .keyPressed(.character("n")))
    state.orders.chosenVendor = Vendor.fixture(id: 1, name: "Alpenvet")
    _ = type("Alpenvet", into: &state)
    let first = reduce(&state, .keyPressed(KeyEvent(.enter)))
    guard case .createOrder? = first.first else {
      Issue.record("no create: \(first)")
      return
    }
    #expect(reduce(&state, .keyPressed(KeyEvent(.enter))) == [])
    #expect(state.message == "Still creating the order…")
    let created = PurchaseOrder.fixture(id: uuid(9), reference: "L00001")
    _ = reduce(&state, .orderSaved(saved(created, revision: 1), summary: "Created L00001", kind: .created))
    #expect(!state.orders.isCreating)
    #expect(state.orders.detail?.order.reference == "L00001")
  }

  @Test func anOrderChangedWhileItsFormWasOpen_isReadAgainWhenTheFormCloses() {
    let order = PurchaseOrder.fixture(id: uuid(0), reference: "P00000")
    var state = detailState(order)
    _ = reduce(&state, .keyPressed(.character("e")))
    // A step saved meanwhile on the same order does not change the form's version…
    var confirmed = order
    confirmed.state = .purchase
    _ = reduce(&state, .orderSaved(saved(confirmed), summary: "Confirmed P00000", kind: .stepTaken))
    #expect(state.orders.detail?.order == order)
    // …nor does a newer copy read meanwhile…
    state.orders.detailIsStale = false
    state.orders.detailRequested = order.id
    _ = reduce(&state, .orderDetailLoaded(StoredOrder(order: confirmed, info: StoredOrderInfo(revision: 3, syncStatus: .synced))))
    #expect(state.orders.detail?.order == order)
    // …and closing the form reads the order again.
    #expect(reduce(&state, .keyPressed(KeyEvent(.escape))) == [.loadOrderDetail(uuid(0))])
    #expect(state.orders.detailRequested == uuid(0))
  }

  @Test func anEditRefusedAsMadeMeanwhile_keepsTheForm_andReadsTheOrderWhenItCloses() {
    var state = headerSaveSent(typing: "X")
    let refusal = "P00000 changed while you were editing it (vendor_reference); your edit was not saved."
    _ = reduce(&state, .orderOperationFailed(refusal, kind: .saved, orderID: uuid(0)))
    #expect(state.orders.formError == refusal)
    #expect(state.orders.form?.values.first == "X")
    #expect(reduce(&state, .keyPressed(KeyEvent(.escape))) == [.loadOrderDetail(uuid(0))])
  }

  @Test func theSelectedLine_staysOnTheOrdersLines_whenTheOrderShrinks() {
    let lines = (0..<8).map { OrderLine.fixture(id: uuid(100 + $0)) }
    var order = PurchaseOrder.fixture(id: uuid(0), reference: "P00000", lines: lines)
    var state = detailState(order)
    for _ in 0..<7 { _ = reduce(&state, .keyPressed(KeyEvent(.down))) }
    #expect(state.orders.selectedLine == 7)
    order.lines = Array(lines.prefix(3))
    state.orders.detailRequested = order.id
    _ = reduce(&state, .orderDetailLoaded(StoredOrder(order: order, info: StoredOrderInfo(revision: 2, syncStatus: .synced))))
    #expect(state.orders.selectedLine == 2)
  }

  @Test func aFailedConflictsRead_isTriedAgainAtTheNextTick() {
    var state = loadedState()
    state.conflicts.isLoading = true
    state.conflicts.isStale = false
    _ = reduce(&state, .loadFailed(.loadConflicts, error: "database is locked"))
    #expect(state.conflicts.isStale)
    let tick = reduce(&state, .clockTicked(screenNow.addingTimeInterval(1)))
    #expect(tick.contains(.loadConflicts))
  }

  @Test func aFailedPriceReadForAnotherVendor_leavesTheCurrentVendorChangeAlone() {
    var state = detailState(PurchaseOrder.fixture(id: uuid(0), reference: "P00000"))
    _ = reduce(&state, .keyPressed(.character("e")))
    state.orders.vendorChange = VendorChange(vendor: Vendor.fixture(id: 4, name: "Kestrel"))
    _ = reduce(&state, .loadFailed(.loadVendorOffers(vendorID: 2, productIDs: [1]), error: "disk I/O error"))
    #expect(state.orders.vendorChange?.vendor.id == 4)
    _ = reduce(&state, .loadFailed(.loadVendorOffers(vendorID: 4, productIDs: [1]), error: "disk I/O error"))
    #expect(state.orders.vendorChange == nil)
  }

  /// Confirming an order Odoo has never had goes through the submission saga in the engine.
  @Test func confirmingANewLocalOrder_submitsItThroughTheEngine_andAnOdooOrderIsConfirmedAsBefore() {
    var local = PurchaseOrder.fixture(id: uuid(0), reference: "L00001")
    local.odooID = nil
    var state = detailState(local)
    _ = reduce(&state, .keyPressed(.character("c")))
    #expect(state.confirmation?.title == "Submit order")
    #expect(reduce(&state, .keyPressed(.character("y"))) == [.sendSyncCommand(.submit(orderID: uuid(0)))])
    #expect(state.message == "Submitting L00001…")
    _ = reduce(
      &state, .syncCommandAnswered(.submit(orderID: uuid(0)), answer: "submitted L00001: stock reserved, queued for Odoo"))
    #expect(state.toasts.last?.message == "Submitted L00001: stock reserved, queued for Odoo")
    #expect(state.orders.needsRefresh)

    var known = PurchaseOrder.fixture(id: uuid(0), reference: "P00000")
    known.odooID = 41
    var other = detailState(known)
    _ = reduce(&other, .keyPressed(.character("c")))
    #expect(other.confirmation?.title == "Confirm order")
    #expect(reduce(&other, .keyPressed(.character("y"))) == [.performOrderAction(.confirm, orderID: uuid(0))])
  }

  @Test func aDetailReadStartedBeforeASave_doesNotPutTheOlderVersionBack() {
    let order = PurchaseOrder.fixture(id: uuid(0), reference: "P00000")
    var state = detailState(order)
    var confirmed = order
    confirmed.state = .purchase
    _ = reduce(&state, .orderSaved(saved(confirmed, revision: 3), summary: "Confirmed P00000", kind: .stepTaken))
    state.orders.detailRequested = order.id
    _ = reduce(&state, .orderDetailLoaded(StoredOrder(order: order, info: StoredOrderInfo(revision: 2, syncStatus: .synced))))
    #expect(state.orders.detail?.order.state == .purchase)
  }

  @Test func escapeWhileASaveIsOnItsWay_keepsTheFormUntilTheAnswer() {
    var state = headerSaveSent(typing: "R")
    #expect(reduce(&state, .keyPressed(KeyEvent(.escape))) == [])
    #expect(state.orders.form != nil)
    #expect(state.message == "Still saving P00000…; the form closes when it is saved.")

    var creating = loadedState()
    _ = reduce(&creating, .keyPressed(.character("n")))
    creating.orders.formSave = .newOrder
    _ = reduce(&creating, .keyPressed(KeyEvent(.escape)))
    #expect(creating.orders.isCreating)
    #expect(creating.message == "Still creating the order…; the form closes when it is created.")
  }
}
