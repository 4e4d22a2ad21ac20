import FarmacyDomain
import FarmacyTestSupport
import Foundation
import Testing

@Suite struct MergeTests {
  static let lineID = UUID(uuidString: "11111111-0000-0000-0000-000000000001") ?? UUID()
  static let otherLineID = UUID(uuidString: "22222222-0000-0000-0000-000000000002") ?? UUID()

  /// A synced order with one line (TAB-00001, quantity 2 at 10.00, Odoo id 501).
  static func base() -> PurchaseOrder {
    var line = OrderLine.fixture(id: lineID)
    line.odooID = 501
    var order = PurchaseOrder.fixture(odooID: 42, reference: "P00042", lines: [line])
    order.notes = "Deliver before noon"
    order.origin = "Reorder"
    return order
  }

  static func extraLine(id: UUID = otherLineID, quantity: Quantity = 5) -> OrderLine {
    OrderLine.fixture(id: id, productID: 2, code: "TAB-00002", quantity: quantity, unitPriceMinor: 700)
  }

  // MARK: - Header

  @Test func oneSidedChanges_fromBothSides_areMergedWithoutConflict() {
    let base = Self.base()
    var local = base
    local.notes = "Deliver after noon"
    local.lines[0].unitPriceMinor = 1_200
    var remote = base
    remote.origin = "Tender 7"
    remote.priority = .urgent
    remote.lines[0].quantity = 3

    let result = ThreeWayMerge.merge(base: base, local: local, remote: remote)
    #expect(result.conflicts.isEmpty)
    #expect(result.merged.notes == "Deliver after noon")
    #expect(result.merged.origin == "Tender 7")
    #expect(result.merged.priority == .urgent)
    #expect(result.merged.lines.count == 1)
    #expect(result.merged.lines[0].unitPriceMinor == 1_200)
    #expect(result.merged.lines[0].quantity == 3)
    #expect(result.notes.contains("origin taken from Odoo"))
    #expect(result.notes.contains("lines[TAB-00001].quantity taken from Odoo"))
    #expect(!result.notes.contains { $0.hasPrefix("notes") })
  }

  @Test func sameChangeOnBothSides_isNoConflict() {
    let base = Self.base()
    var local = base
    local.notes = "Call first"
    local.lines[0].quantity = 7
    var remote = local
    remote.lines[0].id = UUID()  // Odoo's copy of the line: same Odoo id, its own uuid

    let result = ThreeWayMerge.merge(base: base, local: local, remote: remote)
    #expect(result.conflicts.isEmpty)
    #expect(result.merged.notes == "Call first")
    #expect(result.merged.lines.map(\.quantity) == [7])
    #expect(result.merged.lines.map(\.id) == [Self.lineID])
  }

  @Test func sameHeaderFieldChangedDifferently_isConflict_keepingLocal() {
    let base = Self.base()
    var local = base
    local.notes = "Local notes"
    local.vendorID = 2
    local.vendorName = "Southgate Pharma"
    var remote = base
    remote.notes = "Odoo notes"
    remote.vendorID = 3
    remote.vendorName = "Eastfield Labs"

    let result = ThreeWayMerge.merge(base: base, local: local, remote: remote)
    #expect(result.conflicts.map(\.field) == ["vendor", "notes"])
    let notes = result.conflicts.first { $0.field == "notes" }
    #expect(
      notes == MergeConflict(field: "notes", base: "Deliver before noon", local: "Local notes", remote: "Odoo notes"))
    #expect(result.merged.notes == "Local notes")
    #expect(result.merged.vendorID == 2)
    #expect(result.merged.vendorName == "Southgate Pharma")
  }

  @Test func serverOwnedFields_comeFromOdoo() {
    var base = Self.base()
    base.odooID = nil
    base.reference = "L00007"
    var local = base
    local.hasActiveVendorBill = false
    var remote = base
    remote.odooID = 42
    remote.reference = "P00042"
    remote.hasActiveVendorBill = true
    remote.hasDoneReceipt = true
    remote.dateApprove = testNow

    let merged = ThreeWayMerge.merge(base: base, local: local, remote: remote).merged
    #expect(merged.odooID == 42)
    #expect(merged.reference == "P00042")
    #expect(merged.hasActiveVendorBill)
    #expect(merged.hasDoneReceipt)
    #expect(merged.dateApprove == testNow)
  }

  // MARK: - Lines

  @Test func lineQuantityChangedDifferently_isConflict() {
    let base = Self.base()
    var local = base
    local.lines[0].quantity = 3
    var remote = base
    remote.lines[0].quantity = 4

    let result = ThreeWayMerge.merge(base: base, local: local, remote: remote)
    #expect(
      result.conflicts == [
        MergeConflict(field: "lines[TAB-00001].quantity", lineID: Self.lineID, base: "2", local: "3", remote: "4")
      ])
    #expect(result.merged.lines[0].quantity == 3)
  }

  @Test func conflictOnControlledLine_isMarked() {
    var base = Self.base()
    base.lines[0].isControlled = true
    var local = base
    local.lines[0].unitPriceMinor = 1_100
    var remote = base
    remote.lines[0].unitPriceMinor = 900

    let conflict = ThreeWayMerge.merge(base: base, local: local, remote: remote).conflicts.first
    #expect(conflict?.field == "lines[TAB-00001].price")
    #expect(conflict?.local == "11.00")
    #expect(conflict?.remote == "9.00")
    #expect(conflict?.isControlled == true)
  }

  @Test func lineAddedInOdoo_isMergedIn_withNote() {
    let base = Self.base()
    var remote = base
    remote.lines.append(Self.extraLine())

    let result = ThreeWayMerge.merge(base: base, local: base, remote: remote)
    #expect(result.conflicts.isEmpty)
    #expect(result.merged.lines.map(\.productCode) == ["TAB-00001", "TAB-00002"])
    #expect(result.notes.contains("line TAB-00002 added in Odoo merged in"))
  }

  @Test func lineAddedLocally_isKept() {
    let base = Self.base()
    var local = base
    local.lines.append(Self.extraLine())

    let result = ThreeWayMerge.merge(base: base, local: local, remote: base)
    #expect(result.conflicts.isEmpty)
    #expect(result.merged.lines.map(\.id) == [Self.lineID, Self.otherLineID])
    #expect(result.notes.isEmpty)
  }

  @Test func lineRemovedInOdoo_andUnchangedLocally_isRemoved() {
    var base = Self.base()
    base.lines.append(Self.extraLine())
    var remote = base
    remote.lines.removeLast()

    let result = ThreeWayMerge.merge(base: base, local: base, remote: remote)
    #expect(result.conflicts.isEmpty)
    #expect(result.merged.lines.map(\.id) == [Self.lineID])
    #expect(result.notes.contains("line TAB-00002 removed in Odoo"))
  }

  @Test func lineRemovedLocally_andEditedInOdoo_isPresenceConflict() {
    var base = Self.base()
    base.lines.append(Self.extraLine())
    var local = base
    local.lines.removeLast()
    var remote = base
    remote.lines[1].quantity = 9

    let result = ThreeWayMerge.merge(base: base, local: local, remote: remote)
    #expect(result.conflicts.count == 1)
    let conflict = result.conflicts.first
    #expect(conflict?.field == "lines[TAB-00002]")
    #expect(conflict?.lineID == Self.otherLineID)
    #expect(conflict?.base == "TAB-00002 5 × 7.00")
    #expect(conflict?.local == nil)
    #expect(conflict?.remote == "TAB-00002 9 × 7.00")
    #expect(result.merged.lines.map(\.id) == [Self.lineID])
  }

  @Test func lineRemovedInOdoo_andEditedLocally_isPresenceConflict_keepingTheLine() {
    var base = Self.base()
    base.lines.append(Self.extraLine())
    var local = base
    local.lines[1].unitPriceMinor = 650
    var remote = base
    remote.lines.removeLast()

    let result = ThreeWayMerge.merge(base: base, local: local, remote: remote)
    #expect(result.conflicts.map(\.field) == ["lines[TAB-00002]"])
    #expect(result.conflicts.first?.remote == nil)
    #expect(result.merged.lines.map(\.unitPriceMinor) == [1_000, 650])
  }

  @Test func linesMatch_byOdooID_whenUUIDsDiffer() {
    let base = Self.base()
    var remote = base
    remote.lines[0].id = UUID()
    remote.lines[0].productID = 9
    remote.lines[0].productCode = "TAB-00009"

    let result = ThreeWayMerge.merge(base: base, local: base, remote: remote)
    #expect(result.conflicts.isEmpty)
    #expect(result.merged.lines.count == 1)
    #expect(result.merged.lines[0].id == Self.lineID)
    #expect(result.merged.lines[0].productCode == "TAB-00009")
  }

  @Test func linesMatch_byUUID_andTakeOdoosID() {
    let base = PurchaseOrder.fixture(lines: [.fixture(id: Self.lineID)])
    var remote = base
    remote.odooID = 77
    remote.lines[0].odooID = 601
    remote.lines[0].description = "Carprofen 50 mg, box of 100"

    let merged = ThreeWayMerge.merge(base: base, local: base, remote: remote).merged
    #expect(merged.odooID == 77)
    #expect(merged.lines.count == 1)
    #expect(merged.lines[0].id == Self.lineID)
    #expect(merged.lines[0].odooID == 601)
    #expect(merged.lines[0].description == "Carprofen 50 mg, box of 100")
  }

  @Test func linesAddedOnBothSides_matchByProduct() {
    let base = Self.base()
    var local = base
    local.lines.append(Self.extraLine(quantity: 5))
    var remote = base
    var remoteLine = Self.extraLine(id: UUID(), quantity: 6)
    remoteLine.odooID = 502
    remote.lines.append(remoteLine)

    let result = ThreeWayMerge.merge(base: base, local: local, remote: remote)
    #expect(
      result.conflicts == [
        MergeConflict(field: "lines[TAB-00002].quantity", lineID: Self.otherLineID, base: nil, local: "5", remote: "6")
      ])
    #expect(result.merged.lines.count == 2)
    #expect(result.merged.lines[1].id == Self.otherLineID)
    #expect(result.merged.lines[1].odooID == 502)
    #expect(result.merged.lines[1].quantity == 5)
  }

  @Test func linesAddedOnBothSides_withSameValues_mergeIntoOne() {
    let base = Self.base()
    var local = base
    local.lines.append(Self.extraLine())
    var remote = base
    remote.lines.append(Self.extraLine(id: UUID()))

    let result = ThreeWayMerge.merge(base: base, local: local, remote: remote)
    #expect(result.conflicts.isEmpty)
    #expect(result.merged.lines.map(\.id) == [Self.lineID, Self.otherLineID])
  }

  @Test func mergedLines_sortBySequence_thenLocalOrder() {
    var base = Self.base()
    base.lines.append(Self.extraLine())
    var remote = base
    remote.lines[0].sequence = 20
    var added = OrderLine.fixture(productID: 3, code: "TAB-00003")
    added.sequence = 5
    remote.lines.append(added)

    let merged = ThreeWayMerge.merge(base: base, local: base, remote: remote).merged
    #expect(merged.lines.map(\.productCode) == ["TAB-00003", "TAB-00002", "TAB-00001"])
  }

  // MARK: - Applying a side

  @Test func apply_setsHeaderField_fromEitherSide() {
    let base = Self.base()
    var local = base
    local.notes = "Local notes"
    var remote = base
    remote.notes = "Odoo notes"
    let result = ThreeWayMerge.merge(base: base, local: local, remote: remote)
    #expect(result.conflicts.count == 1)
    guard let conflict = result.conflicts.first else { return }

    #expect(ThreeWayMerge.apply(conflict, from: remote, to: result.merged).notes == "Odoo notes")
    let remoteFirst = ThreeWayMerge.apply(conflict, from: remote, to: result.merged)
    let back = ThreeWayMerge.apply(conflict, from: local, to: remoteFirst)
    #expect(back.notes == "Local notes")
  }

  @Test func apply_setsLineField_matchingOdoosLineByOdooID() {
    let base = Self.base()
    var local = base
    local.lines[0].quantity = 3
    var remote = base
    remote.lines[0].id = UUID()
    remote.lines[0].quantity = 4
    let result = ThreeWayMerge.merge(base: base, local: local, remote: remote)
    #expect(result.conflicts.count == 1)
    guard let conflict = result.conflicts.first else { return }

    let takenRemote = ThreeWayMerge.apply(conflict, from: remote, to: result.merged)
    #expect(takenRemote.lines.map(\.quantity) == [4])
    #expect(takenRemote.lines.map(\.id) == [Self.lineID])
    #expect(ThreeWayMerge.apply(conflict, from: local, to: takenRemote).lines.map(\.quantity) == [3])
  }

  @Test func apply_presence_putsLineBack_orLeavesItOut() {
    var base = Self.base()
    base.lines.append(Self.extraLine())
    var local = base
    local.lines.removeLast()
    var remote = base
    remote.lines[1].quantity = 9
    let result = ThreeWayMerge.merge(base: base, local: local, remote: remote)
    guard let conflict = result.conflicts.first else {
      Issue.record("expected a presence conflict")
      return
    }

    let withRemote = ThreeWayMerge.apply(conflict, from: remote, to: result.merged)
    #expect(withRemote.lines.map(\.productCode) == ["TAB-00001", "TAB-00002"])
    #expect(withRemote.lines.last?.quantity == 9)
    #expect(ThreeWayMerge.apply(conflict, from: remote, to: withRemote).lines.count == 2)
    #expect(ThreeWayMerge.apply(conflict, from: local, to: withRemote).lines.map(\.productCode) == ["TAB-00001"])
    #expect(ThreeWayMerge.apply(conflict, from: local, to: result.merged).lines.map(\.productCode) == ["TAB-00001"])
  }

  @Test func apply_presence_removesLocallyEditedLine_whenOdooWins() {
    var base = Self.base()
    base.lines.append(Self.extraLine())
    var local = base
    local.lines[1].quantity = 8
    var remote = base
    remote.lines.removeLast()
    let result = ThreeWayMerge.merge(base: base, local: local, remote: remote)
    guard let conflict = result.conflicts.first else {
      Issue.record("expected a presence conflict")
      return
    }

    #expect(ThreeWayMerge.apply(conflict, from: remote, to: result.merged).lines.map(\.id) == [Self.lineID])
    #expect(ThreeWayMerge.apply(conflict, from: local, to: result.merged).lines.map(\.quantity) == [2, 8])
  }

  @Test func resolve_appliesEachChoice() {
    let base = Self.base()
    var local = base
    local.notes = "Local notes"
    local.origin = "Local origin"
    local.lines[0].quantity = 3
    local.lines[0].discount = Percentage(percent: 5)
    var remote = base
    remote.notes = "Odoo notes"
    remote.origin = "Odoo origin"
    remote.lines[0].quantity = 4
    remote.lines[0].discount = Percentage(percent: 10)
    let result = ThreeWayMerge.merge(base: base, local: local, remote: remote)
    #expect(result.conflicts.count == 4)

    let choices: [String: MergeSide] = [
      "notes": .remote, "origin": .local, "lines[TAB-00001].quantity": .remote, "lines[TAB-00001].discount": .local,
    ]
    let resolved = ThreeWayMerge.resolve(
      result.merged, conflicts: result.conflicts, choices: choices, local: local, remote: remote)
    #expect(resolved.notes == "Odoo notes")
    #expect(resolved.origin == "Local origin")
    #expect(resolved.lines[0].quantity == 4)
    #expect(resolved.lines[0].discount == Percentage(percent: 5))
  }
}
