import FarmacyDomain
import FarmacyTestSupport
import Foundation
import Testing

@Suite struct ValidationTests {
  private func rules(_ order: PurchaseOrder) -> [String] {
    order.validate().map { "\($0.field) \($0.rule.rawValue)" }
  }

  @Test func validOrder_hasNoIssues() {
    #expect(PurchaseOrder.fixture().validate().isEmpty)
  }

  @Test func vendor_isRequired() {
    #expect(rules(.fixture(vendorID: nil)) == ["vendor required"])
  }

  @Test func line_needsAProduct_aPositiveQuantity_andANonNegativePrice() {
    let order = PurchaseOrder.fixture(lines: [
      .fixture(productID: nil), .fixture(quantity: 0), .fixture(quantity: Quantity(thousandths: -1)),
      .fixture(unitPriceMinor: -1), .fixture(unitPriceMinor: 0),
    ])
    #expect(
      rules(order) == [
        "lines[1].product required", "lines[2].quantity must_be_positive", "lines[3].quantity must_be_positive",
        "lines[4].price must_not_be_negative",
      ])
    #expect(order.validate()[1].description == "lines[2].quantity: must be greater than 0 (got 0)")
  }

  @Test func discountAndTax_mustBeBetweenZeroAndHundred() {
    let order = PurchaseOrder.fixture(lines: [
      .fixture(discount: Percentage(percent: 101)), .fixture(taxRate: Percentage(basisPoints: -1)),
      .fixture(discount: Percentage(percent: 100)),
    ])
    #expect(rules(order) == ["lines[1].discount out_of_range", "lines[2].tax out_of_range"])
  }

  @Test func text_isBounded() {
    var order = PurchaseOrder.fixture()
    order.vendorReference = String(repeating: "x", count: 65)
    order.notes = String(repeating: "é", count: 4_001)
    #expect(rules(order) == ["vendor_reference too_long", "notes too_long"])
    #expect(order.validate()[0].message == "must be at most 64 characters (got 65)")
  }

  @Test(arguments: [
    "\u{1B}[31mred", "nul\u{0}", "bell\u{7}", "\u{202E}reversed", "\u{2066}isolate", "del\u{7F}", "c1\u{9B}31m",
    "line\u{2028}separator", "lf\nin a single-line field",
  ])
  func controlCharacters_areRefused_inSingleLineFields(text: String) {
    var order = PurchaseOrder.fixture()
    order.origin = text
    #expect(rules(order) == ["origin control_characters"])
  }

  @Test func multilineFields_allowNewlinesAndTabs_butNotEscapes() {
    var order = PurchaseOrder.fixture()
    order.notes = "line one\n\tline two — ünïcödé 東京 🐾"
    #expect(order.validate().isEmpty)
    order.notes = "clear screen \u{1B}[2J"
    #expect(rules(order) == ["notes control_characters"])
    #expect(order.validate()[0].message == "must not contain control characters (found U+001B)")
  }

  @Test func confirmedOrder_linesCannotBeDeleted() {
    let kept = OrderLine.fixture()
    let removed = OrderLine.fixture(code: "TAB-00002")
    let previous = PurchaseOrder.fixture(state: .purchase, lines: [kept, removed])
    var edited = previous
    edited.lines = [kept]
    #expect(edited.validateEdit(from: previous).map(\.rule) == [.cannotDeleteConfirmedLine])
    #expect(edited.validateEdit(from: previous)[0].field == "lines[2]")

    let draft = PurchaseOrder.fixture(state: .draft, lines: [kept, removed])
    var editedDraft = draft
    editedDraft.lines = [kept]
    #expect(editedDraft.validateEdit(from: draft).isEmpty)
  }

  @Test(arguments: [OrderState.locked, .cancelled])
  func lockedOrCancelledOrder_cannotBeEdited(state: OrderState) {
    let previous = PurchaseOrder.fixture(state: state)
    var edited = previous
    edited.notes = "changed"
    #expect(edited.validateEdit(from: previous).map(\.rule) == [.notEditableInState])
    #expect(previous.validateEdit(from: previous).isEmpty)
  }

  @Test(arguments: [OrderState.draft, .sent, .toApprove, .purchase])
  func vendor_changesOnlyOnAnRFQ(state: OrderState) {
    let previous = PurchaseOrder.fixture(state: state)
    var edited = previous
    edited.vendorID = 99
    edited.vendorName = "Alpenvet Großhandel GmbH"
    let issues = edited.validateEdit(from: previous)
    if state == .draft || state == .sent {
      #expect(issues.isEmpty)
    } else {
      #expect(issues.map(\.field) == ["vendor"])
      #expect(issues.map(\.rule) == [.notEditableInState])
    }
  }

  @Test func confirmedOrder_quantityMayStillChange() {
    let previous = PurchaseOrder.fixture(state: .purchase)
    var edited = previous
    edited.lines[0].quantity = 5
    #expect(edited.validateEdit(from: previous).isEmpty)
  }

  @Test func change_listsEveryDifferingField() {
    let line = OrderLine.fixture()
    let before = PurchaseOrder.fixture(lines: [line])
    var after = before
    after.notes = "new"
    after.lines[0].quantity = 7
    after.lines.append(.fixture(code: "VAC-00009"))
    let fields = OrderChange.diff(from: before, to: after).map(\.field)
    #expect(fields == ["notes", "lines[TAB-00001].quantity", "lines[VAC-00009]"])
    #expect(OrderChange.diff(from: before, to: before).isEmpty)
  }
}
