import Foundation

/// One broken rule on one field, written so that a person can fix it.
///
/// `field` is a path such as `vendor`, `notes` or `lines[2].quantity` (lines count from 1, as
/// they are shown). `description` reads `lines[2].quantity: must be greater than 0 (got -1)`.
package struct ValidationIssue: Hashable, Sendable, Codable, CustomStringConvertible {
  /// The rule that was broken; stable names for scripts and tests.
  package enum Rule: String, Hashable, Sendable, Codable {
    case required
    case mustBePositive = "must_be_positive"
    case mustNotBeNegative = "must_not_be_negative"
    case outOfRange = "out_of_range"
    case tooLong = "too_long"
    case controlCharacters = "control_characters"
    case notEditableInState = "not_editable_in_state"
    case cannotDeleteConfirmedLine = "cannot_delete_confirmed_line"
    case invalidValue = "invalid_value"
  }

  package var field: String
  package var rule: Rule
  package var message: String

  package init(field: String, rule: Rule, message: String) {
    self.field = field
    self.rule = rule
    self.message = message
  }

  package var description: String { "\(field): \(message)" }
}

/// One or more broken rules; thrown by saves and edits that would store an invalid order.
package struct OrderValidationError: Error, Hashable, Sendable, CustomStringConvertible {
  package var issues: [ValidationIssue]
  package init(issues: [ValidationIssue]) { self.issues = issues }
  package var description: String { issues.map(\.description).joined(separator: "\n") }
}
