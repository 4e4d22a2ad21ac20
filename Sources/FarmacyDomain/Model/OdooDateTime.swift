import Foundation

/// Odoo's datetime text: `YYYY-MM-DD HH:MM:SS`, always UTC, whole seconds.
///
/// Written by hand instead of with `DateFormatter`: it is on the hot path of listing and
/// importing (hundreds of thousands of dates), needs no locale, and must never depend on the
/// machine's time zone.
package enum OdooDateTime {
  /// Formats `date` as `2026-11-26 14:03:00` (UTC, fractions dropped).
  package static func format(_ date: Date) -> String {
    let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
    let (days, secondOfDay) = seconds.quotientAndRemainderFloored(dividingBy: 86_400)
    let (year, month, day) = civil(fromDays: days)
    let hour = secondOfDay / 3_600
    let minute = secondOfDay % 3_600 / 60
    let second = secondOfDay % 60
    guard (0...9999).contains(year) else {
      return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2)) \(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))"
    }
    // The common case, written digit by digit: this runs for every date of every record read.
    return String(unsafeUninitializedCapacity: 19) { buffer in
      func put(_ value: Int64, _ width: Int, at offset: Int) {
        var rest = value
        for position in stride(from: offset + width - 1, through: offset, by: -1) {
          buffer[position] = UInt8(ascii: "0") + UInt8(rest % 10)
          rest /= 10
        }
      }
      put(year, 4, at: 0)
      put(month, 2, at: 5)
      put(day, 2, at: 8)
      put(hour, 2, at: 11)
      put(minute, 2, at: 14)
      put(second, 2, at: 17)
      buffer[4] = UInt8(ascii: "-")
      buffer[7] = UInt8(ascii: "-")
      buffer[10] = UInt8(ascii: " ")
      buffer[13] = UInt8(ascii: ":")
      buffer[16] = UInt8(ascii: ":")
      return 19
    }
  }

  /// Formats only the date part, `2026-11-26`.
  package static func formatDay(_ date: Date) -> String { String(format(date).prefix(10)) }

  /// Parses `YYYY-MM-DD HH:MM:SS` (optionally with `T` or fractional seconds) or `YYYY-MM-DD`
  /// as UTC; `nil` for anything else, including impossible dates such as February 30.
  package static func parse(_ text: String) -> Date? {
    let bytes = Array(text.utf8)
    func number(_ range: Range<Int>) -> Int64? {
      guard range.upperBound <= bytes.count else { return nil }
      var value: Int64 = 0
      for byte in bytes[range] {
        guard byte >= 48, byte <= 57 else { return nil }
        value = value * 10 + Int64(byte - 48)
      }
      return value
    }
    guard bytes.count >= 10, bytes[4] == 45, bytes[7] == 45,
      let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
      (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year)
    else { return nil }
    var secondOfDay: Int64 = 0
    if bytes.count > 10 {
      guard bytes.count >= 19, bytes[10] == 32 || bytes[10] == 84, bytes[13] == 58, bytes[16] == 58,
        let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
        hour < 24, minute < 60, second < 60
      else { return nil }
      if bytes.count > 19 {
        guard bytes[19] == 46, bytes.count > 20, number(20..<bytes.count) != nil else { return nil }
      }
      secondOfDay = hour * 3_600 + minute * 60 + second
    }
    return Date(timeIntervalSince1970: TimeInterval(days(fromYear: year, month: month, day: day) * 86_400 + secondOfDay))
  }

  private static func daysIn(month: Int64, year: Int64) -> Int64 {
    switch month {
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  // Days since 1970-01-01 from a proleptic Gregorian date, and back (the era-based algorithm).
  private static func days(fromYear year: Int64, month: Int64, day: Int64) -> Int64 {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let mp = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }

  private static func pad(_ value: Int64, _ width: Int) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
  }
}

extension Int64 {
  fileprivate func quotientAndRemainderFloored(dividingBy divisor: Int64) -> (Int64, Int64) {
    let (q, r) = quotientAndRemainder(dividingBy: divisor)
    return r < 0 ? (q - 1, r + divisor) : (q, r)
  }
}
