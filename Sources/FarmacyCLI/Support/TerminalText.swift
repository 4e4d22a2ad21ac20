import FarmacyDomain
import Foundation
import TerminalKit

/// Makes text from the database or from Odoo safe to print, and pads it to a column width.
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

  /// Pads `text` with spaces to `columns` (measured by TerminalKit's ``DisplayWidth``), on the
  /// right (or the left for numbers).
  static func pad(_ text: String, to columns: Int, alignRight: Bool = false) -> String {
    let padding = String(repeating: " ", count: max(0, columns - DisplayWidth.of(text)))
    return alignRight ? padding + text : text + padding
  }
}
