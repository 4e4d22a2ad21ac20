import FarmacyDomain
import FarmacyTestSupport
import Foundation
import SyncEngine
import TerminalKit
import TerminalKitTestSupport
import Testing

@testable import FarmacyApp
@testable import FarmacyStore

/// Whole screens of every pane against golden files, at 80×24 and 200×60.
@Suite struct ScreenSnapshotTests {
  private static let small = Size(width: 80, height: 24)
  private static let large = Size(width: 200, height: 60)

  /// A state with something in every pane.
  private func busyState(size: Size, role: Role = .manager) -> AppState {
    var state = loadedState(role: role, size: size, total: 100_000)
    state.orders.window.update(summary(1, state: .purchase, sync: .pending))
    state.orders.window.update(summary(2, state: .cancelled, sync: .conflict))
    state.orders.window.update(summary(3, state: .sent, sync: .failed))
    _ = reduce(&state, .keyPressed(KeyEvent(.down)))
    _ = reduce(
      &state,
      .queueLoaded(
        jobs: [
          job(11, state: .inFlight, reference: "P00001"),
          job(12, state: .deferred, reference: "P00004", error: "HTTP 502 from the proxy", attempts: 3),
          job(13, state: .dead, reference: "P00003", error: "Odoo refused: the vendor is archived", attempts: 8),
          job(14, state: .pending, reference: "L00001"),
        ],
        counts: [.inFlight: 1, .deferred: 1, .dead: 1, .pending: 1],
        oldest: [.pending: screenNow.addingTimeInterval(-300)]))
    var metrics = SyncMetricsSnapshot()
    metrics.succeeded = 120
    metrics.latencyP50Ms = 42
    metrics.latencyP90Ms = 90
    metrics.latencyP99Ms = 180
    metrics.throughputPerMinute = (0..<30).map { ($0 * 7) % 11 }
    for step in 0..<60 {
      metrics.latencyP50Ms = Double(30 + (step * 13) % 40)
      _ = reduce(
        &state,
        .healthSampled(
          HealthSample(
            breakerState: "closed", consecutiveFailures: 2, failureThreshold: 5, failureRate: 0.1,
            server: "http://127.0.0.1:8069", version: "17.0", protocolName: "jsonrpc", metrics: metrics)))
    }
    _ = reduce(
      &state,
      .syncEventReceived(
        .breakerChanged(from: "closed", to: "open", reason: "consecutiveFailures(5)"),
        at: screenNow.addingTimeInterval(-600)))
    _ = reduce(
      &state,
      .syncEventReceived(
        .breakerChanged(from: "open", to: "half-open", reason: "openPeriodEnded"),
        at: screenNow.addingTimeInterval(-540)))
    _ = reduce(
      &state,
      .syncEventReceived(
        .breakerChanged(from: "half-open", to: "closed", reason: "trialsSucceeded(1)"),
        at: screenNow.addingTimeInterval(-535)))
    _ = reduce(
      &state,
      .conflictsLoaded([
        storedConflict(
          1, order: 2, field: "notes", base: "Deliver before 10:00", local: "Deliver before 10:00, side door",
          remote: "Deliver after 14:00"),
        storedConflict(2, order: 2, field: "lines[TAB-00005].quantity", base: "10", local: "12", remote: "15"),
        storedConflict(3, order: 9, field: "origin", base: "Reorder rule", local: "Clinic 7", remote: "Clinic 9"),
      ]))
    state.toasts = []
    state.message = nil
    return state
  }

  @Test func orders80x24() throws {
    try expectSnapshot(of: screen(busyState(size: Self.small)), named: "orders80x24")
  }

  @Test func dashboard200x60() throws {
    var state = busyState(size: Self.large)
    _ = reduce(&state, .keyPressed(KeyEvent(.tab)))
    try expectSnapshot(of: screen(state), named: "dashboard200x60")
  }

  @Test func queue80x24() throws {
    var state = busyState(size: Self.small)
    _ = reduce(&state, .keyPressed(.character("2")))
    _ = reduce(&state, .keyPressed(.character("j")))
    try expectSnapshot(of: screen(state), named: "queue80x24")
  }

  @Test func health80x24() throws {
    var state = busyState(size: Self.small)
    _ = reduce(&state, .keyPressed(.character("3")))
    try expectSnapshot(of: screen(state), named: "health80x24")
  }

  @Test func conflicts80x24_andConflicts200x60() throws {
    for size in [Self.small, Self.large] {
      var state = busyState(size: size)
      _ = reduce(&state, .keyPressed(.character("4")))
      _ = reduce(&state, .keyPressed(.character("j")))
      _ = reduce(&state, .keyPressed(.character("l")))
      try expectSnapshot(of: screen(state), named: "conflicts\(size.width)x\(size.height)")
    }
  }

  /// A toast shows for seconds over the conflicts pane: it must leave the rows under the diff
  /// (the plan of what applying does, and the keys) as they were.
  @Test func conflictsWithToast80x24_andConflictsWithToast200x60_leaveThePlanAndKeysReadable() throws {
    for size in [Self.small, Self.large] {
      var state = busyState(size: size)
      _ = reduce(&state, .keyPressed(.character("4")))
      let plain = screen(state).lines
      _ = reduce(
        &state,
        .syncEventReceived(
          .notification(level: "warning", title: "Odoo unreachable", body: "the proxy answered 502 three times in a row"),
          at: screenNow))
      let toasted = screen(state)
      let pane = try #require(AppLayout(state: state).panes[.conflicts])
      let footer = try #require(ConflictsView.footerArea(state, theme: state.theme, in: pane))
      #expect(toasted.lines[footer.y].contains("P00002: keep 2 local, take 0 from Odoo"))
      for y in footer.y..<footer.bottom {
        #expect(toasted.lines[y] == plain[y], "row \(y) under the diff changed under the toast")
      }
      #expect(toasted.lines.contains { $0.contains("Odoo unreachable") })
      try expectSnapshot(of: toasted, named: "conflictsWithToast\(size.width)x\(size.height)")
    }
  }

  /// The dashboard shows the queue and health beside the orders; here each fills a 200×60
  /// screen alone, as a pane does in a window too wide for tabs but given to one pane.
  @Test func queue200x60_andHealth200x60_eachOnItsOwn() throws {
    let state = busyState(size: Self.large)
    let area = Rect(x: 0, y: 0, width: Self.large.width, height: Self.large.height)
    var queue = Buffer(size: Self.large)
    QueueView.render(state, theme: state.theme, focused: true, in: area, buffer: &queue)
    try expectSnapshot(of: queue, named: "queue200x60")
    var health = Buffer(size: Self.large)
    HealthView.render(state, theme: state.theme, focused: true, in: area, buffer: &health)
    try expectSnapshot(of: health, named: "health200x60")
  }

  @Test func conflictLines80x24_andConflictLines200x60_withWideCharacters() throws {
    for size in [Self.small, Self.large] {
      var state = busyState(size: size)
      _ = reduce(&state, .keyPressed(.character("4")))
      _ = reduce(
        &state,
        .conflictsLoaded([
          storedConflict(1, order: 2, field: "notes", base: "午前配達", local: "午前配達、裏口", remote: "午後配達"),
          storedLineConflict(
            2, order: 2, field: "lines[TAB-00005].quantity", line: 101, base: "10", local: "12", remote: "15"),
          storedLineConflict(
            3, order: 2, field: "lines[TAB-00005].description", line: 101, base: "アモキシシリン 250mg",
            local: "アモキシシリン 250mg 錠", remote: "Amoxicillin 250 mg"),
          storedLineConflict(
            4, order: 2, field: "lines[ワクチン-7]", line: 102, base: "ワクチン-7 1 × 5.00", local: nil,
            remote: "ワクチン-7 2 × 5.00"),
          storedLineConflict(
            5, order: 2, field: "lines[VAC-00136].quantity", line: 103, base: nil, local: "4", remote: "6"),
          storedLineConflict(
            6, order: 2, field: "lines[VAC-00136].price", line: 103, base: nil, local: "527.86", remote: "510.00"),
        ]))
      var merge = auditEntry(1, order: 2, summary: "P00002: 6 conflict(s) wait for a manager")
      merge.action = "sync.conflict_detected"
      merge.details = """
        {"notes": ["origin taken from Odoo", "line SYR-00042 added in Odoo merged in", \
        "lines[TAB-00005].discount: local kept — The order totals differ by €0.00, less than the negligible amount"]}
        """
      _ = reduce(&state, .auditLoaded(orderID: uuid(2), entries: [merge]))
      for key: KeyEvent in [.character("j"), .character("l"), .character("j"), .character("j"), .character("j")] {
        _ = reduce(&state, .keyPressed(key))
      }
      _ = reduce(&state, .keyPressed(.character("h")))
      _ = reduce(&state, .keyPressed(.character("j")))
      _ = reduce(&state, .keyPressed(.character("m")))
      addToast(&state, "Conflict on P00002: notes, lines[TAB-00005].quantity", kind: .warning)
      try expectSnapshot(of: screen(state), named: "conflictLines\(size.width)x\(size.height)")
    }
  }

  @Test func orderDetail80x24() throws {
    var state = busyState(size: Self.small)
    var order = PurchaseOrder.fixture(id: uuid(1), reference: "P00001", state: .purchase)
    order.origin = "Reorder rule"
    order.notes = "Controlled drugs: signature required."
    order.lines = [
      .fixture(code: "TAB-00005", quantity: 9, unitPriceMinor: 2_820),
      .fixture(code: "VAC-00136", quantity: 4, unitPriceMinor: 52_786),
    ]
    _ = reduce(&state, .keyPressed(KeyEvent(.enter)))
    let history = [
      AuditEntry(
        id: 2, at: screenNow.addingTimeInterval(-120), actor: "ana", action: "order.confirm", orderUUID: uuid(1),
        summary: "P00001: RFQ → Purchase Order", details: "{}"),
      AuditEntry(
        id: 1, at: screenNow.addingTimeInterval(-7_200), actor: "sync", action: "order.pulled", orderUUID: uuid(1),
        summary: "P00001 pulled from Odoo", details: "{}"),
    ]
    _ = reduce(
      &state,
      .orderDetailLoaded(
        StoredOrder(order: order, info: StoredOrderInfo(revision: 3, syncStatus: .pending)), history: history))
    try expectSnapshot(of: screen(state), named: "orderDetail80x24")
    _ = reduce(&state, .keyPressed(.character("e")))
    try expectSnapshot(of: screen(state), named: "orderEdit80x24")
    _ = reduce(&state, .keyPressed(KeyEvent(.escape)))
    _ = reduce(&state, .keyPressed(KeyEvent(.down)))
    _ = reduce(&state, .keyPressed(KeyEvent(.enter)))
    try expectSnapshot(of: screen(state), named: "orderLineEdit80x24")
  }

  @Test func orderDetail200x60_andHelp200x60() throws {
    var state = busyState(size: Self.large, role: .staff)
    var order = PurchaseOrder.fixture(id: uuid(1), reference: "P00001", vendorName: "動物薬品 株式会社")
    order.notes = "納品は午前中に"
    order.lines = [
      .fixture(code: "TAB-00005", quantity: 9, unitPriceMinor: 2_820),
      .fixture(code: "VAC-00136", quantity: 4, unitPriceMinor: 52_786),
    ]
    _ = reduce(&state, .keyPressed(KeyEvent(.enter)))
    _ = reduce(
      &state, .orderDetailLoaded(StoredOrder(order: order, info: StoredOrderInfo(revision: 3, syncStatus: .conflict))))
    try expectSnapshot(of: screen(state), named: "orderDetail200x60")
    _ = reduce(&state, .keyPressed(.character("?")))
    try expectSnapshot(of: screen(state), named: "help200x60")
  }

  @Test func helpAndDialog80x24() throws {
    var state = busyState(size: Self.small, role: .staff)
    _ = reduce(&state, .keyPressed(.character("?")))
    try expectSnapshot(of: screen(state), named: "help80x24")
    _ = reduce(&state, .keyPressed(KeyEvent(.escape)))
    _ = reduce(&state, .keyPressed(.character("x")))
    try expectSnapshot(of: screen(state), named: "cancelDialog80x24")
  }

  @Test func newOrder80x24() throws {
    var state = busyState(size: Self.small)
    _ = reduce(&state, .keyPressed(.character("n")))
    for character in "alpen" { _ = reduce(&state, .keyPressed(.character(character))) }
    _ = reduce(&state, .keyPressed(KeyEvent(.tab)))
    for character in "TAB-00001:12" { _ = reduce(&state, .keyPressed(.character(character))) }
    // The form's save was sent and the store refused it.
    state.orders.formSave = .newOrder
    _ = reduce(&state, .orderOperationFailed("lines[1]: no product with code \"TAB-00001\"", kind: .created))
    state.toasts = []
    try expectSnapshot(of: screen(state), named: "newOrder80x24")
  }

  @Test func productPicker80x24_andProductPicker200x60() throws {
    for size in [Self.small, Self.large] {
      var state = busyState(size: size)
      var order = PurchaseOrder.fixture(id: uuid(1), reference: "P00001", vendorName: "動物薬品 株式会社")
      order.lines = [.fixture(code: "TAB-00005", quantity: 9, unitPriceMinor: 2_820)]
      _ = reduce(&state, .keyPressed(KeyEvent(.enter)))
      _ = reduce(
        &state, .orderDetailLoaded(StoredOrder(order: order, info: StoredOrderInfo(revision: 3, syncStatus: .synced))))
      _ = reduce(&state, .keyPressed(.character("a")))
      _ = type("a", into: &state)
      _ = reduce(&state, .catalogueSearched(generation: 2, offers: offers()))
      _ = reduce(&state, .keyPressed(KeyEvent(.down)))
      try expectSnapshot(of: screen(state), named: "productPicker\(size.width)x\(size.height)")
    }
  }

  @Test func vendorPicker80x24_andVendorPicker200x60() throws {
    let vendors = [
      Vendor(id: 2, name: "Alpenvet Großhandel GmbH", countryCode: "DE"),
      Vendor(id: 9, name: "東京動物薬品株式会社 🐾", kind: .manufacturer, countryCode: "JP"),
      Vendor(id: 10, name: "Meridian Animal Health", kind: .manufacturer, countryCode: "US", currency: .usd),
    ]
    for size in [Self.small, Self.large] {
      var state = busyState(size: size)
      var order = PurchaseOrder.fixture(id: uuid(1), reference: "P00001", vendorName: "Harvest Paw Nutrition")
      order.lines = [.fixture(productID: 5, code: "TAB-00005", quantity: 30, unitPriceMinor: 2_000)]
      _ = reduce(&state, .keyPressed(KeyEvent(.enter)))
      _ = reduce(
        &state, .orderDetailLoaded(StoredOrder(order: order, info: StoredOrderInfo(revision: 3, syncStatus: .synced))))
      _ = reduce(&state, .keyPressed(.character("e")))
      _ = reduce(&state, .keyPressed(.control("g")))
      _ = type("a", into: &state)
      _ = reduce(&state, .vendorsSearched(generation: 2, vendors: vendors))
      _ = reduce(&state, .keyPressed(KeyEvent(.down)))
      try expectSnapshot(of: screen(state), named: "vendorPicker\(size.width)x\(size.height)")
      // Chosen: the header form shows the new vendor and the lines their new prices.
      _ = reduce(&state, .keyPressed(KeyEvent(.up)))
      _ = reduce(&state, .keyPressed(KeyEvent(.enter)))
      _ = reduce(&state, .vendorOffersLoaded(vendorID: 2, offers: offers()))
      try expectSnapshot(of: screen(state), named: "vendorChange\(size.width)x\(size.height)")
    }
  }

  @Test func newLineWithMistakes80x24_andNewLineWithMistakes200x60() throws {
    for size in [Self.small, Self.large] {
      var state = busyState(size: size)
      let order = PurchaseOrder.fixture(
        id: uuid(1), reference: "P00001", lines: [.fixture(code: "TAB-00005", quantity: 9, unitPriceMinor: 2_820)])
      _ = reduce(&state, .keyPressed(KeyEvent(.enter)))
      _ = reduce(
        &state, .orderDetailLoaded(StoredOrder(order: order, info: StoredOrderInfo(revision: 3, syncStatus: .synced))))
      _ = reduce(&state, .keyPressed(.character("a")))
      _ = reduce(&state, .catalogueSearched(generation: 1, offers: offers()))
      _ = reduce(&state, .keyPressed(KeyEvent(.down)))
      _ = reduce(&state, .keyPressed(KeyEvent(.enter)))
      _ = reduce(&state, .keyPressed(.control("u")))
      _ = type("zwölf", into: &state)
      for _ in 0..<3 { _ = reduce(&state, .keyPressed(KeyEvent(.tab))) }
      _ = reduce(&state, .keyPressed(.control("u")))
      _ = type("next week", into: &state)
      _ = reduce(&state, .keyPressed(KeyEvent(.enter)))
      state.message = nil
      try expectSnapshot(of: screen(state), named: "newLineWithMistakes\(size.width)x\(size.height)")
    }
  }

  @Test func auditTrail80x24_andAuditTrail200x60() throws {
    for size in [Self.small, Self.large] {
      var state = busyState(size: size)
      _ = reduce(&state, .keyPressed(.character("T")))
      var merged = auditEntry(2, summary: "P00002: 1 conflict(s) wait for a manager: origin")
      merged.details =
        #"{"notes": ["notes: remote kept — Odoo cancelled the order; a cancellation wins", "#
        + #""lines[TAB-00005].price_unit: local kept — totals differ by less than 0.01"]}"#
      let entries = [
        auditEntry(1, summary: "P00001: partner_ref \"Clinic 7\" → \"動物病院 7\""),
        merged,
        auditEntry(3, order: nil, summary: "demo seeded with 100000 orders"),
        auditEntry(4, summary: "P00001: RFQ → Purchase Order"),
      ]
      _ = reduce(&state, .auditLoaded(orderID: nil, entries: entries))
      _ = reduce(&state, .keyPressed(KeyEvent(.down)))
      try expectSnapshot(of: screen(state), named: "auditTrail\(size.width)x\(size.height)")
    }
  }

  @Test func retryPreview80x24_andRetryPreview200x60() throws {
    for size in [Self.small, Self.large] {
      var state = queueWithDeadJobs(size: size)
      _ = reduce(&state, .keyPressed(.character("A")))
      _ = type("502", into: &state)
      state.message = nil
      try expectSnapshot(of: screen(state), named: "retryPreview\(size.width)x\(size.height)")
    }
  }

  @Test func firstPullProgress80x24_andFirstPullProgress200x60() throws {
    for size in [Self.small, Self.large] {
      var state = busyState(size: size)
      _ = reduce(&state, .keyPressed(.character("2")))
      _ = reduce(&state, .syncEventReceived(.pullStarted(full: true), at: screenNow))
      _ = reduce(
        &state, .syncEventReceived(.pullProgress(model: "purchase.order", done: 36_000, total: 100_000), at: screenNow))
      try expectSnapshot(of: screen(state), named: "firstPullProgress\(size.width)x\(size.height)")
    }
  }

  @Test func hostileCatalogueText_isDrawnWithoutControlCharacters() throws {
    var state = busyState(size: Self.small)
    _ = reduce(&state, .keyPressed(KeyEvent(.enter)))
    _ = reduce(
      &state,
      .orderDetailLoaded(
        StoredOrder(
          order: .fixture(id: uuid(1), reference: "P00001", vendorName: "Evil\u{1B}]0;owned\u{7} Vendor\u{202E}"),
          info: StoredOrderInfo(revision: 1, syncStatus: .synced))))
    _ = reduce(&state, .keyPressed(.character("a")))
    let hostile = CatalogueOffer(
      entry: CatalogueEntry(id: 9, vendorID: 1, productID: 9, vendorProductCode: "\u{1B}[2J", priceMinor: 100),
      product: .fixture(id: 9, code: "TAB-\u{0}9", name: "Line\nbreak\r\u{1B}[31mred\u{1B}[0m 💊💊💊"))
    _ = reduce(&state, .catalogueSearched(generation: 1, offers: [hostile]))
    let lines = screen(state).lines
    #expect(lines.count == 24)
    for line in lines {
      #expect(!line.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0 == "\u{202E}" }, "\(line)")
    }
    // Control characters show as their pictures, so nothing is hidden from the person either.
    #expect(lines.contains { $0.contains("TAB-␀9") && $0.contains("Line␊break␍␛[31mred") })
  }

  @Test func tooSmall40x10() throws {
    try expectSnapshot(of: screen(busyState(size: Size(width: 40, height: 10))), named: "tooSmall40x10")
  }

  @Test func selection_usesTheThemeStyle() {
    let state = busyState(size: Self.small)
    let buffer = screen(state, theme: .dark)
    // Row 2 of the body (y 4 on screen) is the selected second order.
    #expect(buffer[2, 4].style == Theme.dark[.selection])
    #expect(screen(state, theme: .monochrome)[2, 4].style.modifiers.contains(.reverse))
  }
}
