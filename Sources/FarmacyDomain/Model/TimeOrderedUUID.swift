import Foundation

extension UUID {
  /// A new version-7 UUID (RFC 9562 §5.7): 48 bits of Unix time in milliseconds, then 74
  /// random bits.
  ///
  /// Orders and lines get these ids. Ids made one after another sort in time order, so the
  /// store's unique indexes grow at their end instead of splitting pages at random, and
  /// making one reads the system generator instead of opening `/dev/urandom` as `UUID()`
  /// does on Linux.
  package static func timeOrdered() -> UUID {
    var generator = SystemRandomNumberGenerator()
    return timeOrdered(at: Date(), using: &generator)
  }

  /// A version-7 UUID for `date`, its random bits from `generator`.
  package static func timeOrdered(at date: Date, using generator: inout some RandomNumberGenerator) -> UUID {
    let milliseconds = UInt64(max(0, (date.timeIntervalSince1970 * 1000).rounded(.down)))
    let high = generator.next() as UInt64
    let low = generator.next() as UInt64
    return UUID(
      uuid: (
        UInt8(truncatingIfNeeded: milliseconds >> 40), UInt8(truncatingIfNeeded: milliseconds >> 32),
        UInt8(truncatingIfNeeded: milliseconds >> 24), UInt8(truncatingIfNeeded: milliseconds >> 16),
        UInt8(truncatingIfNeeded: milliseconds >> 8), UInt8(truncatingIfNeeded: milliseconds),
        0x70 | UInt8(truncatingIfNeeded: high >> 56) & 0x0F, UInt8(truncatingIfNeeded: high >> 48),
        0x80 | UInt8(truncatingIfNeeded: high >> 40) & 0x3F, UInt8(truncatingIfNeeded: high >> 32),
        UInt8(truncatingIfNeeded: high >> 24), UInt8(truncatingIfNeeded: high >> 16),
        UInt8(truncatingIfNeeded: low >> 24), UInt8(truncatingIfNeeded: low >> 16),
        UInt8(truncatingIfNeeded: low >> 8), UInt8(truncatingIfNeeded: low)
      ))
  }
}
