/// Turns one cell's grapheme cluster into what curses can draw.
///
/// A curses cell (`cchar_t`) holds one spacing character followed by a few zero-width ones,
/// and curses and the terminal place characters by the C library's `wcwidth`. A ``Cell`` may
/// hold more than that: a flag is two regional indicators, an emoji family is several emoji
/// joined by U+200D, a heart with U+FE0F is narrow for `wcwidth` but two columns for us. The
/// plan keeps the screen's columns right whatever the cluster:
///
/// - zero-width joiners and U+FE0F are dropped (terminals disagree on them);
/// - each spacing character starts a glyph; up to four zero-width characters follow it;
/// - glyphs are kept while they fit the cell's width; the rest of the cluster is dropped
///   (an emoji family shows its first member);
/// - columns left over are filled with spaces, so nothing stale shows through.
///
/// A character the C library does not know (`wcwidth` -1) is drawn as U+FFFD.
struct GlyphPlan: Equatable {
  /// The characters of each glyph, drawn left to right, each at the column after the last.
  var glyphs: [[UInt32]]
  /// The columns each glyph takes.
  var widths: [Int]

  init(glyphs: [[UInt32]], widths: [Int]) {
    self.glyphs = glyphs
    self.widths = widths
  }

  init(symbol: String, width: Int, wcwidth: (UInt32) -> Int) {
    var groups: [[UInt32]] = []
    var groupWidths: [Int] = []
    for scalar in symbol.unicodeScalars {
      let value = scalar.value
      if value == 0x200D || value == 0xFE0F { continue }
      let w = wcwidth(value)
      if w == 0 {
        if !groups.isEmpty && groups[groups.count - 1].count < 5 { groups[groups.count - 1].append(value) }
        continue
      }
      if w < 0 {
        groups.append([0xFFFD])
        groupWidths.append(1)
      } else {
        groups.append([value])
        groupWidths.append(w)
      }
    }
    var kept: [[UInt32]] = []
    var keptWidths: [Int] = []
    var used = 0
    for (group, groupWidth) in zip(groups, groupWidths) {
      guard used + groupWidth <= width else { break }
      kept.append(group)
      keptWidths.append(groupWidth)
      used += groupWidth
    }
    if kept.isEmpty && width > 0 && !groups.isEmpty {
      // Wider for the C library than for us: show a replacement rather than spill over.
      kept = [[0xFFFD]]
      keptWidths = [1]
      used = 1
    }
    while used < width {
      kept.append([0x20])
      keptWidths.append(1)
      used += 1
    }
    self.init(glyphs: kept, widths: keptWidths)
  }
}
