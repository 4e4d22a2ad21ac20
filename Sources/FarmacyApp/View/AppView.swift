import FarmacyDomain
import Foundation
import TerminalKit

/// Draws the whole screen from the state. Pure: the same state and theme give the same frame.
package enum AppView {
  package static func render(_ state: AppState, theme: Theme, into frame: inout Frame) {
    let layout = AppLayout(state: state)
    guard state.layout != .tooSmall else {
      renderTooSmall(state, theme: theme, in: frame.area, buffer: &frame.buffer)
      return
    }
    renderHeader(state, theme: theme, in: layout.header, buffer: &frame.buffer)
    for (pane, area) in layout.panes.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
      let focused = pane == state.pane
      switch pane {
      case .orders: OrdersView.render(state, theme: theme, focused: focused, in: area, frame: &frame)
      case .queue: QueueView.render(state, theme: theme, focused: focused, in: area, buffer: &frame.buffer)
      case .health: HealthView.render(state, theme: theme, focused: focused, in: area, buffer: &frame.buffer)
      case .conflicts: ConflictsView.render(state, theme: theme, in: area, buffer: &frame.buffer)
      }
    }
    if let banner = layout.banner {
      StatusBar(Line(demoBanner(state))).style(theme[.banner]).render(in: banner, buffer: &frame.buffer)
    }
    if let audit = state.audit {
      AuditView.render(audit, state: state, theme: theme, in: layout.body, buffer: &frame.buffer)
    }
    renderStatus(state, theme: theme, in: layout.status, frame: &frame)
    // Toasts sit bottom-right, above the banner and the status line: the top of a pane holds
    // what is being read (the titles of the conflicts diff, the first rows of a list).
    if let toast = state.toasts.last {
      Toast(toast.message, kind: toast.kind).corner(.bottomRight).maxWidth(min(50, layout.body.width)).render(
        in: toastArea(state, theme: theme, layout: layout), buffer: &frame.buffer)
    }
    if let dialog = state.confirmation {
      Dialog(title: dialog.title, message: dialog.message)
        .buttons([dialog.confirmLabel, "Keep"]).selectedButton(dialog.selectedButton)
        .borderStyle(theme[.focusedBorder])
        .render(in: frame.area, buffer: &frame.buffer)
    }
    if state.showsHelp {
      HelpOverlay(state.helpSections).title("Keys (↑/↓ scroll, esc closes)").scroll(state.helpScroll)
        .render(in: frame.area, buffer: &frame.buffer)
    }
  }

  /// Where a toast goes (in its bottom-right corner): the body, less the conflicts pane's rows
  /// under the diff, whose plan and keys must stay readable while a toast shows. On a screen too
  /// short to leave room above them, the whole body.
  static func toastArea(_ state: AppState, theme: Theme, layout: AppLayout) -> Rect {
    let body = layout.body
    guard state.audit == nil, let pane = layout.panes[.conflicts],
      let footer = ConflictsView.footerArea(state, theme: theme, in: pane)
    else { return body }
    let above = Rect(x: body.x, y: body.y, width: body.width, height: footer.y - body.y)
    return above.height >= 3 ? above : body
  }

  package static func demoBanner(_ state: AppState) -> String {
    "DEMO: simulated Odoo at \(state.connection.url) with remote activity. "
      + "To connect a real Odoo, put an [odoo] table in ~/.config/farmacy/config.toml (see README)."
  }

  private static func renderTooSmall(_ state: AppState, theme: Theme, in area: Rect, buffer: inout Buffer) {
    let minimum = ScreenLayout.minimumSize
    let text =
      "Farmacy needs at least \(minimum.width)×\(minimum.height) cells; this terminal is "
      + "\(state.size.width)×\(state.size.height). Enlarge the window, or press q to quit."
    let paragraph = Paragraph([Line(text, style: theme[.warning])]).wrap().alignment(.center)
    let height = paragraph.lineCount(width: area.width)
    paragraph.render(
      in: Rect(x: area.x, y: area.y + max(0, (area.height - height) / 2), width: area.width, height: height),
      buffer: &buffer)
  }

  static let appTitle = "Farmacy "
  static let tabDivider = "│"

  /// The tab titles, with the queue's and the conflicts' counts.
  static func tabTitles(_ state: AppState) -> [Line] {
    Pane.allCases.map { pane -> Line in
      let number = "\(pane.rawValue + 1) "
      switch pane {
      case .queue:
        let waiting = state.queue.counts.filter { $0.key != .done }.values.reduce(0, +)
        return Line(number + "Queue" + (waiting > 0 ? " (\(waiting))" : ""))
      case .conflicts:
        return Line(number + pane.title + (state.conflicts.orders.isEmpty ? "" : " (\(state.conflicts.orders.count))"))
      default:
        return Line(number + pane.title)
      }
    }
  }

  /// The pane whose tab is under `position`, if any.
  package static func pane(atTab position: Position, state: AppState) -> Pane? {
    let header = AppLayout(state: state).header
    guard header.contains(position) else { return nil }
    let offset = DisplayWidth.of(appTitle)
    let area = Rect(x: header.x + offset, y: header.y, width: header.width - offset, height: 1)
    return Tabs(tabTitles(state)).divider(tabDivider).tab(atX: position.x, in: area).flatMap(Pane.init(rawValue:))
  }

  private static func renderHeader(_ state: AppState, theme: Theme, in area: Rect, buffer: inout Buffer) {
    let breaker = state.health.sample.breakerState
    var right: [Span] = [
      Span(" Odoo \(breaker == "closed" ? "ok" : breaker) ", style: Formatting.breakerStyle(breaker, theme: theme)),
      Span(" \(state.role.rawValue)", style: theme[.dim]),
    ]
    if state.readOnly { right.append(Span(" read-only", style: theme[.warning])) }
    if state.queue.isPaused { right.append(Span(" paused", style: theme[.warning])) }
    let rightLine = Line(right)
    let rightWidth = min(rightLine.width, area.width / 2)
    let titles = tabTitles(state)
    let title = Line(appTitle, style: theme[.title])
    buffer.setLine(title, in: Rect(x: area.x, y: area.y, width: title.width, height: 1))
    Tabs(titles).select(state.pane.rawValue).highlightStyle(theme[.tabActive]).divider(tabDivider)
      .render(
        in: Rect(
          x: area.x + title.width, y: area.y, width: max(0, area.width - title.width - rightWidth - 1), height: 1),
        buffer: &buffer)
    buffer.setLine(
      rightLine, in: Rect(x: area.right - rightWidth, y: area.y, width: rightWidth, height: 1), alignment: .right)
  }

  private static func renderStatus(_ state: AppState, theme: Theme, in area: Rect, frame: inout Frame) {
    if var palette = state.palette {
      let prompt = Line(":", style: theme[.statusBar])
      StatusBar("").style(theme[.statusBar]).hint("enter run  esc close").render(in: area, buffer: &frame.buffer)
      frame.buffer.setLine(prompt, in: Rect(x: area.x, y: area.y, width: 1, height: 1))
      TextInput().placeholder("sync, pause, resume, search TEXT, sort FIELD, filter STATE, quit…")
        .render(
          in: Rect(x: area.x + 1, y: area.y, width: max(0, area.width - 22), height: 1), buffer: &frame.buffer,
          state: &palette)
      frame.cursor = palette.cursorPosition
      return
    }
    if state.pane == .orders, var search = state.orders.searchInput {
      StatusBar("").style(theme[.statusBar]).hint("enter keep  esc clear").render(in: area, buffer: &frame.buffer)
      frame.buffer.setLine(Line("/", style: theme[.statusBar]), in: Rect(x: area.x, y: area.y, width: 1, height: 1))
      TextInput().placeholder("reference, vendor, origin or product")
        .render(
          in: Rect(x: area.x + 1, y: area.y, width: max(0, area.width - 24), height: 1), buffer: &frame.buffer,
          state: &search)
      frame.cursor = search.cursorPosition
      return
    }
    if state.pane == .queue, var filter = state.queue.retryFilter {
      let keys = state.keys.retryPreview
      StatusBar("").style(theme[.statusBar]).hint(
        Formatting.hint([(keys.retry, "retry"), (keys.cancel, "cancel")], separator: "  ")
      ).render(in: area, buffer: &frame.buffer)
      let prompt = Line("retry dead jobs matching: ", style: theme[.statusBar])
      frame.buffer.setLine(prompt, in: Rect(x: area.x, y: area.y, width: prompt.width, height: 1))
      TextInput().placeholder("order, kind or error; empty for all")
        .render(
          in: Rect(x: area.x + prompt.width, y: area.y, width: max(0, area.width - prompt.width - 24), height: 1),
          buffer: &frame.buffer, state: &filter)
      frame.cursor = filter.cursorPosition
      return
    }
    let message = state.message ?? (state.queue.isSyncing ? "Syncing…" : "Ready")
    let keys = state.keys.global
    let hint = Formatting.hint([(keys.help, "help"), (keys.palette, "commands"), (keys.quit, "quit")], separator: "  ")
    StatusBar(message).style(theme[.statusBar]).hint(hint).render(
      in: area, buffer: &frame.buffer)
  }

  /// The frame of a pane: its border shows whether it has the focus.
  static func paneBlock(_ title: String, theme: Theme, focused: Bool) -> Block {
    Block.bordered().title(Line(" \(title) ", style: focused ? theme[.title] : theme[.header]))
      .borderStyle(focused ? theme[.focusedBorder] : theme[.border])
  }
}
