import FarmacyDomain
import TerminalKit

/// Orders in conflict and, for the selected one, base | local | Odoo side by side.
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
    let columns = Layout.horizontal([.fixed(min(22, inner.width / 6)), .fill(1)]).spacing(1).split(inner)
    var list = conflicts.list
    List(conflicts.orders.map { Line("\($0.reference) (\($0.conflicts.count))") })
      .highlightStyle(theme[.selection]).block(Block().borders(.right).borderStyle(theme[.border]))
      .render(in: columns[0], buffer: &buffer, state: &list)
    guard let order = conflicts.selectedOrder else { return }
    let right = Layout.vertical([.fill(1), .fixed(2)]).split(columns[1])
    let rows = order.conflicts.map { conflict in
      let marker = side(of: conflict.field, in: conflicts) == .local ? "[L] " : "[O] "
      return DiffRow(
        marker + label(conflict.field) + (conflict.isControlled ? " ⚕" : ""),
        [conflict.base, conflict.local, conflict.remote])
    }
    var diff = conflicts.diff
    DiffView(titles: ["Base", "Local", "Odoo"], rows: rows)
      .changedStyle(theme[.diffChanged]).conflictStyle(theme[.diffConflict])
      .addedStyle(theme[.diffAdded]).removedStyle(theme[.diffRemoved])
      .render(in: right[0], buffer: &buffer, state: &diff)
    let remote = order.conflicts.filter { side(of: $0.field, in: conflicts) == .remote }.count
    let summary = "\(order.reference): keep \(order.conflicts.count - remote) local, take \(remote) from Odoo"
    let hint =
      state.permissions.resolvesConflicts
      ? Formatting.hint(
        [
          (state.keys.conflicts.pickLocal, "local"), (state.keys.conflicts.pickRemote, "Odoo"),
          (state.keys.conflicts.allLocal, "all local"), (state.keys.conflicts.allRemote, "all Odoo"),
          (state.keys.conflicts.apply, "apply"), (state.keys.conflicts.auditTrail, "why"),
        ], fullLabel: true)
      : "Only a manager can settle conflicts; you are viewing them as \(state.role.rawValue)."
    buffer.setLine(Line(summary, style: theme[.header]), in: right[1].row(0))
    buffer.setLine(
      Line(hint, style: state.permissions.resolvesConflicts ? theme[.dim] : theme[.warning]), in: right[1].row(1))
  }
}
