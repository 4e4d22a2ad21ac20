import FarmacyDomain
import Foundation
import Testing

@Suite struct TimeOrderedUUIDTests {
  /// Hands out the given words in turn.
  struct Script: RandomNumberGenerator {
    var words: [UInt64]
    mutating func next() -> UInt64 { words.isEmpty ? 0 : words.removeFirst() }
  }

  @Test func layout_followsRFC9562_version7() {
    // 2026-03-14 09:26:53.589 UTC = 1773480413589 ms = 0x019CEBAB8995.
    let date = Date(timeIntervalSince1970: 1_773_480_413.589_4)
    var random = Script(words: [0xFFFF_FFFF_FFFF_FFFF, 0x0123_4567_89AB_CDEF])
    let id = UUID.timeOrdered(at: date, using: &random)
    #expect(id.uuidString == "019CEBAB-8995-7FFF-BFFF-FFFF89ABCDEF")
  }

  @Test func idsMadeLater_sortAfter_andNoneRepeat() {
    var seen = Set<UUID>()
    var previous = ""
    for step in 0..<2_000 {
      let date = Date(timeIntervalSince1970: 1_700_000_000 + Double(step) * 0.001)
      var generator = SystemRandomNumberGenerator()
      let id = UUID.timeOrdered(at: date, using: &generator)
      #expect(seen.insert(id).inserted)
      #expect(id.uuidString > previous)
      previous = id.uuidString
      #expect(Array(id.uuidString)[14] == "7")
      #expect("89AB".contains(Array(id.uuidString)[19]))
    }
    #expect(UUID.timeOrdered() != UUID.timeOrdered())
  }
}
