import Foundation
import Testing

@testable import OdooSimulator

/// Every purchase button and its refusals (odoo-api.md §5.2), on 17 and 19.
@Suite struct WorkflowGuardTests {
  @Test func confirm_movesDraftToPurchase_andSetsTheApprovalDate() throws {
    let fixture = try Fixture()
    let order = try fixture.order()
    #expect(try fixture.call(Fixture.buyer, "purchase.order", "button_confirm", [[.int(order)]]) == .bool(true))
    #expect(try fixture.state(order) == "purchase")
    let approved = try #require(
      try fixture.read("purchase.order", order, ["date_approve"])["date_approve"]?.stringValue)
    #expect(approved.count == 19)
  }

  @Test func confirm_skipsOrdersNotInDraftOrSent_silently() throws {
    let fixture = try Fixture()
    let order = try fixture.order()
    try fixture.call(Fixture.admin, "purchase.order", "button_cancel", [[.int(order)]])
    #expect(try fixture.call(Fixture.admin, "purchase.order", "button_confirm", [[.int(order)]]) == .bool(true))
    #expect(try fixture.state(order) == "cancel")
  }

  @Test func confirm_addsTheVendorToTheProductCatalogue() throws {
    let fixture = try Fixture()
    let order = try fixture.order(vendor: fixture.vendorB, lines: [(1, 1)])
    let before = try #require(
      try fixture.call(
        Fixture.admin, "product.supplierinfo", "search_count", [[["partner_id", "=", .int(fixture.vendorB)]]]))
    try fixture.call(Fixture.buyer, "purchase.order", "button_confirm", [[.int(order)]])
    let after = try #require(
      try fixture.call(
        Fixture.admin, "product.supplierinfo", "search_count", [[["partner_id", "=", .int(fixture.vendorB)]]]))
    #expect(before == .int(0))
    #expect(after == .int(1))
  }

  @Test func twoStepApproval_sendsLargeOrdersOfBuyersToApprove() throws {
    let fixture = try Fixture { $0.secondApprovalFrom = 100 }
    let small = try fixture.order(lines: [(0, 1)], uid: Fixture.buyer)
    let large = try fixture.order(lines: [(0, 50)], uid: Fixture.buyer)
    try fixture.call(Fixture.buyer, "purchase.order", "button_confirm", [[.int(small), .int(large)]])
    #expect(try fixture.state(small) == "purchase")
    #expect(try fixture.state(large) == "to approve")
    // A purchase user's approval is filtered out silently; the manager's goes through.
    #expect(try fixture.call(Fixture.buyer, "purchase.order", "button_approve", [[.int(large)]]) == .object([:]))
    #expect(try fixture.state(large) == "to approve")
    try fixture.call(Fixture.admin, "purchase.order", "button_approve", [[.int(large)]])
    #expect(try fixture.state(large) == "purchase")
  }

  @Test func lockOnApproval_locksAtOnce_per_version() throws {
    let v17 = try Fixture { $0.lockOnApproval = true }
    let order17 = try v17.order()
    try v17.call(Fixture.admin, "purchase.order", "button_confirm", [[.int(order17)]])
    #expect(try v17.state(order17) == "done")
    let v19 = try Fixture(version: .v19) { $0.lockOnApproval = true }
    let order19 = try v19.order()
    try v19.call(Fixture.admin, "purchase.order", "button_confirm", [[.int(order19)]])
    let row = try v19.read("purchase.order", order19, ["state", "locked"])
    #expect(row["state"] == "purchase")
    #expect(row["locked"] == .bool(true))
  }

  @Test func doneAndUnlock_onSeventeen_returnNone() throws {
    let fixture = try Fixture()
    let order = try fixture.order()
    try fixture.call(Fixture.admin, "purchase.order", "button_confirm", [[.int(order)]])
    #expect(try fixture.call(Fixture.admin, "purchase.order", "button_done", [[.int(order)]]) == nil)
    #expect(try fixture.state(order) == "done")
    #expect(try fixture.call(Fixture.admin, "purchase.order", "button_unlock", [[.int(order)]]) == nil)
    #expect(try fixture.state(order) == "purchase")
    fixture.expectError(.attributeError, Fixture.admin, "purchase.order", "button_lock", [[.int(order)]])
  }

  @Test func lockAndUnlock_onNineteen_useTheFlag() throws {
    let fixture = try Fixture(version: .v19)
    let order = try fixture.order()
    try fixture.call(Fixture.admin, "purchase.order", "button_confirm", [[.int(order)]])
    #expect(try fixture.call(Fixture.admin, "purchase.order", "button_lock", [[.int(order)]]) == nil)
    #expect(try fixture.read("purchase.order", order, ["locked"])["locked"] == .bool(true))
    let error = fixture.expectError(.userError, Fixture.admin, "purchase.order", "button_cancel", [[.int(order)]])
    #expect(error?.message.contains("locked") == true)
    try fixture.call(Fixture.admin, "purchase.order", "button_unlock", [[.int(order)]])
    #expect(try fixture.read("purchase.order", order, ["locked"])["locked"] == .bool(false))
    fixture.expectError(.attributeError, Fixture.admin, "purchase.order", "button_done", [[.int(order)]])
  }

  @Test func cancel_ofLockedOrder_isAllowedOnSeventeen() throws {
    let fixture = try Fixture()
    let order = try fixture.order()
    try fixture.call(Fixture.admin, "purchase.order", "button_confirm", [[.int(order)]])
    try fixture.call(Fixture.admin, "purchase.order", "button_done", [[.int(order)]])
    #expect(try fixture.call(Fixture.admin, "purchase.order", "button_cancel", [[.int(order)]]) == nil)
    #expect(try fixture.state(order) == "cancel")
  }

  @Test func cancel_isRefused_whenBilled() throws {
    let fixture = try Fixture()
    let order = try fixture.order()
    try fixture.call(Fixture.admin, "purchase.order", "button_confirm", [[.int(order)]])
    try fixture.engine.setOrderFlags(orderID: order, billed: true, received: nil)
    let error = fixture.expectError(.userError, Fixture.admin, "purchase.order", "button_cancel", [[.int(order)]])
    #expect(error?.message == "Unable to cancel this purchase order. You must first cancel the related vendor bills.")
    #expect(try fixture.state(order) == "purchase")
  }

  @Test func cancel_isRefused_whenReceived() throws {
    let fixture = try Fixture()
    let order = try fixture.order()
    try fixture.call(Fixture.admin, "purchase.order", "button_confirm", [[.int(order)]])
    try fixture.engine.setOrderFlags(orderID: order, billed: nil, received: true)
    let error = fixture.expectError(.userError, Fixture.admin, "purchase.order", "button_cancel", [[.int(order)]])
    #expect(error?.message == "Unable to cancel purchase order P00001 as some receptions have already been done.")
  }

  @Test func draft_resetsACancelledOrder() throws {
    let fixture = try Fixture()
    let order = try fixture.order()
    try fixture.call(Fixture.admin, "purchase.order", "button_cancel", [[.int(order)]])
    #expect(try fixture.call(Fixture.admin, "purchase.order", "button_draft", [[.int(order)]]) == .object([:]))
    #expect(try fixture.state(order) == "draft")
  }

  @Test func printQuotation_marksDraftAsSent_andRFQSendChangesNothing() throws {
    let fixture = try Fixture()
    let order = try fixture.order()
    let action = try #require(try fixture.call(Fixture.admin, "purchase.order", "action_rfq_send", [[.int(order)]]))
    #expect(action["res_model"] == "mail.compose.message")
    #expect(try fixture.state(order) == "draft")
    try fixture.call(Fixture.admin, "purchase.order", "print_quotation", [[.int(order)]])
    #expect(try fixture.state(order) == "sent")
  }

  @Test func unlink_onlyWhenCancelled() throws {
    let fixture = try Fixture()
    let order = try fixture.order()
    let error = fixture.expectError(.userError, Fixture.admin, "purchase.order", "unlink", [[.int(order)]])
    #expect(error?.message == "In order to delete a purchase order, you must cancel it first.")
    try fixture.call(Fixture.admin, "purchase.order", "button_cancel", [[.int(order)]])
    #expect(try fixture.call(Fixture.admin, "purchase.order", "unlink", [[.int(order)]]) == .bool(true))
    #expect(try fixture.call(Fixture.admin, "purchase.order.line", "search_count", [[]]) == .int(0))
  }

  @Test func lineDeletion_isRefusedOnConfirmedOrLockedOrders() throws {
    let fixture = try Fixture()
    let order = try fixture.order(lines: [(0, 1), (1, 1)])
    let lines = try #require(try fixture.read("purchase.order", order, ["order_line"])["order_line"]?.arrayValue)
    try fixture.call(Fixture.admin, "purchase.order", "button_confirm", [[.int(order)]])
    let error = fixture.expectError(.userError, Fixture.admin, "purchase.order.line", "unlink", [[lines[0]]])
    #expect(error?.message == "Cannot delete a purchase order line which is in state “Purchase Order”.")
    fixture.expectError(
      .userError, Fixture.admin, "purchase.order", "write", [[.int(order)], ["order_line": [[2, lines[0], 0]]]])
    try fixture.call(Fixture.admin, "purchase.order", "button_done", [[.int(order)]])
    let locked = fixture.expectError(
      .userError, Fixture.admin, "purchase.order", "write", [[.int(order)], ["order_line": [[5, 0, 0]]]])
    #expect(locked?.message.contains("Locked") == true)
    // Adding a line to a confirmed order is allowed.
    try fixture.call(Fixture.admin, "purchase.order", "button_unlock", [[.int(order)]])
    try fixture.call(
      Fixture.admin, "purchase.order", "write",
      [[.int(order)], ["order_line": [[0, 0, ["product_id": .int(fixture.products[2])]]]]])
    #expect(try fixture.read("purchase.order", order, ["order_line"])["order_line"]?.arrayValue?.count == 3)
  }

  @Test func changingDisplayType_isRefused() throws {
    let fixture = try Fixture()
    let order = try fixture.order()
    let note = try #require(
      try fixture.call(
        Fixture.admin, "purchase.order.line", "create",
        [["order_id": .int(order), "display_type": "line_note", "name": "Fragile"]])?.intValue)
    fixture.expectError(
      .userError, Fixture.admin, "purchase.order.line", "write", [[.int(note)], ["display_type": "line_section"]])
    fixture.expectError(
      .validationError, Fixture.admin, "purchase.order.line", "create",
      [["order_id": .int(order), "display_type": "line_note", "name": "x", "product_id": .int(fixture.products[0])]])
  }
}
