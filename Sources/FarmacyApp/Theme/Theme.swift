import TerminalKit

/// The styles the screens draw with, by role rather than by colour, so a theme file can
/// restyle the whole app.
///
/// Themes come from TOML files (see ``ThemeLoader``); the four shipped in `themes/` are also
/// built in (``Theme/builtIn(named:)``), so the app looks right with no files installed.
package struct Theme: Hashable, Sendable {
  package var name: String
  package var styles: [Role: Style]

  /// What a style is used for. The raw value is the key in a theme file.
  package enum Role: String, CaseIterable, Hashable, Sendable {
    case text
    case dim
    case title
    case border
    case focusedBorder = "focused_border"
    case header
    case selection
    case statusBar = "status_bar"
    case banner
    case tabActive = "tab_active"
    case info, success, warning, error
    case badgeSynced = "badge_synced"
    case badgePending = "badge_pending"
    case badgeConflict = "badge_conflict"
    case badgeFailed = "badge_failed"
    case stateDraft = "state_draft"
    case stateSent = "state_sent"
    case stateToApprove = "state_to_approve"
    case statePurchase = "state_purchase"
    case stateLocked = "state_locked"
    case stateCancelled = "state_cancelled"
    case breakerClosed = "breaker_closed"
    case breakerOpen = "breaker_open"
    case breakerHalfOpen = "breaker_half_open"
    case diffChanged = "diff_changed"
    case diffConflict = "diff_conflict"
    case diffAdded = "diff_added"
    case diffRemoved = "diff_removed"
    case sparkline
  }

  package init(name: String, styles: [Role: Style]) {
    self.name = name
    self.styles = styles
  }

  /// The style for `role`; plain when the theme leaves it out.
  package subscript(_ role: Role) -> Style { styles[role] ?? .plain }
}
