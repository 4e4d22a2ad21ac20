import FarmacyDomain
import FarmacyStore
import Foundation
import TerminalKit

/// The order list (a window over possibly 100,000 orders) and the order detail.
enum OrdersView {
  static func render(_ state: AppState, theme: Theme, focused: Bool, in area: Rect, frame: inout Frame) {
    if state.orders.detail != nil || state.orders.detailRequested != nil {
      renderDetail(state, theme: theme, focused: focused, in: area, frame: &frame)
    } else {
      renderList(state, theme: theme, focused: focused, in: area, buffer: &frame.buffer)
    }
  }

  // MARK: - List

  static func title(_ orders: OrdersState) -> String {
    var parts = ["Orders"]
    if let total = orders.total { parts[0] += " (\(Formatting.count(total)))" }
    let arrow = orders.query.descending ? "▼" : "▲"
    parts.append("by \(orders.query.sort.rawValue) \(arrow)")
    if let state = orders.query.states.first, orders.query.states.count == 1 { parts.append("state \(state.slug)") }
    if !orders.query.search.isEmpty { parts.append("\"\(orders.query.search)\"") }
    return parts.joined(separator: " · ")
  }

  private static func renderList(_ state: AppState, theme: Theme, focused: Bool, in area: Rect, buffer: inout Buffer) {
    let orders = state.orders
    let block = AppView.paneBlock(title(orders), theme: theme, focused: focused)
    let wide = block.inner(area).width >= 110
    let columns: [TableColumn] = [
      TableColumn("Ref", width: .fixed(wide ? 9 : 7)),
      TableColumn("Vendor", width: .fill(1)),
      TableColumn("Date", width: .fixed(wide ? 10 : 8)),
      TableColumn("Arrival", width: .fixed(wide ? 10 : 8)),
      TableColumn("State", width: .fixed(wide ? 14 : 10)),
      TableColumn("Total", width: .fixed(wide ? 14 : 11), alignment: .right),
      TableColumn("Sync", width: .fixed(10)),
    ]
    let sortColumn: Int =
      switch orders.query.sort {
      case .reference: 0
      case .vendor: 1
      case .dateOrder: 2
      case .datePlanned: 3
      case .state: 4
      case .total: 5
      case .sync: 6
      }
    let rows = ComputedRows(count: orders.rowCount) { index in
      guard let order = orders.window.order(at: index) else {
        return TableRow([Line("…", style: theme[.dim])])
      }
      let date = { (value: Date?) in wide ? Formatting.day(value) : String(Formatting.day(value).dropFirst(2)) }
      return TableRow([
        Line(order.reference, style: order.priority == .urgent ? theme[.warning] : .plain),
        Line(order.vendorName),
        Line(date(order.dateOrder)),
        Line(date(order.datePlanned)),
        Line(wide ? order.state.label : order.state.slug, style: Formatting.stateStyle(order.state, theme: theme)),
        Line(order.total.formatted()),
        Line([Formatting.badge(order.syncStatus, theme: theme)]),
      ])
    }
    var table = orders.table
    Table(columns: columns, rows: rows).sort(SortIndicator(column: sortColumn, ascending: !orders.query.descending))
      .block(block).headerStyle(theme[.header]).highlightStyle(focused ? theme[.selection] : theme[.dim].reversed())
      .render(in: area, buffer: &buffer, state: &table)
    let inner = block.inner(area)
    if orders.rowCount == 0, inner.height > 2 {
      let text = orders.isLoading ? "Loading…" : "No orders match. Esc clears the search, f changes the state filter."
      buffer.setLine(Line(text, style: theme[.dim]), in: inner.row(2), alignment: .center)
    }
  }

  // MARK: - Detail

  private static func renderDetail(_ state: AppState, theme: Theme, focused: Bool, in area: Rect, frame: inout Frame) {
    guard let stored = state.orders.detail else {
      let block = AppView.paneBlock("Order", theme: theme, focused: focused)
      block.render(in: area, buffer: &frame.buffer)
      frame.buffer.setLine(Line("Loading…", style: theme[.dim]), in: block.inner(area).row(0))
      return
    }
    let order = stored.order
    let badge = Formatting.badge(stored.info.syncStatus, theme: theme)
    let block = Block.bordered()
      .title(Line([Span(" \(order.reference) · ", style: theme[.title]), Span(order.state.label, style: Formatting.stateStyle(order.state, theme: theme)), Span(" · "), badge, Span(" ")]))
      .borderStyle(focused ? theme[.focusedBorder] : theme[.border])
    block.render(in: area, buffer: &frame.buffer)
    let inner = block.inner(area).inset(horizontal: 1, vertical: 0)
    let headerHeight = state.orders.form == nil ? 6 : editableFields.count + 2
    let parts = Layout.vertical([.fixed(headerHeight), .fill(1), .fixed(1)]).split(inner)
    if var form = state.orders.form, !form.inputs.isEmpty {
      let fields = editableFields.enumerated().map { index, label in
        FormField(label, placeholder: index == 3 ? "YYYY-MM-DD" : index == 4 ? "normal or urgent" : "")
      }
      Form(fields).focusedLabelStyle(theme[.title]).errorStyle(theme[.error])
        .render(in: Rect(x: parts[0].x, y: parts[0].y, width: parts[0].width, height: parts[0].height - 1), buffer: &frame.buffer, state: &form)
      if let error = state.orders.formError {
        frame.buffer.setLine(Line("✗ " + error, style: theme[.error]), in: parts[0].row(parts[0].height - 1))
      }
      frame.cursor = form.inputs[form.focused].cursorPosition
    } else {
      let label = theme[.dim]
      let total = order.totals
      let lines: [Line] = [
        Line([Span("Vendor    ", style: label), Span(order.vendorName), Span("   Ref ", style: label), Span(order.vendorReference.isEmpty ? "—" : order.vendorReference)]),
        Line([Span("Ordered   ", style: label), Span(Formatting.day(order.dateOrder)), Span("   Arrival ", style: label), Span(Formatting.day(order.effectiveDatePlanned)), Span("   Priority ", style: label), Span(order.priority == .urgent ? "urgent" : "normal")]),
        Line([Span("Source    ", style: label), Span(order.origin.isEmpty ? "—" : order.origin)]),
        Line([Span("Total     ", style: label), Span(total.total.formatted(), style: theme[.header]), Span("  (untaxed \(total.untaxed.formatted()), tax \(total.tax.formatted()))", style: label)]),
        Line([Span("Notes     ", style: label), Span(order.notes.isEmpty ? "—" : order.notes.replacingOccurrences(of: "\n", with: " ⏎ "))]),
      ]
      Paragraph(lines).render(in: parts[0], buffer: &frame.buffer)
    }
    let lineRows = order.lines.map { line in
      TableRow([
        Line(line.productCode), Line(line.description),
        Line(line.quantity.description), Line(Money(minorUnits: line.unitPriceMinor, currency: order.currency).formatted()),
        Line(Money(minorUnits: line.subtotalMinor, currency: order.currency).formatted()),
      ])
    }
    var lineTable = TableState()
    Table(columns: [
      TableColumn("Product", width: .fixed(10)), TableColumn("Description", width: .fill(1)),
      TableColumn("Qty", width: .fixed(8), alignment: .right), TableColumn("Price", width: .fixed(11), alignment: .right),
      TableColumn("Subtotal", width: .fixed(12), alignment: .right),
    ], rows: lineRows).headerStyle(theme[.header])
      .block(Block().borders(.top).title(Line(" Lines (\(order.lines.count)) ", style: theme[.header])).borderStyle(theme[.border]))
      .render(in: parts[1], buffer: &frame.buffer, state: &lineTable)
    let hint =
      state.orders.form != nil
      ? "tab next field · enter save · esc discard"
      : state.permissions.editsOrders ? "e edit · c confirm · x cancel · esc back" : "esc back (viewing only)"
    frame.buffer.setLine(Line(hint, style: theme[.dim]), in: parts[2])
  }
}
