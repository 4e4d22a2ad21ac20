import CNCurses
import Foundation
import Testing
import TerminalKit

/// Checks the width tables against the C library's `wcwidth`, which is what tmux and ncurses
/// use to place characters. Scalars newer than the C library's Unicode data are skipped.
@Suite struct DisplayWidthAgreementTests {
  @Test func scalarWidths_agreeWithWcwidth_forAssignedScalars() throws {
    guard setlocale(LC_CTYPE, "C.UTF-8") != nil else {
      Issue.record("C.UTF-8 locale missing")
      return
    }
    var disagreements: [String] = []
    for value in UInt32(0x20)...0x3FFFD {
      guard let scalar = Unicode.Scalar(value) else { continue }
      if TextSanitizer.replacement(for: scalar) != nil { continue }
      let system = Int(cn_wcwidth(wchar_t(bitPattern: value)))
      // -1: unassigned or unprintable in the C library's (older) Unicode data.
      guard system >= 0 else { continue }
      if scalar.properties.age.map({ $0.major > 14 }) ?? true { continue }
      // Changed from nonspacing to spacing mark after the C library's Unicode version.
      if value == 0x1171E { continue }
      let ours = DisplayWidth.of(scalar)
      if ours != system {
        disagreements.append("U+\(String(value, radix: 16, uppercase: true)) ours \(ours) wcwidth \(system)")
      }
    }
    #expect(disagreements.isEmpty, "\(disagreements.count): \(disagreements.prefix(40).joined(separator: ", "))")
  }
}
