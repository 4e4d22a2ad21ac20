import FarmacyDomain
import TerminalKit

/// Orders in conflict and, for the selected one, base | local | Odoo side by side: header fields,
/// then each line (by product) with its conflicting fields under it, and under the diff why the
/// merge's rules settled the order's other fields.
enum ConflictsView {
  /// A field name as people read it: `lines[TAB-00005].quantity` becomes `TAB-00005 quantity`.
  static func label(_ field: String) -> String {
    guard field.hasPrefix("lines["), let close = field.firstIndex(of: "]") else {
      return field.replacingOccurrences(of: "_", with: " ")
    }
    let key = field[field.index(field.startIndex, offsetBy: 6)..<close]
    let rest = field[field.index(after: close)...].drop { $0 == "." }
    return rest.isEmpty ? "line \(key)" : "\(key) \(rest.replacingOccurrences(of: "_", with: " "))"
  }

  /// The side a row is settled with, as one mark: `L` local, `O` Odoo, `+` both copies kept,
  /// `~` a line whose fields go different ways.
  static func mark(of row: ConflictRow, in conflicts: ConflictsState) -> String {
    if let key = row.lineKey, conflicts.keepBoth.contains(key) { return "+" }
    let sides = Set(row.conflicts.map { side(of: $0.field, in: conflicts) })
    switch sides {
    case [.local]: return "L"
    case [.remote]: return "O"
    default: return "~"
    }
  }

  /// A row of the diff: its mark and name, and its value on each side.
  static func diffRow(_ row: ConflictRow, in conflicts: ConflictsState) -> DiffRow {
    let mark = mark(of: row, in: conflicts) + " "
    switch row {
    case .field(let conflict):
      let name =
        conflict.lineFieldName.map { "  " + $0.replacingOccurrences(of: "_", with: " ") } ?? label(conflict.field)
      return DiffRow(
        mark + name + (conflict.isControlled ? " ⚕" : ""), [conflict.base, conflict.local, conflict.remote])
    case .line(let key, let about):
      let controlled = about.contains(where: \.isControlled) ? " ⚕" : ""
      if let presence = row.presence {
        return DiffRow(mark + key + controlled, [presence.base, presence.local, presence.remote])
      }
      // A line in conflict field by field: its conflicting fields on one line per side.
      let fields = about.filter { $0.lineFieldName?.isEmpty == false }
      func side(_ value: (MergeConflict) -> String?) -> String? {
        guard fields.contains(where: { value($0) != nil }) else { return nil }
        return fields.map { "\(shortName($0.lineFieldName ?? "")) \(value($0) ?? "—")" }.joined(separator: " · ")
      }
      return DiffRow(mark + key + controlled, [side(\.base), side(\.local), side(\.remote)])
    }
  }

  private static func shortName(_ field: String) -> String {
    ["quantity": "qty", "discount": "disc", "description": "text", "date_planned": "date", "sequence": "seq"][field]
      ?? field
  }

  /// Where the pane's parts go when it lists orders: the list of orders, the diff, and under
  /// the diff the reasons, the plan of the selected order and the keys.
  private struct Parts {
    var list: Rect
    var diff: Rect
    var footer: Rect
    var reasonLines: [Line]
    var hintLines: [Line]
  }

  private static func parts(_ state: AppState, theme: Theme, in area: Rect) -> Parts {
    let conflicts = state.conflicts
    let inner = AppView.paneBlock("Conflicts", theme: theme, focused: true).inner(area)
    let columns = Layout.horizontal([.fixed(min(22, inner.width / 6)), .fill(1)]).spacing(1).split(inner)
    let keys = state.keys.conflicts
    let hint =
      state.permissions.resolvesConflicts
      ? Formatting.hint(
        [
          (keys.pickLocal, "local"), (keys.pickRemote, "Odoo"), (keys.keepBoth, "both"),
          (keys.allLocal, "all local"), (keys.allRemote, "all Odoo"), (keys.apply, "apply"),
          (keys.auditTrail, "trail"),
        ])
      : "Only a manager can settle conflicts; you are viewing them as \(state.role.rawValue)."
    let hintLines = TextWrapper.wrap(
      Line(hint, style: state.permissions.resolvesConflicts ? theme[.dim] : theme[.warning]), width: columns[1].width)
    // Why the merge settled the rest: a few lines on a small screen, more on a large one.
    let reasons = conflicts.reasons ?? []
    let reasonRoom = max(0, min(reasons.count, inner.height >= 40 ? 10 : 2))
    let reasonLines =
      reasons.isEmpty
      ? [] : [Line("Settled automatically", style: theme[.header])]
        + reasons.prefix(reasonRoom).map { Line("· " + $0, style: theme[.dim]) }
    let footer = reasonLines.count + 1 + hintLines.count
    let right = Layout.vertical([.fill(1), .fixed(footer)]).split(columns[1])
    return Parts(list: columns[0], diff: right[0], footer: right[1], reasonLines: reasonLines, hintLines: hintLines)
  }

  /// The rows under the diff (why the merge settled the rest, the plan, the keys) when the pane
  /// in `area` shows an order's conflicts: what a toast must leave readable.
  static func footerArea(_ state: AppState, theme: Theme, in area: Rect) -> Rect? {
    guard state.conflicts.selectedOrder != nil else { return nil }
    return parts(state, theme: theme, in: area).footer
  }

  static func render(_ state: AppState, theme: Theme, in area: Rect, buffer: inout Buffer) {
    let conflicts = state.conflicts
    let block = AppView.paneBlock("Conflicts", theme: theme, focused: true)
    block.render(in: area, buffer: &buffer)
    let inner = block.inner(area)
    guard !conflicts.orders.isEmpty else {
      let text =
        conflicts.isLoading
        ? "Loading…" : "No open conflicts. One appears here when the same field changed here and in Odoo."
      Paragraph([Line(text, style: theme[.dim])]).wrap().alignment(.center).render(
        in: inner.row(inner.height / 2), buffer: &buffer)
      return
    }
    let parts = parts(state, theme: theme, in: area)
    var list = conflicts.list
    List(conflicts.orders.map { Line("\($0.reference) (\($0.conflicts.count))") })
      .highlightStyle(theme[.selection]).block(Block().borders(.right).borderStyle(theme[.border]))
      .render(in: parts.list, buffer: &buffer, state: &list)
    guard let order = conflicts.selectedOrder else { return }

    let rows = order.rows
    var diff = conflicts.diff
    DiffView(titles: ["Base", "Local", "Odoo"], rows: rows.map { diffRow($0, in: conflicts) })
      .changedStyle(theme[.diffChanged]).conflictStyle(theme[.diffConflict])
      .addedStyle(theme[.diffAdded]).removedStyle(theme[.diffRemoved])
      .render(in: parts.diff, buffer: &buffer, state: &diff)

    var y = 0
    for line in parts.reasonLines {
      buffer.setLine(line, in: parts.footer.row(y))
      y += 1
    }
    buffer.setLine(
      Line("\(order.reference): \(settlePlan(order, conflicts))", style: theme[.header]), in: parts.footer.row(y))
    for line in parts.hintLines {
      y += 1
      buffer.setLine(line, in: parts.footer.row(y))
    }
  }
}
