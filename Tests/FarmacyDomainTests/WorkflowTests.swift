import FarmacyDomain
import FarmacyTestSupport
import Testing

@Suite struct WorkflowTests {
  /// Every state × step under Odoo's default policy: the resulting state, or nil for a refusal.
  static let table: [(OrderState, OrderAction, OrderState?)] = [
    (.draft, .send, .sent), (.draft, .confirm, .purchase), (.draft, .approve, nil), (.draft, .lock, nil),
    (.draft, .unlock, nil), (.draft, .cancel, .cancelled), (.draft, .resetToDraft, nil),
    (.sent, .send, nil), (.sent, .confirm, .purchase), (.sent, .approve, nil), (.sent, .lock, nil),
    (.sent, .unlock, nil), (.sent, .cancel, .cancelled), (.sent, .resetToDraft, nil),
    (.toApprove, .send, nil), (.toApprove, .confirm, nil), (.toApprove, .approve, .purchase), (.toApprove, .lock, nil),
    (.toApprove, .unlock, nil), (.toApprove, .cancel, .cancelled), (.toApprove, .resetToDraft, nil),
    (.purchase, .send, nil), (.purchase, .confirm, nil), (.purchase, .approve, nil), (.purchase, .lock, .locked),
    (.purchase, .unlock, nil), (.purchase, .cancel, .cancelled), (.purchase, .resetToDraft, nil),
    (.locked, .send, nil), (.locked, .confirm, nil), (.locked, .approve, nil), (.locked, .lock, nil),
    (.locked, .unlock, .purchase), (.locked, .cancel, .cancelled), (.locked, .resetToDraft, nil),
    (.cancelled, .send, nil), (.cancelled, .confirm, nil), (.cancelled, .approve, nil), (.cancelled, .lock, nil),
    (.cancelled, .unlock, nil), (.cancelled, .cancel, nil), (.cancelled, .resetToDraft, .draft),
  ]

  @Test func table_coversEveryStateAndStep() {
    #expect(Self.table.count == OrderState.allCases.count * OrderAction.allCases.count)
  }

  @Test(arguments: table)
  func step_followsOdooRules(from: OrderState, action: OrderAction, expected: OrderState?) {
    let order = PurchaseOrder.fixture(state: from)
    do {
      let next = try order.applying(action, now: testNow)
      #expect(next.state == expected, "\(from) --\(action)--> \(next.state)")
    } catch {
      #expect(expected == nil, "\(from) --\(action)--> refused: \(error)")
      #expect(error.code == .notAllowedInState)
      #expect(error.description.contains(from.label))
    }
  }

  @Test func confirm_setsTheConfirmationDate() throws {
    let confirmed = try PurchaseOrder.fixture().applying(.confirm, now: testNow)
    #expect(confirmed.dateApprove == testNow)
  }

  @Test func confirm_needsSecondApproval_atOrAboveTheThreshold() throws {
    let policy = WorkflowPolicy(secondApprovalFromMinor: 5_000)
    let small = PurchaseOrder.fixture(lines: [.fixture(quantity: 1, unitPriceMinor: 4_999)])
    let large = PurchaseOrder.fixture(lines: [.fixture(quantity: 1, unitPriceMinor: 5_000)])
    #expect(try small.applying(.confirm, policy: policy, now: testNow).state == .purchase)
    let waiting = try large.applying(.confirm, policy: policy, now: testNow)
    #expect(waiting.state == .toApprove)
    #expect(waiting.dateApprove == nil)
    #expect(try waiting.applying(.approve, policy: policy, now: testNow).state == .purchase)
  }

  @Test func approval_locks_whenThePolicySaysSo() throws {
    let policy = WorkflowPolicy(locksOnApproval: true)
    #expect(try PurchaseOrder.fixture().applying(.confirm, policy: policy, now: testNow).state == .locked)
  }

  @Test func cancel_isRefused_withAnActiveBill_orADoneReceipt() {
    var billed = PurchaseOrder.fixture(state: .purchase)
    billed.hasActiveVendorBill = true
    #expect(throws: WorkflowError.self) { try billed.applying(.cancel, now: testNow) }
    do {
      _ = try billed.applying(.cancel, now: testNow)
    } catch {
      #expect(error.code == .activeVendorBill)
      #expect(error.description.contains("vendor bill"))
    }
    var received = PurchaseOrder.fixture(state: .locked)
    received.hasDoneReceipt = true
    do {
      _ = try received.applying(.cancel, now: testNow)
      Issue.record("a received order was cancelled")
    } catch {
      #expect(error.code == .doneReceipt)
    }
  }

  @Test func cancelLocked_isRefused_underOdoo19Rules() {
    let policy = WorkflowPolicy(allowsCancellingLocked: false)
    #expect(throws: WorkflowError.self) { try PurchaseOrder.fixture(state: .locked).applying(.cancel, policy: policy, now: testNow) }
    #expect((try? PurchaseOrder.fixture(state: .purchase).applying(.cancel, policy: policy, now: testNow))?.state == .cancelled)
  }

  @Test func confirm_isRefused_forAnInvalidOrEmptyOrder() {
    let empty = PurchaseOrder.fixture(lines: [])
    do {
      _ = try empty.applying(.confirm, now: testNow)
      Issue.record("an empty order was confirmed")
    } catch {
      #expect(error.code == .invalidOrder)
      #expect(error.issues.map(\.field) == ["lines"])
    }
    let noVendor = PurchaseOrder.fixture(vendorID: nil)
    do {
      _ = try noVendor.applying(.confirm, now: testNow)
      Issue.record("an order without vendor was confirmed")
    } catch {
      #expect(error.issues.map(\.field) == ["vendor"])
      #expect(error.description == "cannot confirm: vendor: is required")
    }
  }

  @Test func availableActions_listOnlyAllowedSteps() {
    #expect(PurchaseOrder.fixture(state: .draft).availableActions() == [.send, .confirm, .cancel])
    #expect(PurchaseOrder.fixture(state: .cancelled).availableActions() == [.resetToDraft])
    #expect(PurchaseOrder.fixture(state: .locked).availableActions() == [.unlock, .cancel])
  }

  @Test func state_parsesWhatPeopleType() {
    #expect(OrderState(userText: "RFQ") == .draft)
    #expect(OrderState(userText: "to-approve") == .toApprove)
    #expect(OrderState(userText: "done") == .locked)
    #expect(OrderState(userText: "Locked") == .locked)
    #expect(OrderState(userText: "cancel") == .cancelled)
    #expect(OrderState(userText: "shipped") == nil)
  }
}
