import FarmacyDomain
import Foundation
import Testing

@Suite struct OdooDateTimeTests {
  @Test func formats_inUTC_wholeSeconds() {
    #expect(OdooDateTime.format(Date(timeIntervalSince1970: 0)) == "1970-01-01 00:00:00")
    #expect(OdooDateTime.format(Date(timeIntervalSince1970: 1_773_480_413.987)) == "2026-03-14 09:26:53")
    #expect(OdooDateTime.format(Date(timeIntervalSince1970: -1)) == "1969-12-31 23:59:59")
    #expect(OdooDateTime.format(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29 00:00:00")
  }

  @Test func parses_whatItFormats_overManyYears() {
    var seconds: Int64 = -2_000_000_000
    while seconds < 4_000_000_000 {
      let date = Date(timeIntervalSince1970: TimeInterval(seconds))
      #expect(OdooDateTime.parse(OdooDateTime.format(date)) == date)
      seconds += 86_400 * 37 + 3_671
    }
  }

  @Test func parses_variants() {
    #expect(OdooDateTime.parse("2026-03-14") == Date(timeIntervalSince1970: 1_773_446_400))
    #expect(OdooDateTime.parse("2026-03-14T09:26:53") == Date(timeIntervalSince1970: 1_773_480_413))
    #expect(OdooDateTime.parse("2026-03-14 09:26:53.123456") == Date(timeIntervalSince1970: 1_773_480_413))
  }

  @Test(arguments: ["", "2026-02-30", "2025-02-29", "2026-13-01", "2026-1-01", "2026-03-14 24:00:00", "2026-03-14 09:26", "garbage!!!", "2026-03-14 09:26:53.", "2026-03-14x09:26:53"])
  func refuses_impossibleOrMalformedDates(text: String) {
    #expect(OdooDateTime.parse(text) == nil)
  }
}
