import FarmacyDomain
import FarmacyTestSupport
import Foundation
import Testing

/// A line both sides added with the same product: the merge pairs the two copies, and a person
/// may keep both instead of settling the pair field by field.
@Suite struct MergeKeepBothTests {
  private static let ours = UUID(uuidString: "33333333-0000-0000-0000-000000000003") ?? UUID()
  private static let theirs = UUID(uuidString: "44444444-0000-0000-0000-000000000004") ?? UUID()

  private func versions() -> (base: PurchaseOrder, local: PurchaseOrder, remote: PurchaseOrder) {
    let base = MergeTests.base()
    var local = base
    local.lines.append(.fixture(id: Self.ours, productID: 7, code: "VAC-00007", quantity: 4, unitPriceMinor: 5_000))
    var remote = base
    var added = OrderLine.fixture(id: Self.theirs, productID: 7, code: "VAC-00007", quantity: 6, unitPriceMinor: 4_800)
    added.odooID = 900
    remote.lines.append(added)
    return (base, local, remote)
  }

  @Test func lineAddedOnBothSides_isPaired_withConflictsWithoutABase() {
    let (base, local, remote) = versions()
    let result = ThreeWayMerge.merge(base: base, local: local, remote: remote)
    #expect(result.conflicts.map(\.field) == ["lines[VAC-00007].quantity", "lines[VAC-00007].price"])
    #expect(result.conflicts.allSatisfy { $0.isOnLineAddedOnBothSides })
    #expect(result.conflicts.allSatisfy { $0.lineKey == "VAC-00007" && $0.lineID == Self.ours })
    #expect(result.merged.lines.last?.odooID == 900)
  }

  @Test func keepBoth_makesOursANewLine_andPutsOdoosCopyBack() throws {
    let (base, local, remote) = versions()
    let merged = ThreeWayMerge.merge(base: base, local: local, remote: remote).merged
    let both = try #require(ThreeWayMerge.keepBoth(lineID: Self.ours, remote: remote, in: merged))
    let copies = both.lines.filter { $0.productCode == "VAC-00007" }
    #expect(copies.count == 2)
    #expect(copies.contains { $0.id == Self.ours && $0.odooID == nil && $0.quantity == 4 && $0.unitPriceMinor == 5_000 })
    #expect(copies.contains { $0.id == Self.theirs && $0.odooID == 900 && $0.quantity == 6 && $0.unitPriceMinor == 4_800 })
    #expect(both.lines.count == merged.lines.count + 1)
  }

  @Test func keepBoth_givesNil_forALineNotPairedWithOdoos() {
    let (base, local, remote) = versions()
    let merged = ThreeWayMerge.merge(base: base, local: local, remote: remote).merged
    #expect(ThreeWayMerge.keepBoth(lineID: UUID(), remote: remote, in: merged) == nil)
    #expect(ThreeWayMerge.keepBoth(lineID: Self.ours, remote: MergeTests.base(), in: merged) == nil)
  }

  @Test func aFieldOfALineThatWasThereBefore_orAPresenceConflict_isNotOnALineAddedOnBothSides() {
    #expect(!MergeConflict(field: "lines[A].quantity", base: "1", local: "2", remote: "3").isOnLineAddedOnBothSides)
    #expect(!MergeConflict(field: "lines[A]", base: nil, local: "A 1 × 2", remote: "A 2 × 2").isOnLineAddedOnBothSides)
    #expect(!MergeConflict(field: "notes", base: nil, local: "a", remote: "b").isOnLineAddedOnBothSides)
    #expect(MergeConflict(field: "lines[A]].x].price", base: nil, local: "1", remote: "2").lineKey == "A]].x")
  }

  @Test func keysOfLinesAddedOnBothSides_nameOnlyLinesEveryConflictOfWhichIsOnSuchALine() {
    let conflicts = [
      MergeConflict(field: "notes", base: nil, local: "a", remote: "b"),
      MergeConflict(field: "lines[B].quantity", base: nil, local: "2", remote: "3"),
      MergeConflict(field: "lines[A].quantity", base: "1", local: "2", remote: "3"),
      MergeConflict(field: "lines[C].price", base: nil, local: "1", remote: "2"),
      MergeConflict(field: "lines[C].quantity", base: "1", local: "2", remote: "3"),
      MergeConflict(field: "lines[B].price", base: nil, local: "1", remote: "2"),
    ]
    #expect(conflicts.keysOfLinesAddedOnBothSides == ["B"])
    let (base, local, remote) = versions()
    #expect(ThreeWayMerge.merge(base: base, local: local, remote: remote).conflicts.keysOfLinesAddedOnBothSides == ["VAC-00007"])
  }
}
