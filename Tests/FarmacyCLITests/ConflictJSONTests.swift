import FarmacyDomain
@testable import FarmacyStore
import Foundation
import Testing

@testable import FarmacyCLI

@Suite struct ConflictJSONTests {
  private func stored(_ id: Int64, order: UUID, reference: String, _ conflict: MergeConflict) -> StoredConflict {
    StoredConflict(
      id: id, orderID: order, reference: reference, conflict: conflict, isOpen: true, resolution: nil,
      resolvedBy: nil, detectedAt: Date(timeIntervalSince1970: 1_800_000_000))
  }

  @Test func keepBoth_isWorkedOutPerOrder_evenWhenTwoOrdersShareAReference() {
    let first = UUID(uuidString: "00000000-0000-0000-0000-000000000001")!
    let second = UUID(uuidString: "00000000-0000-0000-0000-000000000002")!
    let conflicts = [
      // The first order's TAB-00002 line was added on both sides…
      stored(1, order: first, reference: "P00042", MergeConflict(field: "lines[TAB-00002].quantity", base: nil, local: "5", remote: "7")),
      // …the second order's was only changed on both sides.
      stored(2, order: second, reference: "P00042", MergeConflict(field: "lines[TAB-00002].quantity", base: "1", local: "5", remote: "7")),
    ]
    let json = ConflictJSON.all(conflicts)
    #expect(json.map(\.keep_both) == [true, false])
    #expect(json.map(\.line) == ["TAB-00002", "TAB-00002"])
  }
}
