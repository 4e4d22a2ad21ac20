import Foundation

/// Limits and checks for free text that people type and that arrives from Odoo.
///
/// Control characters and bidirectional overrides in a reference or a vendor name can repaint a
/// terminal or make a line read backwards, so single-line fields refuse them outright;
/// multi-line fields allow only line feeds and tabs.
package enum TextRules {
  package static let referenceMaxLength = 64
  package static let nameMaxLength = 256
  package static let notesMaxLength = 4_000
  package static let descriptionMaxLength = 1_000
  package static let maxLines = 1_000

  /// Checks `text` for length and forbidden characters; returns the issues found.
  package static func check(_ text: String, field: String, maxLength: Int, multiline: Bool = false) -> [ValidationIssue] {
    var issues: [ValidationIssue] = []
    if text.count > maxLength {
      issues.append(
        ValidationIssue(
          field: field, rule: .tooLong, message: "must be at most \(maxLength) characters (got \(text.count))"))
    }
    if let bad = text.unicodeScalars.first(where: { isForbidden($0, multiline: multiline) }) {
      let code = String(bad.value, radix: 16, uppercase: true)
      let padded = String(repeating: "0", count: max(0, 4 - code.count)) + code
      issues.append(
        ValidationIssue(
          field: field, rule: .controlCharacters,
          message: "must not contain control characters (found U+\(padded))"))
    }
    return issues
  }

  /// Whether a scalar may not appear in stored text: C0/C1 controls, DEL, bidi embeddings,
  /// overrides and isolates, and line or paragraph separators.
  package static func isForbidden(_ scalar: Unicode.Scalar, multiline: Bool) -> Bool {
    switch scalar.value {
    case 0x0A, 0x09: !multiline
    case 0x00...0x1F, 0x7F...0x9F: true
    case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: true
    case 0x2028, 0x2029: true
    default: false
    }
  }
}
