import FarmacyDomain
import FarmacyTestSupport
import Foundation
import SyncEngine
import TerminalKit
import Testing

@testable import FarmacyApp
@testable import FarmacyStore

func auditEntry(_ id: Int64, order: Int? = 1, summary: String) -> AuditEntry {
  AuditEntry(
    id: id, at: screenNow.addingTimeInterval(Double(-id * 60)), actor: id % 2 == 0 ? "ana" : "sync",
    action: "order.updated", orderUUID: order.map(uuid), summary: summary, details: "{}")
}

/// A queue with dead jobs of different orders and errors, and a job still pending.
func queueWithDeadJobs(role: Role = .support, size: Size = Size(width: 80, height: 24)) -> AppState {
  var state = loadedState(role: role, size: size)
  _ = reduce(&state, .keyPressed(.character("2")))
  _ = reduce(
    &state,
    .queueLoaded(
      jobs: [
        job(21, state: .dead, reference: "P00004", error: "HTTP 502 from the proxy", attempts: 8),
        job(22, state: .dead, reference: "P00007", error: "Odoo refused: the vendor is archived", attempts: 8),
        job(23, state: .dead, reference: "P00009", error: "HTTP 502 from the proxy", attempts: 8),
        job(24, state: .pending, reference: "P00011"),
      ],
      counts: [.dead: 3, .pending: 1], oldest: [:]))
  return state
}

extension ReduceTests {
  // MARK: - Vendor filter

  @Test func vendorKey_narrowsToTheSelectedOrdersVendor_andAgainShowsEveryVendor() throws {
    var state = loadedState()
    _ = reduce(&state, .keyPressed(KeyEvent(.down)))
    let effects = reduce(&state, .keyPressed(.character("v")))
    let request = try #require(effects.compactMap { if case .loadOrderPage(let r) = $0 { r } else { nil } }.first)
    #expect(request.query.vendorID == 2)
    #expect(state.orders.vendorFilterName == "Northbridge Veterinary Supply Ltd")
    #expect(OrdersView.title(state.orders).contains("vendor Northbridge Veterinary Supply Ltd"))
    let cleared = reduce(&state, .keyPressed(.character("v")))
    #expect(cleared.contains { if case .loadOrderPage(let r) = $0 { r.query.vendorID == nil } else { false } })
    #expect(state.orders.vendorFilterName == nil)
  }

  @Test func vendorCommand_findsTheVendorByName_thenFilters() throws {
    var state = loadedState()
    _ = reduce(&state, .keyPressed(.character(":")))
    _ = type("vendor 動物", into: &state)
    #expect(reduce(&state, .keyPressed(KeyEvent(.enter))) == [.findVendor("動物")])
    let effects = reduce(&state, .vendorFound(id: 4, name: "動物薬品 株式会社"))
    #expect(effects.contains { if case .loadOrderPage(let r) = $0 { r.query.vendorID == 4 } else { false } })
    #expect(state.orders.vendorFilterName == "動物薬品 株式会社")
    _ = reduce(&state, .keyPressed(.character(":")))
    _ = type("vendor all", into: &state)
    _ = reduce(&state, .keyPressed(KeyEvent(.enter)))
    #expect(state.orders.query.vendorID == nil)
  }

  @Test func sortKey_cyclesThroughEveryColumn() {
    var state = loadedState()
    var seen: [OrderQuery.SortField] = []
    for _ in OrderQuery.SortField.allCases {
      _ = reduce(&state, .keyPressed(.character("s")))
      seen.append(state.orders.query.sort)
    }
    #expect(Set(seen) == Set(OrderQuery.SortField.allCases))
  }

  @Test func clickingAColumnTitle_sortsByIt_andAgainReverses() throws {
    var state = loadedState()
    let area = try #require(AppLayout(state: state).panes[.orders])
    // At 80 columns: border, "Ref" 7 wide, a gap, then the vendor fills up to the dates.
    let effects = reduce(&state, .mouseClicked(Position(x: area.x + 10, y: area.y + 1)))
    #expect(state.orders.query.sort == .vendor)
    #expect(state.orders.query.descending == false)
    #expect(effects.contains { if case .loadOrderPage(let r) = $0 { r.query.sort == .vendor } else { false } })
    _ = reduce(&state, .mouseClicked(Position(x: area.x + 10, y: area.y + 1)))
    #expect(state.orders.query.descending == true)
    // The gap between two columns is no column: nothing changes.
    #expect(reduce(&state, .mouseClicked(Position(x: area.x + 8, y: area.y + 1))) == [])
    #expect(state.orders.query.sort == .vendor)
  }

  // MARK: - Audit trail

  @Test func auditTrail_ofEveryOrder_opensFromAnywhere_andScrolls() {
    var state = loadedState()
    _ = reduce(&state, .keyPressed(.character("3")))
    #expect(reduce(&state, .keyPressed(.character("T"))) == [.loadAudit(orderID: nil)])
    #expect(state.audit?.subject == "every order")
    let entries = (1...40).map { auditEntry(Int64($0), summary: "change \($0)") }
    _ = reduce(&state, .auditLoaded(orderID: nil, entries: entries))
    #expect(state.audit?.table.selected == 0)
    _ = reduce(&state, .keyPressed(KeyEvent(.pageDown)))
    #expect(state.audit?.table.selected == 16)
    _ = reduce(&state, .keyPressed(KeyEvent(.up)))
    #expect(state.audit?.table.selected == 15)
    // Keys of the pane below do nothing while the trail is open.
    #expect(reduce(&state, .keyPressed(.character("1"))) == [])
    #expect(state.pane == .health)
    _ = reduce(&state, .keyPressed(KeyEvent(.escape)))
    #expect(state.audit == nil)
  }

  @Test func auditTrail_ofOneOrder_ignoresAnAnswerForAnotherTrail() {
    var state = detailState(.fixture(id: uuid(0), reference: "P00000"))
    #expect(reduce(&state, .keyPressed(.character("t"))) == [.loadAudit(orderID: uuid(0))])
    #expect(state.audit?.subject == "P00000")
    _ = reduce(&state, .auditLoaded(orderID: nil, entries: [auditEntry(1, summary: "someone else's")]))
    #expect(state.audit?.entries.isEmpty == true)
    #expect(state.audit?.isLoading == true)
    _ = reduce(&state, .loadFailed(.loadAudit(orderID: uuid(0)), error: "database is locked"))
    #expect(state.audit?.isLoading == false)
    #expect(state.message == "database is locked")
  }

  @Test func auditKey_inTheConflicts_opensTheSelectedOrdersTrail_forEveryRole() {
    for role in Role.allCases {
      var state = loadedState(role: role)
      _ = reduce(&state, .keyPressed(.character("4")))
      _ = reduce(
        &state,
        .conflictsLoaded([storedConflict(1, order: 9, field: "origin", base: "a", local: "b", remote: "c")]))
      #expect(reduce(&state, .keyPressed(.character("t"))) == [.loadAudit(orderID: uuid(9))])
      #expect(state.audit?.subject == "P00009")
    }
  }

  @Test func auditTrail_readsWhyRulesSettledFields_fromTheEntrysDetails() {
    var entry = auditEntry(1, summary: "P00009: 1 conflict(s) wait for a manager: origin")
    entry.details = #"{"notes": ["notes: remote kept — Odoo cancelled the order; a cancellation wins", 7]}"#
    #expect(AuditView.reasons(in: entry) == ["notes: remote kept — Odoo cancelled the order; a cancellation wins"])
    entry.details = "not json \u{1B}"
    #expect(AuditView.reasons(in: entry) == [])
  }

  @Test func auditCommand_opensTheOverallTrail() {
    var state = loadedState()
    _ = reduce(&state, .keyPressed(.character(":")))
    _ = type("audit", into: &state)
    #expect(reduce(&state, .keyPressed(KeyEvent(.enter))) == [.loadAudit(orderID: nil)])
  }

  // MARK: - Mouse wheel

  @Test func wheel_scrollsThePaneUnderThePointer_andFocusesIt() {
    var state = queueWithDeadJobs(size: Size(width: 200, height: 60))
    _ = reduce(&state, .keyPressed(.character("1")))
    let queueArea = AppLayout(state: state).panes[.queue] ?? .zero
    _ = reduce(&state, .mouseScrolled(Position(x: queueArea.x + 5, y: queueArea.y + 5), down: true))
    #expect(state.pane == .queue)
    #expect(state.queue.table.selected == 1)
    _ = reduce(&state, .mouseScrolled(Position(x: queueArea.x + 5, y: queueArea.y + 5), down: false))
    #expect(state.queue.table.selected == 0)
    let ordersArea = AppLayout(state: state).panes[.orders] ?? .zero
    _ = reduce(&state, .mouseScrolled(Position(x: ordersArea.x + 5, y: ordersArea.y + 5), down: true))
    #expect(state.pane == .orders)
    #expect(state.orders.table.selected == 1)
  }

  @Test func wheel_scrollsTheHelp_andIsIgnoredInAForm() {
    var state = loadedState()
    _ = reduce(&state, .keyPressed(.character("?")))
    _ = reduce(&state, .mouseScrolled(Position(x: 10, y: 10), down: true))
    _ = reduce(&state, .mouseScrolled(Position(x: 10, y: 10), down: true))
    #expect(state.helpScroll == 2)
    _ = reduce(&state, .keyPressed(KeyEvent(.escape)))
    var editing = detailState(.fixture(id: uuid(0), reference: "P00000"))
    _ = reduce(&editing, .keyPressed(.character("e")))
    _ = reduce(&editing, .mouseScrolled(Position(x: 10, y: 10), down: true))
    #expect(editing.orders.form?.focused == 0)
  }

  // MARK: - Retry preview

  @Test func retryAll_opensAPreview_thatNarrowsAsYouType_andRetriesOnlyThose() {
    var state = queueWithDeadJobs()
    #expect(reduce(&state, .keyPressed(.character("A"))) == [])
    #expect(retryCandidates(state.queue).map(\.id) == [21, 22, 23])
    _ = type("502", into: &state)
    #expect(retryCandidates(state.queue).map(\.id) == [21, 23])
    _ = type(" p00009", into: &state)
    #expect(retryCandidates(state.queue).map(\.id) == [23])
    #expect(reduce(&state, .keyPressed(KeyEvent(.enter))) == [])
    #expect(state.queue.retryFilter == nil)
    #expect(state.confirmation?.message == "Queue 1 dead job(s) matching \"502 p00009\" again?")
    #expect(reduce(&state, .keyPressed(.character("y"))) == [.sendSyncCommand(.retry(jobIDs: [23]))])
  }

  @Test func retryPreview_withNoMatch_retriesNothing_andEscapeCancels() {
    var state = queueWithDeadJobs()
    _ = reduce(&state, .keyPressed(.character("A")))
    _ = type("timeout", into: &state)
    #expect(reduce(&state, .keyPressed(KeyEvent(.enter))) == [])
    #expect(state.confirmation == nil)
    #expect(state.message == "No dead job matches \"timeout\".")
    _ = reduce(&state, .keyPressed(KeyEvent(.escape)))
    #expect(state.queue.retryFilter == nil)
  }

  @Test func retryPreview_isRefusedToStaff() {
    var state = queueWithDeadJobs(role: .staff)
    _ = reduce(&state, .keyPressed(.character("A")))
    #expect(state.queue.retryFilter == nil)
    #expect(state.message == "A staff role cannot retry jobs.")
  }

  @Test func clickingAJobRow_countsThePullBar_andIsIgnoredInThePreview() throws {
    var state = queueWithDeadJobs()
    _ = reduce(&state, .syncEventReceived(.pullStarted(full: true), at: screenNow))
    let area = try #require(AppLayout(state: state).panes[.queue])
    #expect(AppLayout(state: state).queueBarRows == 1)
    // Border, counts, the bar, the titles: the third job is on the sixth row of the pane.
    _ = reduce(&state, .mouseClicked(Position(x: area.x + 3, y: area.y + 6)))
    #expect(state.queue.selectedJob?.id == 23)
    _ = reduce(&state, .keyPressed(.character("A")))
    _ = reduce(&state, .mouseClicked(Position(x: area.x + 3, y: area.y + 4)))
    #expect(state.queue.selectedJob?.id == 23)
  }

  // MARK: - Pull progress

  @Test func pullEvents_driveTheProgress_untilThePullFinishes() {
    var state = loadedState()
    _ = reduce(&state, .syncEventReceived(.pullStarted(full: true), at: screenNow))
    #expect(state.queue.pull == PullProgress(isFull: true))
    _ = reduce(
      &state, .syncEventReceived(.pullProgress(model: "purchase.order", done: 500, total: 2_000), at: screenNow))
    #expect(state.queue.pull?.ratio == 0.25)
    _ = reduce(
      &state,
      .syncEventReceived(
        .pullFinished(inserted: 2_000, updated: 0, merged: 0, conflicts: 0, deleted: 0, duration: .seconds(3)),
        at: screenNow))
    #expect(state.queue.pull == nil)
  }
}
