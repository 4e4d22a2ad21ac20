/// Makes text from outside (order notes, partner names, Odoo error messages) safe to draw.
///
/// A terminal obeys what it is sent: an ESC starts a command, a carriage return moves the
/// cursor, and bidi overrides reorder what follows. Text from a database or a server must never
/// reach the terminal raw, so every string that enters a ``Buffer`` passes through here first and
/// each dangerous scalar is replaced by a visible, harmless one:
///
/// | scalar | shown as |
/// |---|---|
/// | C0 controls U+0000–U+001F (ESC, CR, LF, BEL…) | the matching Control Picture, e.g. `␛` |
/// | TAB | a space |
/// | DEL U+007F | `␡` |
/// | C1 controls U+0080–U+009F (incl. the 8-bit CSI) | `�` |
/// | bidi marks, embeddings, overrides and isolates (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069) | `�` |
/// | line and paragraph separators U+2028/U+2029, noncharacters | `�` |
///
/// So `"\u{1B}[31mred"` draws as `␛[31mred`: the escape is visible and inert. Every
/// replacement is one column wide. Widgets that give newlines a meaning (``Paragraph``) split
/// on them before they get here.
public enum TextSanitizer {
  /// The replacement for `scalar`, or `nil` when it is safe to draw as it is.
  public static func replacement(for scalar: Unicode.Scalar) -> Unicode.Scalar? {
    let value = scalar.value
    switch value {
    case 0x09:
      return " "
    case 0x00...0x1F:
      return Unicode.Scalar(0x2400 + value)
    case 0x20...0x7E:
      return nil
    case 0x7F:
      return "\u{2421}"
    case 0x80...0x9F:
      return "\u{FFFD}"
    case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029:
      return "\u{FFFD}"
    case 0xFDD0...0xFDEF:
      return "\u{FFFD}"
    default:
      return value & 0xFFFE == 0xFFFE ? "\u{FFFD}" : nil
    }
  }

  /// Whether `text` can be drawn without any replacement.
  public static func isClean(_ text: String) -> Bool {
    // Fast path: printable ASCII is by far the most common input.
    var clean = true
    for byte in text.utf8 where byte < 0x20 || byte >= 0x7F {
      clean = false
      break
    }
    if clean { return true }
    return text.unicodeScalars.allSatisfy { replacement(for: $0) == nil }
  }

  /// Returns `text` with every dangerous scalar replaced (see the table above).
  ///
  /// Clean text is returned unchanged without copying.
  public static func sanitize(_ text: String) -> String {
    if isClean(text) { return text }
    var scalars = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      scalars.append(replacement(for: scalar) ?? scalar)
    }
    return String(scalars)
  }
}
