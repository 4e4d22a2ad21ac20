/// Hands out curses colour pairs for (foreground, background) combinations, creating each the
/// first time it is needed.
///
/// curses draws colours through numbered pairs that must be registered with `init_pair`. The
/// table remembers which pair serves which combination; pair 0 is the terminal's default
/// colours and is also what is returned once the terminal's pairs run out.
struct ColorPairTable {
  private var pairs: [PairKey: Int16] = [:]
  private var nextPair: Int16 = 1
  /// The highest pair number that may be used.
  let limit: Int

  struct PairKey: Hashable {
    var foreground: Int32
    var background: Int32
  }

  init(limit: Int) { self.limit = min(limit, Int(Int16.max)) }

  /// The pair for `foreground` on `background` (-1 for a default colour). `register` is called
  /// with a new pair's number and colours to create it in curses.
  mutating func pair(
    foreground: Int32, background: Int32, register: (Int16, Int32, Int32) -> Void
  ) -> Int16 {
    if foreground == -1 && background == -1 { return 0 }
    let key = PairKey(foreground: foreground, background: background)
    if let pair = pairs[key] { return pair }
    guard Int(nextPair) <= limit else { return 0 }
    let pair = nextPair
    nextPair += 1
    register(pair, foreground, background)
    pairs[key] = pair
    return pair
  }

  var count: Int { pairs.count }
}
