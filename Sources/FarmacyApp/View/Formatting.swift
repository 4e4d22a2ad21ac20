import FarmacyDomain
import FarmacyStore
import Foundation
import TerminalKit

/// Short texts for tables: dates, ages, badges.
package enum Formatting {
  /// `100,000`.
  package static func count(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var grouped = ""
    for (index, digit) in digits.enumerated() {
      if index > 0 && (digits.count - index) % 3 == 0 { grouped.append(",") }
      grouped.append(digit)
    }
    return (value < 0 ? "-" : "") + grouped
  }

  /// `2026-03-14`.
  package static func day(_ date: Date?) -> String { date.map(OdooDateTime.formatDay) ?? "—" }

  /// How long ago, in the largest whole unit: `42s`, `5m`, `3h`, `2d`.
  package static func age(from date: Date, to now: Date) -> String {
    let seconds = max(0, Int(now.timeIntervalSince(date)))
    if seconds < 60 { return "\(seconds)s" }
    if seconds < 3_600 { return "\(seconds / 60)m" }
    if seconds < 86_400 { return "\(seconds / 3_600)h" }
    return "\(seconds / 86_400)d"
  }

  /// `in 12s` or `now`.
  package static func countdown(to date: Date, from now: Date) -> String {
    let seconds = Int(date.timeIntervalSince(now).rounded(.up))
    return seconds <= 0 ? "now" : "in " + age(from: now, to: date)
  }

  package static func badge(_ status: SyncStatus, theme: Theme) -> Span {
    switch status {
    case .synced: Span("✓ synced", style: theme[.badgeSynced])
    case .pending: Span("↑ pending", style: theme[.badgePending])
    case .conflict: Span("⚠ conflict", style: theme[.badgeConflict])
    case .failed: Span("✗ failed", style: theme[.badgeFailed])
    }
  }

  package static func stateStyle(_ state: OrderState, theme: Theme) -> Style {
    switch state {
    case .draft: theme[.stateDraft]
    case .sent: theme[.stateSent]
    case .toApprove: theme[.stateToApprove]
    case .purchase: theme[.statePurchase]
    case .locked: theme[.stateLocked]
    case .cancelled: theme[.stateCancelled]
    }
  }

  package static func breakerStyle(_ state: String, theme: Theme) -> Style {
    switch state {
    case "open": theme[.breakerOpen]
    case "half-open": theme[.breakerHalfOpen]
    default: theme[.breakerClosed]
    }
  }

  /// A hint line from the key maps, so it stays true when keys are changed: `enter edit · a add`.
  ///
  /// Each binding is shown by its first key, or by its whole label with `fullLabel`; disabled
  /// bindings are left out.
  static func hint(_ items: [(KeyBinding, String)], fullLabel: Bool = false, separator: String = " · ") -> String {
    items.filter { $0.0.isEnabled && !$0.0.keys.isEmpty }
      .map { binding, word in
        "\(fullLabel ? binding.keyLabel : binding.keys.first?.description ?? binding.keyLabel) \(word)"
      }
      .joined(separator: separator)
  }
}
