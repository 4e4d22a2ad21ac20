import FarmacyDomain
import FarmacyTestSupport
import Foundation
import SyncEngine
import TerminalKit
import Testing

@testable import FarmacyApp
@testable import FarmacyStore

@Suite struct ReduceTests {
  // MARK: - Starting and paging

  @Test func appStarted_loadsFirstPage_count_queue_conflicts_andHealth() {
    var state = AppState(now: screenNow)
    let effects = reduce(&state, .appStarted)
    let query = OrderQuery(limit: OrdersState.pageSize)
    #expect(
      effects == [
        .loadOrderPage(PageRequest(query: query, generation: 1, placement: .top)),
        .countOrders(query, generation: 1), .loadQueue, .loadConflicts, .sampleHealth,
      ])
    #expect(state.orders.isLoading)
    #expect(state.queue.isLoading)
  }

  @Test func pageLoaded_forOlderGeneration_isIgnored() {
    var state = loadedState()
    let stale = PageRequest(query: OrderQuery(), generation: 0, placement: .top)
    #expect(reduce(&state, .orderPageLoaded(stale, page(500..<510, hasMore: false))) == [])
    #expect(state.orders.window.order(at: 0)?.reference == "P00000")
  }

  @Test func movingDown_nearTheWindowEnd_asksForTheNextPage_once() throws {
    var state = loadedState()
    var asked: [Effect] = []
    for _ in 0..<95 { asked += reduce(&state, .keyPressed(KeyEvent(.down))) }
    let request = try #require(asked.compactMap { if case .loadOrderPage(let r) = $0 { r } else { nil } }.first)
    #expect(asked.count == 1)
    #expect(request.placement == .below)
    #expect(request.query.after == PageCursor(value: .integer(99), rowID: 99))
    #expect(state.orders.table.selected == 95)
    // Visible rows: 24 less the header, banner and status rows, two borders and the table header.
    #expect(state.orders.table.offset == 95 - 18 + 1)
  }

  @Test func scrollingFar_keepsAtMostSixPages_andKeepsIndexes() {
    var state = loadedState(total: 2_000)
    var loaded = 100
    for _ in 0..<1_000 {
      for effect in reduce(&state, .keyPressed(KeyEvent(.pageDown))) {
        guard case .loadOrderPage(let request) = effect, request.placement == .below else { continue }
        _ = reduce(
          &state,
          .orderPageLoaded(request, page(loaded..<loaded + 100, hasMore: loaded + 100 < 2_000, hasPrevious: true)))
        loaded += 100
      }
      if state.orders.table.selected == 1_999 { break }
    }
    #expect(state.orders.table.selected == 1_999)
    #expect(state.orders.window.count <= OrderWindow.maxPages * OrdersState.pageSize)
    #expect(state.orders.window.start == 2_000 - state.orders.window.count)
    #expect(state.orders.selectedOrder?.reference == "P01999")
  }

  @Test func end_loadsTheLastPageBackwards_andPlacesItAtTheBottom() throws {
    var state = loadedState(total: 1_000)
    let effects = reduce(&state, .keyPressed(KeyEvent(.end)))
    let request = try #require(effects.compactMap { if case .loadOrderPage(let r) = $0 { r } else { nil } }.first)
    #expect(request.placement == .bottom)
    #expect(request.query.descending == false)
    #expect(state.orders.table.selected == 999)
    // The reversed query answers the last rows newest-last; the window turns them round.
    let reversed = OrderPage(
      orders: (900..<1_000).reversed().map { summary($0) },
      nextCursor: PageCursor(value: .integer(900), rowID: 900), previousCursor: nil)
    _ = reduce(&state, .orderPageLoaded(request, reversed))
    #expect(state.orders.window.start == 900)
    #expect(state.orders.selectedOrder?.reference == "P00999")
    #expect(state.orders.window.pages.first?.previous == PageCursor(value: .integer(900), rowID: 900))
  }

  @Test func refreshAfterASync_keepsTheSelectedOrder_whenNewOrdersArriveAbove() throws {
    var state = loadedState()
    for _ in 0..<3 { _ = reduce(&state, .keyPressed(KeyEvent(.down))) }
    #expect(state.orders.selectedOrder?.reference == "P00003")
    _ = reduce(
      &state,
      .syncEventReceived(
        .pullFinished(inserted: 2, updated: 0, merged: 0, conflicts: 0, deleted: 0, duration: .zero), at: screenNow))
    let effects = reduce(&state, .clockTicked(screenNow))
    let request = try #require(effects.compactMap { if case .loadOrderPage(let r) = $0 { r } else { nil } }.first)
    #expect(request.placement == .top)
    // Two new orders now sort first.
    let fresh = OrderPage(
      orders: [summary(5_000), summary(5_001)] + (0..<98).map { summary($0) }, nextCursor: nil, previousCursor: nil)
    _ = reduce(&state, .orderPageLoaded(request, fresh))
    #expect(state.orders.table.selected == 5)
    #expect(state.orders.selectedOrder?.reference == "P00003")
  }

  // MARK: - Search, sort, filter

  @Test func typingASearch_startsANewQueryPerChange_andEscapeClearsIt() {
    var state = loadedState()
    #expect(reduce(&state, .keyPressed(.character("/"))) == [])
    let effects = reduce(&state, .keyPressed(.character("c")))
    #expect(state.orders.query.search == "c")
    #expect(state.orders.generation == 2)
    #expect(effects.count == 2)
    _ = reduce(&state, .keyPressed(.character("a")))
    #expect(state.orders.query.search == "ca")
    _ = reduce(&state, .keyPressed(KeyEvent(.escape)))
    #expect(state.orders.searchInput == nil)
    #expect(state.orders.query.search == "")
    #expect(state.orders.generation == 4)
  }

  @Test func sortKey_cyclesColumns_andReverseFlipsDirection() {
    var state = loadedState()
    #expect(state.orders.query.sort == .dateOrder)
    _ = reduce(&state, .keyPressed(.character("s")))
    #expect(state.orders.query.sort == .datePlanned)
    _ = reduce(&state, .keyPressed(.character("s")))
    #expect(state.orders.query.sort == .state)
    #expect(!state.orders.query.descending)
    _ = reduce(&state, .keyPressed(.character("r")))
    #expect(state.orders.query.descending)
    #expect(state.orders.window.isEmpty)
  }

  @Test func filterKey_cyclesThroughStates_andBackToAll() {
    var state = loadedState()
    _ = reduce(&state, .keyPressed(.character("f")))
    #expect(state.orders.query.states == [.draft])
    for _ in 0..<OrderState.allCases.count { _ = reduce(&state, .keyPressed(.character("f"))) }
    #expect(state.orders.query.states.isEmpty)
  }

  @Test func palette_sortCommand_requeries_andUnknownCommandExplains() {
    var state = loadedState()
    _ = reduce(&state, .keyPressed(.character(":")))
    for character in "sort total" { _ = reduce(&state, .keyPressed(.character(character))) }
    let effects = reduce(&state, .keyPressed(KeyEvent(.enter)))
    #expect(state.orders.query.sort == .total)
    #expect(effects.count == 2)
    _ = reduce(&state, .keyPressed(.character(":")))
    _ = reduce(&state, .keyPressed(.character("z")))
    _ = reduce(&state, .keyPressed(KeyEvent(.enter)))
    #expect(state.message?.hasPrefix("Unknown command \"z\"") == true)
  }

  @Test func themeCommand_loadsTheTheme_andAWarningExplainsAFallback() {
    var state = loadedState()
    _ = reduce(&state, .keyPressed(.character(":")))
    for character in "theme light" { _ = reduce(&state, .keyPressed(.character(character))) }
    #expect(reduce(&state, .keyPressed(KeyEvent(.enter))) == [.loadTheme("light")])
    _ = reduce(&state, .themeLoaded(.light, warning: nil))
    #expect(state.theme == .light)
    #expect(state.message == "Theme light.")
    _ = reduce(&state, .themeLoaded(.dark, warning: "no theme \"neon\"; using the default theme"))
    #expect(state.theme == .dark)
    #expect(state.message == "no theme \"neon\"; using the default theme")
  }

  @Test func outageCommand_worksOnlyInTheDemo() {
    var demo = loadedState()
    _ = reduce(&demo, .keyPressed(.character(":")))
    for character in "outage 20" { _ = reduce(&demo, .keyPressed(.character(character))) }
    #expect(reduce(&demo, .keyPressed(KeyEvent(.enter))) == [.startDemoOutage(seconds: 20)])
    var real = AppState(now: screenNow, connection: .odoo(url: "https://erp.example.com"))
    _ = reduce(&real, .keyPressed(.character(":")))
    for character in "outage" { _ = reduce(&real, .keyPressed(.character(character))) }
    #expect(reduce(&real, .keyPressed(KeyEvent(.enter))) == [])
    #expect(real.message == "outage only works in the demo, where Odoo is simulated.")
  }

  // MARK: - Workflow and roles

  @Test func confirmKey_asks_andYesPerformsTheStep() throws {
    var state = loadedState()
    #expect(reduce(&state, .keyPressed(.character("c"))) == [])
    let dialog = try #require(state.confirmation)
    #expect(dialog.operation == .orderAction(.confirm, orderID: uuid(0), reference: "P00000"))
    #expect(dialog.selectedButton == 1)
    #expect(reduce(&state, .keyPressed(.character("y"))) == [.performOrderAction(.confirm, orderID: uuid(0))])
    #expect(state.confirmation == nil)
  }

  @Test func cancelDialog_enterOnKeep_changesNothing() {
    var state = loadedState()
    _ = reduce(&state, .keyPressed(.character("x")))
    #expect(state.confirmation != nil)
    #expect(reduce(&state, .keyPressed(KeyEvent(.enter))) == [])
    #expect(state.confirmation == nil)
    #expect(state.message == "Nothing was changed.")
  }

  @Test func supportRole_andReadOnly_cannotConfirmOrders() {
    var support = loadedState(role: .support)
    #expect(reduce(&support, .keyPressed(.character("c"))) == [])
    #expect(support.confirmation == nil)
    #expect(support.message == "A support role cannot confirm orders.")
    var readOnly = loadedState(role: .manager, readOnly: true)
    _ = reduce(&readOnly, .keyPressed(.character("x")))
    #expect(readOnly.message == "Read-only session: cannot cancel orders.")
  }

  @Test func savedOrder_reloadsTheQueueAtOnce_andRefreshesOrdersAtTheNextTick() {
    var state = loadedState()
    state.queue.isLoading = false
    let order = PurchaseOrder.fixture(id: uuid(0), reference: "P00000")
    let saved = SavedOrder(order: order, info: StoredOrderInfo(revision: 2, syncStatus: .pending), jobID: 7)
    #expect(reduce(&state, .orderSaved(saved, summary: "Saved P00000")) == [.loadQueue])
    #expect(state.toasts.last?.message == "Saved P00000 — queued for Odoo")
    let tick = reduce(&state, .clockTicked(screenNow.addingTimeInterval(1)))
    #expect(tick.contains { if case .loadOrderPage(let request) = $0 { request.placement == .top } else { false } })
  }

  @Test func editForm_refusesABadDate_andSavesGoodValues() throws {
    var state = loadedState()
    let order = PurchaseOrder.fixture(id: uuid(0), reference: "P00000")
    _ = reduce(&state, .keyPressed(KeyEvent(.enter)))
    #expect(state.orders.detailRequested == uuid(0))
    _ = reduce(
      &state, .orderDetailLoaded(StoredOrder(order: order, info: StoredOrderInfo(revision: 1, syncStatus: .synced))))
    _ = reduce(&state, .keyPressed(.character("e")))
    #expect(state.orders.form?.values == ["", "", "", "", "normal", "Northbridge Veterinary Supply Ltd"])
    _ = reduce(&state, .keyPressed(KeyEvent(.tab)))
    for character in "Clinic 7" { _ = reduce(&state, .keyPressed(.character(character))) }
    _ = reduce(&state, .keyPressed(KeyEvent(.tab)))
    _ = reduce(&state, .keyPressed(KeyEvent(.tab)))
    for character in "soon" { _ = reduce(&state, .keyPressed(.character(character))) }
    #expect(reduce(&state, .keyPressed(KeyEvent(.enter))) == [])
    #expect(state.orders.formError == "Expected arrival: write a date as YYYY-MM-DD")
    for _ in 0..<4 { _ = reduce(&state, .keyPressed(KeyEvent(.backspace))) }
    for character in "2026-04-01" { _ = reduce(&state, .keyPressed(.character(character))) }
    let effects = reduce(&state, .keyPressed(KeyEvent(.enter)))
    var expected = order
    expected.origin = "Clinic 7"
    expected.datePlanned = OdooDateTime.parse("2026-04-01")
    #expect(effects == [.saveOrder(expected, base: order)])
  }

  @Test func lineForm_editsTheSelectedLine_andRefusesABadQuantity() {
    var state = loadedState()
    let first = OrderLine.fixture(id: uuid(100), code: "TAB-00001", quantity: 2, unitPriceMinor: 1_000)
    let second = OrderLine.fixture(id: uuid(101), code: "VAC-00002", quantity: 5, unitPriceMinor: 2_550)
    let order = PurchaseOrder.fixture(id: uuid(0), reference: "P00000", lines: [first, second])
    _ = reduce(&state, .keyPressed(KeyEvent(.enter)))
    _ = reduce(
      &state, .orderDetailLoaded(StoredOrder(order: order, info: StoredOrderInfo(revision: 1, syncStatus: .synced))))
    _ = reduce(&state, .keyPressed(KeyEvent(.down)))
    _ = reduce(&state, .keyPressed(KeyEvent(.enter)))
    #expect(state.orders.formLine == uuid(101))
    #expect(state.orders.form?.values == ["5", "25.50", "0", "", "[VAC-00002] test product"])
    _ = reduce(&state, .keyPressed(.control("u")))
    for character in "many" { _ = reduce(&state, .keyPressed(.character(character))) }
    #expect(reduce(&state, .keyPressed(KeyEvent(.enter))) == [])
    #expect(state.orders.formError == "Quantity: write a number such as 12 or 2.5")
    _ = reduce(&state, .keyPressed(.control("u")))
    for character in "12" { _ = reduce(&state, .keyPressed(.character(character))) }
    _ = reduce(&state, .keyPressed(KeyEvent(.tab)))
    _ = reduce(&state, .keyPressed(KeyEvent(.tab)))
    _ = reduce(&state, .keyPressed(.control("u")))
    _ = reduce(&state, .keyPressed(.character("5")))
    var expected = order
    expected.lines[1].quantity = 12
    expected.lines[1].discount = Percentage(percent: 5)
    #expect(reduce(&state, .keyPressed(KeyEvent(.enter))) == [.saveOrder(expected, base: order)])
  }

  @Test func newOrder_needsAVendor_thenCreates_andOpensTheSavedOrder() throws {
    var state = loadedState()
    _ = reduce(&state, .keyPressed(.character("n")))
    #expect(state.orders.isCreating)
    // No vendor yet: saving lists every vendor to choose from.
    #expect(reduce(&state, .keyPressed(KeyEvent(.enter))) == [.searchVendors(text: "", generation: 1)])
    _ = reduce(&state, .keyPressed(KeyEvent(.escape)))
    for character in "alpen" { _ = reduce(&state, .keyPressed(.character(character))) }
    _ = reduce(&state, .keyPressed(KeyEvent(.tab)))
    for character in "TAB-00001:12, VAC-00119:2@85.50" { _ = reduce(&state, .keyPressed(.character(character))) }
    _ = reduce(&state, .keyPressed(KeyEvent(.enter)))
    _ = reduce(&state, .vendorsSearched(generation: 2, vendors: [Vendor(id: 2, name: "Alpenvet Großhandel GmbH")]))
    let effects = reduce(&state, .keyPressed(KeyEvent(.enter)))
    #expect(
      effects == [
        .createOrder(
          NewOrderForm(vendorID: 2, lines: ["TAB-00001:12", "VAC-00119:2@85.50"], datePlanned: "", notes: ""))
      ])
    let order = PurchaseOrder.fixture(id: uuid(77), reference: "L00001")
    let saved = SavedOrder(order: order, info: StoredOrderInfo(revision: 1, syncStatus: .pending), jobID: 1)
    _ = reduce(&state, .orderSaved(saved, summary: "Created L00001", kind: .created))
    #expect(!state.orders.isCreating)
    #expect(state.orders.form == nil)
    #expect(state.orders.detail?.order.reference == "L00001")
  }

  @Test func removeALine_inTheDetail_asksFirst() throws {
    var state = loadedState()
    let first = OrderLine.fixture(id: uuid(100), code: "TAB-00001")
    let second = OrderLine.fixture(id: uuid(101), code: "VAC-00002")
    let order = PurchaseOrder.fixture(id: uuid(0), reference: "P00000", lines: [first, second])
    _ = reduce(&state, .keyPressed(KeyEvent(.enter)))
    _ = reduce(
      &state, .orderDetailLoaded(StoredOrder(order: order, info: StoredOrderInfo(revision: 1, syncStatus: .synced))))
    _ = reduce(&state, .keyPressed(KeyEvent(.down)))
    _ = reduce(&state, .keyPressed(.character("d")))
    #expect(state.confirmation?.operation == .removeLine(orderID: uuid(0), lineID: uuid(101)))
    var expected = order
    expected.lines.removeLast()
    #expect(reduce(&state, .keyPressed(.character("y"))) == [.saveOrder(expected, base: order)])
  }

  @Test func removingALineOfAConfirmedOrder_isRefusedWithTheRule() {
    var state = loadedState()
    let order = PurchaseOrder.fixture(
      id: uuid(0), reference: "P00000", state: .purchase,
      lines: [.fixture(id: uuid(100)), .fixture(id: uuid(101), code: "VAC-00002")])
    _ = reduce(&state, .keyPressed(KeyEvent(.enter)))
    _ = reduce(
      &state, .orderDetailLoaded(StoredOrder(order: order, info: StoredOrderInfo(revision: 1, syncStatus: .synced))))
    _ = reduce(&state, .keyPressed(.character("d")))
    #expect(reduce(&state, .keyPressed(.character("y"))) == [])
    #expect(state.message?.contains("cannot delete a line of a confirmed order") == true)
  }

  @Test func newOrder_isRefusedForSupport() {
    var state = loadedState(role: .support)
    _ = reduce(&state, .keyPressed(.character("n")))
    #expect(!state.orders.isCreating)
    #expect(state.message == "A support role cannot create orders.")
  }

  // MARK: - Queue

  @Test func retryingADeadJob_asksFirst_andSendsRetry() {
    var state = loadedState(role: .support)
    _ = reduce(&state, .keyPressed(.character("2")))
    _ = reduce(&state, .queueLoaded(jobs: [job(3, state: .dead, error: "boom")], counts: [.dead: 1], oldest: [:]))
    _ = reduce(&state, .keyPressed(.character("R")))
    #expect(state.confirmation?.operation == .retryJob(id: 3, reference: "P00042"))
    #expect(reduce(&state, .keyPressed(.character("y"))) == [.sendSyncCommand(.retry(jobIDs: [3]))])
  }

  @Test func queue_listsJobsByState_deadFirst_andTheSelectionFollowsItsJob() {
    var state = loadedState(role: .support)
    _ = reduce(&state, .keyPressed(.character("2")))
    _ = reduce(
      &state, .queueLoaded(jobs: [job(1, state: .pending), job(2, state: .inFlight)], counts: [:], oldest: [:]))
    _ = reduce(&state, .keyPressed(.character("j")))
    #expect(state.queue.selectedJob?.id == 1)
    _ = reduce(
      &state,
      .queueLoaded(
        jobs: [job(1, state: .pending), job(2, state: .inFlight), job(3, state: .dead)], counts: [:], oldest: [:]))
    #expect(state.queue.jobs.map(\.id) == [3, 2, 1])
    #expect(state.queue.selectedJob?.id == 1)
  }

  @Test func staff_cannotDiscardJobs_butCanSyncNow() {
    var state = loadedState(role: .staff)
    _ = reduce(&state, .keyPressed(.character("2")))
    _ = reduce(&state, .queueLoaded(jobs: [job(3, state: .dead)], counts: [.dead: 1], oldest: [:]))
    #expect(reduce(&state, .keyPressed(.character("D"))) == [])
    #expect(state.confirmation == nil)
    #expect(reduce(&state, .keyPressed(KeyEvent(.function(5)))) == [.sendSyncCommand(.syncNow)])
    #expect(reduce(&state, .keyPressed(KeyEvent(.function(5)))) == [])
    _ = reduce(&state, .syncCommandAnswered(.syncNow, answer: "pushed 1, pulled 0"))
    #expect(!state.queue.isSyncing)
  }

  @Test func jobEvents_markTheQueueStale_andTheNextTickLoadsItOnce() {
    var state = loadedState()
    _ = reduce(&state, .queueLoaded(jobs: [], counts: [:], oldest: [:]))
    _ = reduce(&state, .syncEventReceived(.jobQueued(jobID: 1, order: "P00001"), at: screenNow))
    _ = reduce(&state, .syncEventReceived(.jobStarted(jobIDs: [1], order: "P00001", attempt: 1), at: screenNow))
    let first = reduce(&state, .clockTicked(screenNow))
    #expect(first.filter { $0 == .loadQueue }.count == 1)
    _ = reduce(&state, .syncEventReceived(.jobQueued(jobID: 2, order: "P00002"), at: screenNow))
    #expect(!reduce(&state, .clockTicked(screenNow)).contains(.loadQueue))
  }

  // MARK: - Health

  @Test func breakerOpening_isRecorded_withAWarningToast() {
    var state = loadedState()
    let effects = reduce(
      &state,
      .syncEventReceived(.breakerChanged(from: "closed", to: "open", reason: "consecutiveFailures(5)"), at: screenNow))
    // The failure count beside the state is sampled again at once, not on the next tick.
    #expect(effects.contains(.sampleHealth))
    #expect(
      state.health.transitions == [
        BreakerTransition(at: screenNow, from: "closed", to: "open", reason: "consecutiveFailures(5)")
      ])
    #expect(state.health.sample.breakerState == "open")
    #expect(state.toasts.last?.kind == .warning)
    _ = reduce(&state, .clockTicked(screenNow.addingTimeInterval(6)))
    #expect(state.toasts.isEmpty)
  }

  // MARK: - Conflicts

  private func conflictState(role: Role) -> AppState {
    var state = loadedState(role: role)
    _ = reduce(&state, .keyPressed(.character("4")))
    _ = reduce(
      &state,
      .conflictsLoaded([
        storedConflict(1, order: 42, field: "notes", base: "a", local: "b", remote: "c"),
        storedConflict(
          2, order: 42, field: "date_planned", base: "2026-03-01", local: "2026-03-02", remote: "2026-03-05"),
        storedConflict(3, order: 7, field: "origin", base: "x", local: "y", remote: "z"),
      ]))
    return state
  }

  @Test func manager_picksPerField_andAppliesAfterConfirming() {
    var state = conflictState(role: .manager)
    #expect(state.conflicts.orders.map(\.reference) == ["P00042", "P00007"])
    _ = reduce(&state, .keyPressed(.character("j")))
    _ = reduce(&state, .keyPressed(KeyEvent(.right)))
    #expect(state.conflicts.picks == ["date_planned": .remote])
    _ = reduce(&state, .keyPressed(KeyEvent(.enter)))
    #expect(state.confirmation?.message == "Settle 2 field(s) of P00042: keep 1 local, take 1 from Odoo?")
    #expect(
      reduce(&state, .keyPressed(.character("y")))
        == [
          .sendSyncCommand(.resolve(orderID: uuid(42), take: .local, fields: ["date_planned": .remote], actor: "ana"))
        ])
  }

  @Test func takeAllRemote_clearsPicks_andNextOrderStartsAfresh() {
    var state = conflictState(role: .manager)
    _ = reduce(&state, .keyPressed(KeyEvent(.left)))
    _ = reduce(&state, .keyPressed(.character("O")))
    #expect(state.conflicts.picks.isEmpty)
    #expect(state.conflicts.defaultSide == .remote)
    _ = reduce(&state, .keyPressed(.character("J")))
    #expect(state.conflicts.selectedOrder?.reference == "P00007")
    #expect(state.conflicts.defaultSide == .local)
  }

  @Test func staff_cannotSettleConflicts() {
    var state = conflictState(role: .staff)
    #expect(reduce(&state, .keyPressed(KeyEvent(.enter))) == [])
    #expect(state.confirmation == nil)
    #expect(state.message == "A staff role cannot settle conflicts; a manager can.")
  }

  @Test func clicks_switchPanesByTab_andSelectRows() {
    var state = loadedState()
    // "Farmacy " then " 1 Orders " │ " 2 Queue ": column 20 is in the queue's tab.
    _ = reduce(&state, .mouseClicked(Position(x: 20, y: 0)))
    #expect(state.pane == .queue)
    _ = reduce(&state, .mouseClicked(Position(x: 9, y: 0)))
    #expect(state.pane == .orders)
    // The pane's border is on row 1 and its column titles on row 2, so row 6 shows the fourth order.
    _ = reduce(&state, .mouseClicked(Position(x: 10, y: 6)))
    #expect(state.orders.selectedOrder?.reference == "P00003")
  }

  // MARK: - Layout and help

  @Test func layout_followsTheSize() {
    #expect(ScreenLayout(size: Size(width: 80, height: 24)) == .tabs)
    #expect(ScreenLayout(size: Size(width: 160, height: 45)) == .dashboard)
    #expect(ScreenLayout(size: Size(width: 159, height: 60)) == .tabs)
    #expect(ScreenLayout(size: Size(width: 59, height: 30)) == .tooSmall)
  }

  @Test func tooSmall_onlyQuitWorks() {
    var state = loadedState(size: Size(width: 40, height: 10))
    #expect(reduce(&state, .keyPressed(.character("2"))) == [])
    #expect(state.pane == .orders)
    #expect(reduce(&state, .keyPressed(.character("q"))) == [.quit])
  }

  @Test func help_listsOnlyKeysTheRoleMayUse() {
    let staff = loadedState(role: .staff)
    let staffOrders = staff.helpSections.flatMap(\.bindings).filter(\.isEnabled).map(\.help)
    #expect(staffOrders.contains("confirm the order"))
    let support = loadedState(role: .support)
    let supportOrders = support.helpSections.flatMap(\.bindings).filter(\.isEnabled).map(\.help)
    #expect(!supportOrders.contains("confirm the order"))
  }

  @Test func helpKey_opens_andEscapeCloses_withoutOtherEffects() {
    var state = loadedState()
    _ = reduce(&state, .keyPressed(.character("?")))
    #expect(state.showsHelp)
    #expect(reduce(&state, .keyPressed(.character("2"))) == [])
    #expect(state.pane == .orders)
    _ = reduce(&state, .keyPressed(KeyEvent(.escape)))
    #expect(!state.showsHelp)
  }
}
