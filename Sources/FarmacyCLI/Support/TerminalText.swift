import FarmacyDomain
import Foundation

/// Makes text from the database or from Odoo safe to print, and measures it in columns.
enum TerminalText {
  /// Replaces control characters, escape sequences and bidi controls with U+FFFD so that a
  /// hostile vendor name cannot move the cursor, recolour the terminal or reverse a line.
  static func safe(_ text: String, keepNewlines: Bool = false) -> String {
    var result = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      if scalar == "\n", keepNewlines {
        result.append(scalar)
      } else if TextRules.isForbidden(scalar, multiline: false) {
        result.append("\u{FFFD}")
      } else {
        result.append(scalar)
      }
    }
    return String(result)
  }

  /// Columns `text` takes in a terminal: 2 for East Asian wide and emoji characters, 0 for
  /// combining marks and zero-width characters, 1 otherwise, counted per grapheme.
  static func width(_ text: String) -> Int {
    text.reduce(0) { $0 + width(of: $1) }
  }

  static func width(of character: Character) -> Int {
    let scalars = character.unicodeScalars
    guard let first = scalars.first else { return 0 }
    if scalars.contains(where: { $0.value == 0xFE0F }) || first.properties.isEmojiPresentation { return 2 }
    if isWide(first.value) { return 2 }
    switch first.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format: return 0
    default: return 1
    }
  }

  private static func isWide(_ value: UInt32) -> Bool {
    switch value {
    case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
      0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
      true
    default: false
    }
  }

  /// Cuts `text` to at most `columns`, ending with "…" when something was cut.
  static func truncate(_ text: String, to columns: Int) -> String {
    guard width(text) > columns else { return text }
    guard columns > 0 else { return "" }
    var result = ""
    var used = 0
    for character in text {
      let w = width(of: character)
      if used + w > columns - 1 { break }
      result.append(character)
      used += w
    }
    return result + "…"
  }

  /// Pads `text` with spaces to `columns`, on the right (or the left for numbers).
  static func pad(_ text: String, to columns: Int, alignRight: Bool = false) -> String {
    let padding = String(repeating: " ", count: max(0, columns - width(text)))
    return alignRight ? padding + text : text + padding
  }
}
