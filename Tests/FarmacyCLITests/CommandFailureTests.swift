import FarmacyStore
import Testing

@testable import FarmacyCLI

@Suite struct CommandFailureTests {
  /// An edit refused because the order changed under it is worth repeating, not a bug.
  @Test func aConcurrentEdit_isReportedAsTryAgain_withTheFieldsNamed() {
    let failure = CommandFailure(ConcurrentEditError(reference: "P00042", fields: ["notes", "lines[TAB-00001].price"]))
    #expect(failure.status == .tryAgain)
    #expect(failure.code == "concurrent_edit")
    #expect(failure.message.hasPrefix("P00042 changed while you were editing it (notes, lines[TAB-00001].price)"))
  }
}
