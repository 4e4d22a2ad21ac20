import FarmacyDomain
import FarmacyStore
import Foundation
import SyncEngine
import TerminalKit
import Testing

@testable import FarmacyApp

/// A stored conflict about a line, with the line's id.
func storedLineConflict(
  _ id: Int64, order: Int, field: String, line: Int, base: String?, local: String?, remote: String?
) -> StoredConflict {
  var stored = storedConflict(id, order: order, field: field, base: base, local: local, remote: remote)
  stored.conflict.lineID = uuid(line)
  return stored
}

/// Order 42 in conflict on a header field, two fields of one line, a line removed here but edited
/// in Odoo, and a line both sides added with the same product; order 7 on one header field.
func lineConflicts() -> [StoredConflict] {
  [
    storedConflict(1, order: 42, field: "notes", base: "a", local: "b", remote: "c"),
    storedLineConflict(2, order: 42, field: "lines[TAB-1].quantity", line: 101, base: "10", local: "12", remote: "15"),
    storedLineConflict(
      3, order: 42, field: "lines[TAB-1].price", line: 101, base: "2.00", local: "2.10", remote: "2.20"),
    storedLineConflict(
      4, order: 42, field: "lines[VAC-9]", line: 102, base: "VAC-9 1 × 5.00", local: nil, remote: "VAC-9 2 × 5.00"),
    storedLineConflict(5, order: 42, field: "lines[NEW-3].quantity", line: 103, base: nil, local: "4", remote: "6"),
    storedConflict(6, order: 7, field: "origin", base: "x", local: "y", remote: "z"),
  ]
}

@Suite struct ReduceConflictTests {
  private func settling(role: Role = .manager, readOnly: Bool = false) -> AppState {
    var state = loadedState(role: role, readOnly: readOnly)
    _ = reduce(&state, .keyPressed(.character("4")))
    _ = reduce(&state, .conflictsLoaded(lineConflicts()))
    return state
  }

  private func select(row: Int, _ state: inout AppState) {
    state.conflicts.diff.selected = row
  }

  @Test func rows_listHeaderFieldsFirst_thenEachLineByProduct_withItsFieldsUnderIt() throws {
    let state = settling()
    let order = try #require(state.conflicts.selectedOrder)
    let names = order.rows.map { row -> String in
      switch row {
      case .field(let conflict): conflict.field
      case .line(let key, let conflicts): "line \(key) (\(conflicts.count))"
      }
    }
    #expect(
      names == [
        "notes", "line TAB-1 (2)", "lines[TAB-1].quantity", "lines[TAB-1].price", "line VAC-9 (1)",
        "line NEW-3 (1)", "lines[NEW-3].quantity",
      ])
    #expect(order.rows[5].isLineAddedOnBothSides)
    #expect(!order.rows[1].isLineAddedOnBothSides)
    #expect(order.rows[4].presence?.field == "lines[VAC-9]")
  }

  @Test func conflictsLoaded_asksForTheMergesReasons_andTheNewestConflictEntryGivesThem() {
    var state = loadedState(role: .manager)
    _ = reduce(&state, .keyPressed(.character("4")))
    #expect(reduce(&state, .conflictsLoaded(lineConflicts())) == [.loadAudit(orderID: uuid(42))])
    #expect(state.conflicts.reasons == nil)
    var merge = auditEntry(3, order: 42, summary: "P00042: 5 conflict(s) wait for a manager")
    merge.action = "sync.conflict_detected"
    merge.details = #"{"notes": ["origin taken from Odoo", "lines[TAB-1].discount: local kept — totals"]}"#
    var older = auditEntry(4, order: 42, summary: "older merge")
    older.action = "sync.conflict_detected"
    older.details = #"{"notes": ["stale"]}"#
    _ = reduce(
      &state, .auditLoaded(orderID: uuid(42), entries: [auditEntry(2, order: 42, summary: "edited"), merge, older]))
    #expect(state.conflicts.reasons == ["origin taken from Odoo", "lines[TAB-1].discount: local kept — totals"])
    #expect(state.audit == nil)
    // The same conflicts again: nothing more to ask for, until the order is merged again.
    #expect(reduce(&state, .conflictsLoaded(lineConflicts())) == [])
    _ = reduce(
      &state, .syncEventReceived(.conflictDetected(orderID: uuid(42), order: "P00042", fields: ["notes"]), at: screenNow))
    #expect(reduce(&state, .conflictsLoaded(lineConflicts())) == [.loadAudit(orderID: uuid(42))])
    _ = reduce(&state, .auditLoaded(orderID: uuid(42), entries: [merge]))
    // Another order's trail does not give this order's reasons.
    _ = reduce(&state, .keyPressed(.character("J")))
    #expect(state.conflicts.reasons == nil)
    _ = reduce(&state, .auditLoaded(orderID: uuid(42), entries: [merge]))
    #expect(state.conflicts.reasons == nil)
    _ = reduce(&state, .auditLoaded(orderID: uuid(7), entries: []))
    #expect(state.conflicts.reasons == [])
  }

  @Test func reasonsThatFailToLoad_areShownAsNone_insteadOfAskedForAgain() {
    var state = settling()
    _ = reduce(&state, .loadFailed(.loadAudit(orderID: uuid(42)), error: "database is locked"))
    #expect(state.conflicts.reasons == [])
    #expect(reduce(&state, .conflictsLoaded(lineConflicts())) == [])
  }

  @Test func pickOnALineRow_takesThatSideForEveryFieldOfTheLine() {
    var state = settling()
    select(row: 1, &state)
    _ = reduce(&state, .keyPressed(KeyEvent(.right)))
    #expect(state.conflicts.picks == ["lines[TAB-1].quantity": .remote, "lines[TAB-1].price": .remote])
    #expect(state.message == "Line TAB-1: every field from Odoo.")
    // One field of it back to local: the line row shows the mix.
    select(row: 2, &state)
    _ = reduce(&state, .keyPressed(.character("h")))
    #expect(state.conflicts.picks == ["lines[TAB-1].quantity": .local, "lines[TAB-1].price": .remote])
    #expect(ConflictsView.mark(of: state.conflicts.selectedOrder!.rows[1], in: state.conflicts) == "~")
    _ = reduce(&state, .keyPressed(KeyEvent(.enter)))
    #expect(state.confirmation?.message == "Settle 5 field(s) of P00042: keep 4 local, take 1 from Odoo?")
  }

  @Test func pickOnALineRemovedHere_dropsOrKeepsIt_andSaysWhich() {
    var state = settling()
    select(row: 4, &state)
    _ = reduce(&state, .keyPressed(KeyEvent(.left)))
    #expect(state.conflicts.picks == ["lines[VAC-9]": .local])
    #expect(state.message == "Line VAC-9: dropped, as on this machine.")
    _ = reduce(&state, .keyPressed(KeyEvent(.right)))
    #expect(state.conflicts.picks == ["lines[VAC-9]": .remote])
    #expect(state.message == "Line VAC-9: kept, as on Odoo.")
  }

  @Test func mergeLines_keepsBothCopiesOfALineAddedOnBothSides_andApplySendsThem() {
    var state = settling()
    select(row: 6, &state)
    _ = reduce(&state, .keyPressed(KeyEvent(.right)))
    // On the line's field row, m still means the whole line.
    _ = reduce(&state, .keyPressed(.character("m")))
    #expect(state.conflicts.keepBoth.isEmpty)
    #expect(state.message?.hasPrefix("Merging lines keeps both copies") == true)
    select(row: 5, &state)
    _ = reduce(&state, .keyPressed(.character("m")))
    #expect(state.conflicts.keepBoth == ["NEW-3"])
    #expect(state.conflicts.picks.isEmpty)
    #expect(state.message == "Both copies of line NEW-3 are kept: this machine's and Odoo's.")
    #expect(ConflictsView.mark(of: state.conflicts.selectedOrder!.rows[6], in: state.conflicts) == "+")
    _ = reduce(&state, .keyPressed(.character("a")))
    #expect(
      state.confirmation?.message
        == "Settle 5 field(s) of P00042: keep 4 local, take 0 from Odoo, keep both copies of NEW-3?")
    #expect(
      reduce(&state, .keyPressed(.character("y")))
        == [
          .sendSyncCommand(.resolve(orderID: uuid(42), take: .local, fields: [:], keepBoth: ["NEW-3"], actor: "ana"))
        ])
  }

  @Test func mergeLines_pressedAgainOrAPickOnTheLine_settlesItFieldByFieldAgain() {
    var state = settling()
    select(row: 5, &state)
    _ = reduce(&state, .keyPressed(.character("m")))
    _ = reduce(&state, .keyPressed(.character("m")))
    #expect(state.conflicts.keepBoth.isEmpty)
    #expect(state.message == "Line NEW-3 is settled field by field again.")
    _ = reduce(&state, .keyPressed(.character("m")))
    select(row: 6, &state)
    _ = reduce(&state, .keyPressed(.character("l")))
    #expect(state.conflicts.keepBoth.isEmpty)
    #expect(state.conflicts.picks == ["lines[NEW-3].quantity": .remote])
  }

  @Test func mergeLines_isRefused_onALineThatWasThereBefore() {
    var state = settling()
    for row in [0, 1, 4] {
      select(row: row, &state)
      _ = reduce(&state, .keyPressed(.character("m")))
      #expect(state.conflicts.keepBoth.isEmpty)
    }
  }

  @Test func takeAll_forgetsPicksAndLinesKeptTwice_andAnotherOrderStartsAfresh() {
    var state = settling()
    select(row: 5, &state)
    _ = reduce(&state, .keyPressed(.character("m")))
    _ = reduce(&state, .keyPressed(.character("O")))
    #expect(state.conflicts.keepBoth.isEmpty)
    #expect(state.conflicts.defaultSide == .remote)
    _ = reduce(&state, .keyPressed(.character("m")))
    #expect(reduce(&state, .keyPressed(.character("J"))) == [.loadAudit(orderID: uuid(7))])
    #expect(state.conflicts.keepBoth.isEmpty)
    #expect(state.conflicts.diff.selected == 0)
  }

  @Test func linesKeptTwice_areForgotten_whenTheyAreNoLongerInConflict() {
    var state = settling()
    select(row: 5, &state)
    _ = reduce(&state, .keyPressed(.character("m")))
    _ = reduce(&state, .conflictsLoaded(lineConflicts().filter { $0.id != 5 }))
    #expect(state.conflicts.keepBoth.isEmpty)
  }

  @Test func staffAndReadOnly_cannotPickLinesOrMergeThem() {
    for state in [settling(role: .staff), settling(role: .manager, readOnly: true)] {
      var state = state
      select(row: 5, &state)
      for key in [KeyEvent(.right), .character("m")] {
        #expect(reduce(&state, .keyPressed(key)) == [])
        #expect(state.conflicts.picks.isEmpty)
        #expect(state.conflicts.keepBoth.isEmpty)
      }
      #expect(state.message?.contains("cannot settle conflicts") == true)
    }
  }

  @Test func lineRow_showsItsConflictingFieldsOnEachSide_andNoBaseForALineAddedOnBothSides() throws {
    let state = settling()
    let rows = try #require(state.conflicts.selectedOrder?.rows)
    #expect(
      ConflictsView.diffRow(rows[1], in: state.conflicts)
        == DiffRow("L TAB-1", ["qty 10 · price 2.00", "qty 12 · price 2.10", "qty 15 · price 2.20"]))
    #expect(ConflictsView.diffRow(rows[2], in: state.conflicts) == DiffRow("L   quantity", ["10", "12", "15"]))
    #expect(
      ConflictsView.diffRow(rows[4], in: state.conflicts)
        == DiffRow("L VAC-9", ["VAC-9 1 × 5.00", nil, "VAC-9 2 × 5.00"]))
    #expect(ConflictsView.diffRow(rows[5], in: state.conflicts) == DiffRow("L NEW-3", [nil, "qty 4", "qty 6"]))
    #expect(ConflictsView.diffRow(rows[5], in: state.conflicts).changes == [.unchanged, .conflict, .conflict])
  }
}
