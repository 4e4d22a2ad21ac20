/// A small, fast, deterministic random number generator (SplitMix64).
///
/// The demo data must be the same on every machine for the same seed, so that the local
/// database and the simulated Odoo seeded separately hold the same vendors, products and
/// orders. `SystemRandomNumberGenerator` cannot promise that.
package struct SeededGenerator: RandomNumberGenerator, Sendable {
  private var state: UInt64

  package init(seed: UInt64) { state = seed }

  package mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A generator for the `index`-th item of a stream, independent of how many items came before.
  ///
  /// Lets ``DemoDataGenerator`` produce order 70,000 without producing the 69,999 before it.
  package static func forItem(_ index: Int, seed: UInt64, stream: UInt64) -> SeededGenerator {
    var mixer = SeededGenerator(seed: seed ^ (stream &* 0xD6E8_FEB8_6659_FD93) ^ (UInt64(index) &* 0x9E37_79B9_7F4A_7C15))
    return SeededGenerator(seed: mixer.next())
  }
}

extension SeededGenerator {
  /// A uniform integer in `0..<upperBound` (0 when `upperBound` is not positive).
  package mutating func int(_ upperBound: Int) -> Int {
    guard upperBound > 0 else { return 0 }
    return Int(next(upperBound: UInt64(upperBound)))
  }
}
