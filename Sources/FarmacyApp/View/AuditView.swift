import FarmacyDomain
import FarmacyStore
import Foundation
import TerminalKit

/// The audit trail of one order or of every order, newest first, over the panes.
enum AuditView {
  static func render(_ audit: AuditState, state: AppState, theme: Theme, in area: Rect, buffer: inout Buffer) {
    Clear().render(in: area, buffer: &buffer)
    let keys = state.keys.audit
    let count = audit.isLoading ? "" : " (\(Formatting.count(audit.entries.count)))"
    let block = AppView.paneBlock("Audit trail: \(audit.subject)\(count)", theme: theme, focused: true)
    block.render(in: area, buffer: &buffer)
    let inner = block.inner(area)
    guard inner.height > 2 else { return }
    let selected = audit.table.selected.flatMap { audit.entries.indices.contains($0) ? audit.entries[$0] : nil }
    let why = selected.map(reasons(in:)) ?? []
    let whyHeight = why.isEmpty ? 0 : min(why.count + 1, max(0, (inner.height - 1) / 3))
    let body = Rect(x: inner.x, y: inner.y, width: inner.width, height: inner.height - 1 - whyHeight)
    if whyHeight > 0 {
      let lines = [Line(" Settled automatically", style: theme[.header])] + why.map { Line(" " + $0, style: theme[.dim]) }
      Paragraph(lines).render(
        in: Rect(x: inner.x, y: body.bottom, width: inner.width, height: whyHeight), buffer: &buffer)
    }
    if audit.entries.isEmpty {
      let text = audit.isLoading ? "Loading…" : "Nothing recorded yet."
      buffer.setLine(Line(text, style: theme[.dim]), in: body.row(1), alignment: .center)
    } else {
      let wide = inner.width >= 120
      let rows = audit.entries.map { entry in
        TableRow([
          Line(wide ? OdooDateTime.format(entry.at) : Formatting.age(from: entry.at, to: state.now) + " ago",
            style: theme[.dim]),
          Line(entry.actor, style: theme[.info]), Line(entry.action), Line(entry.summary),
        ])
      }
      var table = audit.table
      Table(
        columns: [
          TableColumn("When", width: .fixed(wide ? 19 : 9)), TableColumn("Who", width: .fixed(wide ? 14 : 8)),
          TableColumn("What", width: .fixed(wide ? 22 : 16)), TableColumn("Summary", width: .fill(1)),
        ], rows: rows
      ).headerStyle(theme[.header]).highlightStyle(theme[.selection])
        .render(in: body, buffer: &buffer, state: &table)
    }
    buffer.setLine(
      Line(
        Formatting.hint([(keys.up, "up"), (keys.down, "down"), (keys.pageDown, "page"), (keys.close, "close")]),
        style: theme[.dim]), in: inner.row(inner.height - 1))
  }

  /// Why rules settled fields in a merge: the `notes` an entry's details carry
  /// (`notes: remote kept — Odoo cancelled the order; a cancellation wins`).
  static func reasons(in entry: AuditEntry) -> [String] {
    guard let data = entry.details.data(using: .utf8),
      let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let notes = object["notes"] as? [Any]
    else { return [] }
    return notes.compactMap { $0 as? String }
  }
}
