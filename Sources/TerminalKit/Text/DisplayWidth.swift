/// The number of terminal columns text occupies.
///
/// A `Character` (a grapheme cluster) is not one column: CJK ideographs and most emoji take
/// two, combining marks and zero-width characters take none, and a flag is two regional
/// indicators drawn in two columns. The rules, applied to each grapheme cluster:
///
/// - Each scalar counts 2 if its East Asian Width is Wide or Fullwidth (this includes emoji with
///   default emoji presentation), 0 if it is a nonspacing or enclosing mark, a format character,
///   a Hangul medial vowel or final consonant, or U+200B, and 1 otherwise.
/// - A cluster of two regional indicators (a flag), a cluster with U+FE0F (emoji presentation)
///   on an emoji base, and an emoji zero-width-joiner sequence are 2.
/// - Otherwise the cluster is the sum of its scalars, at most 2.
///
/// These follow Unicode's East Asian Width and the terminals' own `wcwidth`, so a ``Buffer``
/// and the terminal agree on where every column is. Text is measured as it will be drawn,
/// after ``TextSanitizer``: a control character counts as its one-column replacement.
public enum DisplayWidth {
  /// The columns of one grapheme cluster: 0, 1 or 2.
  public static func of(_ character: Character) -> Int {
    // One byte is one ASCII scalar: printable, or a control character drawn as its one-column
    // replacement.
    if character.utf8.count == 1 { return 1 }
    let scalars = character.unicodeScalars
    // A single scalar (box drawing, a currency sign, most CJK) needs no cluster rules.
    if scalars.count == 1, let only = scalars.first { return of(only) }
    var sum = 0
    var regionalIndicators = 0
    var joined = false
    var emojiPresentation = false
    for scalar in scalars {
      switch scalar.value {
      case 0x200D: joined = true
      case 0xFE0F: emojiPresentation = true
      case 0x1F1E6...0x1F1FF:
        regionalIndicators += 1
        sum += 1
      default: sum += of(scalar)
      }
    }
    if regionalIndicators >= 2 { return 2 }
    if joined || emojiPresentation, let base = scalars.first, base.properties.isEmoji { return 2 }
    return min(2, sum)
  }

  /// The columns of a single scalar drawn on its own: 0, 1 or 2.
  public static func of(_ scalar: Unicode.Scalar) -> Int {
    let value = scalar.value
    if value >= 0x20 && value < 0x7F { return 1 }
    if TextSanitizer.replacement(for: scalar) != nil { return 1 }
    if value < 0x300 { return 1 }
    // Common narrow symbols, looked up without the Unicode tables: general punctuation (‐ to ‧),
    // currency signs, arrows, box drawing and block elements.
    if (0x2010...0x2027).contains(value) || (0x20A0...0x20C0).contains(value) || (0x2190...0x21FF).contains(value)
      || (0x2500...0x259F).contains(value)
    {
      return 1
    }
    if value == 0x200B || (0x1160...0x11FF).contains(value) || (0xD7B0...0xD7FF).contains(value) {
      return 0
    }
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark: return 0
    case .format: return isPrependedConcatenationMark(value) ? 1 : 0
    default: return isWide(value) ? 2 : 1
    }
  }

  /// The columns of `text` as it will be drawn.
  public static func of(_ text: String) -> Int {
    // Fast path: clean ASCII is one column per byte.
    if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
    var total = 0
    for character in TextSanitizer.sanitize(text) {
      total += of(character)
    }
    return total
  }

  /// Shortens `text` to at most `width` columns, ending it with `ellipsis` when it was cut.
  ///
  /// Never splits a grapheme cluster or a wide character: when the next cluster does not fit,
  /// the result stops short and may be a column narrower than `width`. Text that fits is
  /// returned sanitised but otherwise unchanged.
  ///
  /// ```swift
  /// DisplayWidth.truncate("Amoxicillin 500 mg", toWidth: 10)  // "Amoxicill…"
  /// DisplayWidth.truncate("日本語テキスト", toWidth: 6)         // "日本…" (5 columns)
  /// ```
  public static func truncate(_ text: String, toWidth width: Int, ellipsis: String = "…") -> String {
    let clean = TextSanitizer.sanitize(text)
    guard width > 0 else { return "" }
    if of(clean) <= width { return clean }
    let ellipsisWidth = of(ellipsis)
    guard ellipsisWidth <= width else { return "" }
    var result = ""
    var used = 0
    for character in clean {
      let w = of(character)
      if used + w > width - ellipsisWidth { break }
      result.append(character)
      used += w
    }
    return result + ellipsis
  }

  /// Pads or truncates `text` to exactly `width` columns, aligned as asked.
  public static func fit(_ text: String, toWidth width: Int, alignment: Alignment = .left) -> String {
    let cut = truncate(text, toWidth: width)
    let gap = max(0, width - of(cut))
    switch alignment {
    case .left: return cut + String(repeating: " ", count: gap)
    case .right: return String(repeating: " ", count: gap) + cut
    case .center:
      return String(repeating: " ", count: gap / 2) + cut + String(repeating: " ", count: gap - gap / 2)
    }
  }

  /// Format characters that are drawn (number signs above Arabic digits and the like), so
  /// they take a column even though other format characters take none.
  private static func isPrependedConcatenationMark(_ value: UInt32) -> Bool {
    switch value {
    case 0x0600...0x0605, 0x06DD, 0x070F, 0x0890...0x0891, 0x08E2, 0x110BD, 0x110CD: true
    default: false
    }
  }

  // MARK: - East Asian Wide and Fullwidth

  /// Whether `value` is East Asian Wide or Fullwidth (Unicode 15.1), which covers CJK,
  /// Hangul syllables, fullwidth forms and the emoji with default emoji presentation.
  /// U+3248–U+324F and the Yijing hexagrams U+4DC0–U+4DFF are included because the C
  /// library's `wcwidth`, which terminals use, still counts them wide.
  static func isWide(_ value: UInt32) -> Bool {
    guard value >= 0x1100 else { return false }
    var low = 0
    var high = wideRanges.count - 1
    while low <= high {
      let middle = (low + high) / 2
      let range = wideRanges[middle]
      if value < range.lowerBound {
        high = middle - 1
      } else if value > range.upperBound {
        low = middle + 1
      } else {
        return true
      }
    }
    return false
  }

  private static let wideRanges: [ClosedRange<UInt32>] = [
    0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0,
    0x23F3...0x23F3, 0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F,
    0x2693...0x2693, 0x26A1...0x26A1, 0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5,
    0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA, 0x26F2...0x26F3, 0x26F5...0x26F5,
    0x26FA...0x26FA, 0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B, 0x2728...0x2728,
    0x274C...0x274C, 0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
    0x27B0...0x27B0, 0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55,
    0x2E80...0x2E99, 0x2E9B...0x2EF3, 0x2F00...0x2FD5, 0x2FF0...0x2FFF, 0x3000...0x303E,
    0x3041...0x3096, 0x3099...0x30FF, 0x3105...0x312F, 0x3131...0x318E, 0x3190...0x31E3,
    0x31EF...0x321E, 0x3220...0xA48C, 0xA490...0xA4C6,
    0xA960...0xA97C, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE52,
    0xFE54...0xFE66, 0xFE68...0xFE6B, 0xFF01...0xFF60, 0xFFE0...0xFFE6,
    0x16FE0...0x16FE4, 0x16FF0...0x16FF1, 0x17000...0x187F7, 0x18800...0x18CD5,
    0x18D00...0x18D08, 0x1AFF0...0x1AFF3, 0x1AFF5...0x1AFFB, 0x1AFFD...0x1AFFE,
    0x1B000...0x1B122, 0x1B132...0x1B132, 0x1B150...0x1B152, 0x1B155...0x1B155,
    0x1B164...0x1B167, 0x1B170...0x1B2FB, 0x1F004...0x1F004, 0x1F0CF...0x1F0CF,
    0x1F18E...0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F202, 0x1F210...0x1F23B,
    0x1F240...0x1F248, 0x1F250...0x1F251, 0x1F260...0x1F265, 0x1F300...0x1F320,
    0x1F32D...0x1F335, 0x1F337...0x1F37C, 0x1F37E...0x1F393, 0x1F3A0...0x1F3CA,
    0x1F3CF...0x1F3D3, 0x1F3E0...0x1F3F0, 0x1F3F4...0x1F3F4, 0x1F3F8...0x1F43E,
    0x1F440...0x1F440, 0x1F442...0x1F4FC, 0x1F4FF...0x1F53D, 0x1F54B...0x1F54E,
    0x1F550...0x1F567, 0x1F57A...0x1F57A, 0x1F595...0x1F596, 0x1F5A4...0x1F5A4,
    0x1F5FB...0x1F64F, 0x1F680...0x1F6C5, 0x1F6CC...0x1F6CC, 0x1F6D0...0x1F6D2,
    0x1F6D5...0x1F6D7, 0x1F6DC...0x1F6DF, 0x1F6EB...0x1F6EC, 0x1F6F4...0x1F6FC,
    0x1F7E0...0x1F7EB, 0x1F7F0...0x1F7F0, 0x1F90C...0x1F93A, 0x1F93C...0x1F945,
    0x1F947...0x1F9FF, 0x1FA70...0x1FA7C, 0x1FA80...0x1FA88, 0x1FA90...0x1FABD,
    0x1FABF...0x1FAC5, 0x1FACE...0x1FADB, 0x1FAE0...0x1FAE8, 0x1FAF0...0x1FAF8,
    0x20000...0x2FFFD, 0x30000...0x3FFFD,
  ]
}
