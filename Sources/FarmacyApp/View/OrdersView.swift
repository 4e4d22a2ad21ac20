import FarmacyDomain
import FarmacyStore
import Foundation
import TerminalKit

/// The order list (a window over possibly 100,000 orders) and the order detail.
enum OrdersView {
  static func render(_ state: AppState, theme: Theme, focused: Bool, in area: Rect, frame: inout Frame) {
    if state.orders.isCreating {
      renderNewOrder(state, theme: theme, focused: focused, in: area, frame: &frame)
    } else if state.orders.detail != nil || state.orders.detailRequested != nil {
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
    if orders.query.vendorID != nil { parts.append("vendor \(orders.vendorFilterName ?? "?")") }
    if !orders.query.search.isEmpty { parts.append("\"\(orders.query.search)\"") }
    return parts.joined(separator: " · ")
  }

  /// What each column of the list sorts by, in column order.
  static let sortFields: [OrderQuery.SortField] = [.reference, .vendor, .dateOrder, .datePlanned, .state, .total, .sync]

  /// The list's columns; a wide pane (110 cells inside) shows full dates and state names.
  static func columns(wide: Bool) -> [TableColumn] {
    [
      TableColumn("Ref", width: .fixed(wide ? 9 : 7)),
      TableColumn("Vendor", width: .fill(1)),
      TableColumn("Date", width: .fixed(wide ? 10 : 8)),
      TableColumn("Arrival", width: .fixed(wide ? 10 : 8)),
      TableColumn("State", width: .fixed(wide ? 14 : 10)),
      TableColumn("Total", width: .fixed(wide ? 14 : 11), alignment: .right),
      TableColumn("Sync", width: .fixed(10)),
    ]
  }

  /// The sort of the column whose title is under `x`, for the list drawn in `area`.
  static func sortField(atX x: Int, in area: Rect) -> OrderQuery.SortField? {
    let block = Block.bordered()
    let table = Table(columns: columns(wide: block.inner(area).width >= 110), rows: [TableRow]()).block(block)
    return table.column(atX: x, in: area).map { sortFields[$0] }
  }

  private static func renderList(_ state: AppState, theme: Theme, focused: Bool, in area: Rect, buffer: inout Buffer) {
    let orders = state.orders
    let block = AppView.paneBlock(title(orders), theme: theme, focused: focused)
    let wide = block.inner(area).width >= 110
    let columns = columns(wide: wide)
    let sortColumn = sortFields.firstIndex(of: orders.query.sort) ?? 0
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

  // MARK: - New order

  private static func renderNewOrder(_ state: AppState, theme: Theme, focused: Bool, in area: Rect, frame: inout Frame)
  {
    let block = AppView.paneBlock("New order", theme: theme, focused: focused)
    block.render(in: area, buffer: &frame.buffer)
    let inner = block.inner(area).inset(horizontal: 1, vertical: 0)
    if renderPickers(state, theme: theme, in: inner, frame: &frame) { return }
    guard var form = state.orders.form, !inner.isEmpty else { return }
    let fieldsHeight = newOrderFields.count + state.orders.fieldErrors.count
    let placeholders = [
      "\(state.keys.form.pickVendor.keyLabel) lists vendors; type part of a name to narrow",
      "TAB-00001:12, VAC-00119:2@85.50", "YYYY-MM-DD", "optional",
    ]
    let fields = newOrderFields.enumerated().map {
      FormField($1, placeholder: placeholders[$0], error: state.orders.fieldErrors[$0])
    }
    Form(fields).focusedLabelStyle(theme[.title]).errorStyle(theme[.error])
      .render(
        in: Rect(x: inner.x, y: inner.y, width: inner.width, height: fieldsHeight), buffer: &frame.buffer, state: &form)
    frame.cursor = form.inputs[form.focused].cursorPosition
    var y = inner.y + fieldsHeight + 1
    if let error = state.orders.formError {
      frame.buffer.setLine(Line("✗ " + error, style: theme[.error]), in: inner.row(y - inner.y))
      y += 2
    }
    let help = [
      "The vendor is chosen from a list: \(state.keys.form.pickVendor.keyLabel), or saving, opens it.",
      "Lines are product codes with quantities, CODE:QTY or CODE:QTY@PRICE, separated by commas;",
      "\(state.keys.form.pickProduct.keyLabel) adds one from the vendor's catalogue, with a picker.",
      "Without a price the vendor's catalogue price for that quantity applies.",
      "The order is saved as an RFQ with a local reference (L00001) and queued for Odoo.",
      formHint(state.keys.form, vendor: true),
    ]
    Paragraph(help.map { Line($0, style: theme[.dim]) }).wrap()
      .render(in: Rect(x: inner.x, y: y, width: inner.width, height: max(0, inner.bottom - y)), buffer: &frame.buffer)
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
      .title(
        Line([
          Span(" \(order.reference) · ", style: theme[.title]),
          Span(order.state.label, style: Formatting.stateStyle(order.state, theme: theme)), Span(" · "), badge,
          Span(" "),
        ])
      )
      .borderStyle(focused ? theme[.focusedBorder] : theme[.border])
    block.render(in: area, buffer: &frame.buffer)
    let inner = block.inner(area).inset(horizontal: 1, vertical: 0)
    if renderPickers(state, theme: theme, in: inner, frame: &frame) { return }
    // While the header form moves the order to another vendor, the lines show their new prices.
    let repricing = previewedVendorChange(state)
    let lines = (repricing?.order ?? order).lines + (state.orders.newLine.map { [$0] } ?? [])
    let editedLine = state.orders.formLine.flatMap { id in lines.first { $0.id == id } }
    let labels = editedLine == nil ? editableFields : editableLineFields
    let headerHeight =
      state.orders.form == nil ? 6 : labels.count + 2 + (editedLine == nil ? 0 : 1) + state.orders.fieldErrors.count
    let history = Array(state.orders.history.prefix(inner.height >= 18 ? 4 : 0))
    let parts = Layout.vertical([
      .fixed(headerHeight), .fill(1), .fixed(history.isEmpty ? 0 : history.count + 1), .fixed(1),
    ]).split(inner)
    if var form = state.orders.form, !form.inputs.isEmpty {
      var formArea = parts[0]
      if let editedLine {
        let title = state.orders.newLine == nil ? "Line" : "New line"
        frame.buffer.setLine(
          Line("\(title) \(editedLine.productCode): \(editedLine.description)", style: theme[.title]),
          in: formArea.row(0))
        formArea = Rect(x: formArea.x, y: formArea.y + 1, width: formArea.width, height: formArea.height - 1)
      }
      let placeholders =
        editedLine == nil
        ? ["", "", "", "YYYY-MM-DD", "normal or urgent", "\(state.keys.form.pickVendor.keyLabel) chooses another"]
        : ["e.g. 12", "e.g. 12.50", "e.g. 5", "YYYY-MM-DD", ""]
      let fields = labels.enumerated().map { index, label in
        FormField(label, placeholder: placeholders[index], error: state.orders.fieldErrors[index])
      }
      Form(fields).focusedLabelStyle(theme[.title]).errorStyle(theme[.error])
        .render(
          in: Rect(x: formArea.x, y: formArea.y, width: formArea.width, height: formArea.height - 1),
          buffer: &frame.buffer, state: &form)
      if let error = state.orders.formError {
        frame.buffer.setLine(Line("✗ " + error, style: theme[.error]), in: formArea.row(formArea.height - 1))
      } else if let change = state.orders.vendorChange, let repricing {
        frame.buffer.setLine(
          Line("→ " + repricing.summary(vendor: change.vendor.name), style: theme[.info]),
          in: formArea.row(formArea.height - 1))
      }
      frame.cursor = form.inputs[form.focused].cursorPosition
    } else {
      let label = theme[.dim]
      let total = order.totals
      let lines: [Line] = [
        Line([
          Span("Vendor    ", style: label), Span(order.vendorName), Span("   Ref ", style: label),
          Span(order.vendorReference.isEmpty ? "—" : order.vendorReference),
        ]),
        Line([
          Span("Ordered   ", style: label), Span(Formatting.day(order.dateOrder)), Span("   Arrival ", style: label),
          Span(Formatting.day(order.effectiveDatePlanned)), Span("   Priority ", style: label),
          Span(order.priority == .urgent ? "urgent" : "normal"),
        ]),
        Line([Span("Source    ", style: label), Span(order.origin.isEmpty ? "—" : order.origin)]),
        Line([
          Span("Total     ", style: label), Span(total.total.formatted(), style: theme[.header]),
          Span("  (untaxed \(total.untaxed.formatted()), tax \(total.tax.formatted()))", style: label),
        ]),
        Line([
          Span("Notes     ", style: label),
          Span(order.notes.isEmpty ? "—" : order.notes.replacingOccurrences(of: "\n", with: " ⏎ ")),
        ]),
      ]
      Paragraph(lines).render(in: parts[0], buffer: &frame.buffer)
    }
    let lineRows = lines.map { line in
      TableRow([
        Line(line.productCode), Line(line.description),
        Line(line.datePlanned.map(OdooDateTime.formatDay) ?? "—"),
        Line(line.quantity.description),
        Line(Money(minorUnits: line.unitPriceMinor, currency: order.currency).formatted()),
        Line(Money(minorUnits: line.subtotalMinor, currency: order.currency).formatted()),
      ])
    }
    let selectedLine =
      editedLine.flatMap { edited in lines.firstIndex { $0.id == edited.id } } ?? state.orders.selectedLine
    var lineTable = TableState(selected: lines.isEmpty ? nil : min(selectedLine, lines.count - 1))
    Table(
      columns: [
        TableColumn("Product", width: .fixed(10)), TableColumn("Description", width: .fill(1)),
        TableColumn("Arrival", width: .fixed(10)),
        TableColumn("Qty", width: .fixed(8), alignment: .right),
        TableColumn("Price", width: .fixed(11), alignment: .right),
        TableColumn("Subtotal", width: .fixed(12), alignment: .right),
      ], rows: lineRows
    ).headerStyle(theme[.header]).highlightStyle(focused && state.orders.form == nil ? theme[.selection] : .plain)
      .block(
        Block().borders(.top).title(Line(" Lines (\(lines.count)) ", style: theme[.header])).borderStyle(
          theme[.border])
      )
      .render(in: parts[1], buffer: &frame.buffer, state: &lineTable)
    let hint =
      state.orders.form != nil
      ? formHint(state.keys.form, vendor: state.orders.formLine == nil) : detailHint(state.keys.detail.allowed(state.permissions))
    if !history.isEmpty {
      var lines = [Line(" History", style: theme[.header])]
      for entry in history {
        lines.append(
          Line([
            Span(Formatting.age(from: entry.at, to: state.now) + " ago ", style: theme[.dim]),
            Span(entry.actor + " ", style: theme[.info]), Span(entry.summary),
          ]))
      }
      Paragraph(lines).render(in: parts[2], buffer: &frame.buffer)
    }
    frame.buffer.setLine(Line(hint, style: theme[.dim]), in: parts[3])
  }

  // MARK: - Pickers

  /// Draws the vendor picker or the product picker over `area` when one is open; says whether
  /// one was.
  private static func renderPickers(_ state: AppState, theme: Theme, in area: Rect, frame: inout Frame) -> Bool {
    if let picker = state.orders.vendorPicker {
      renderVendorPicker(picker, state: state, theme: theme, in: area, frame: &frame)
      return true
    }
    if let picker = state.orders.picker {
      renderPicker(picker, state: state, theme: theme, in: area, frame: &frame)
      return true
    }
    return false
  }

  /// The search typed so far and the vendors whose name contains it.
  private static func renderVendorPicker(
    _ picker: VendorPickerState, state: AppState, theme: Theme, in area: Rect, frame: inout Frame
  ) {
    let keys = state.keys.vendorPicker
    renderPicker(
      title: picker.purpose == .orderVendor
        ? "Another vendor for \(state.orders.detail?.order.reference ?? "the order") (prices follow its catalogue)"
        : "Choose the new order's vendor",
      search: picker.input, placeholder: "part of the vendor's name",
      columns: [
        TableColumn("Vendor", width: .fill(1)), TableColumn("Kind", width: .fixed(15)),
        TableColumn("Country", width: .fixed(7)), TableColumn("Currency", width: .fixed(8)),
      ],
      rows: picker.vendors.map { vendor in
        TableRow([
          Line(vendor.name), Line(vendor.kind.rawValue.replacingOccurrences(of: "_", with: " ")),
          Line(vendor.countryCode), Line(vendor.currency.rawValue),
        ])
      },
      list: picker.list,
      empty: picker.isLoading ? "Searching…" : "No vendor's name contains \"\(picker.input.text)\".",
      hint: [(keys.up, "up"), (keys.down, "down"), (keys.choose, "choose"), (keys.cancel, "cancel")],
      theme: theme, in: area, frame: &frame)
  }

  /// The search typed so far and the vendor's matching products, with their catalogue terms.
  private static func renderPicker(
    _ picker: ProductPickerState, state: AppState, theme: Theme, in area: Rect, frame: inout Frame
  ) {
    let keys = state.keys.picker
    renderPicker(
      title: "Add a line from \(picker.vendorName)'s catalogue", search: picker.input,
      placeholder: "product code or name",
      columns: [
        TableColumn("Code", width: .fixed(10)), TableColumn("Product", width: .fill(1)),
        TableColumn("Vendor code", width: .fixed(12)), TableColumn("Min qty", width: .fixed(8), alignment: .right),
        TableColumn("Price", width: .fixed(11), alignment: .right),
        TableColumn("Lead", width: .fixed(5), alignment: .right),
      ],
      rows: picker.offers.map { offer in
        TableRow([
          Line(offer.product.code), Line(offer.product.name + (offer.product.isControlled ? " ⚕" : "")),
          Line(offer.entry.vendorProductCode), Line(offer.entry.minQuantity.description),
          Line(offer.entry.price.formatted()), Line("\(offer.entry.leadTimeDays) d"),
        ])
      },
      list: picker.list,
      empty: picker.isLoading ? "Searching…" : "No product of this vendor matches \"\(picker.input.text)\".",
      hint: [(keys.up, "up"), (keys.down, "down"), (keys.choose, "add the line"), (keys.cancel, "add nothing")],
      theme: theme, in: area, frame: &frame)
  }

  /// A picker: a title, the search field, the rows found (or `empty` when there are none) and
  /// the picker's keys.
  private static func renderPicker(
    title: String, search: TextInputState, placeholder: String, columns: [TableColumn], rows: [TableRow],
    list: ListState, empty: String, hint: [(KeyBinding, String)], theme: Theme, in area: Rect, frame: inout Frame
  ) {
    guard area.height >= 4 else { return }
    frame.buffer.setLine(Line(title, style: theme[.title]), in: area.row(0))
    let label = Line("Search ", style: theme[.dim])
    frame.buffer.setLine(label, in: area.row(1))
    var input = search
    TextInput().placeholder(placeholder).style(Style().underlined())
      .render(
        in: Rect(x: area.x + label.width, y: area.y + 1, width: max(0, area.width - label.width), height: 1),
        buffer: &frame.buffer, state: &input)
    frame.cursor = input.cursorPosition
    let listArea = Rect(x: area.x, y: area.y + 3, width: area.width, height: area.height - 4)
    if rows.isEmpty {
      frame.buffer.setLine(Line(empty, style: theme[.dim]), in: listArea.row(0))
    } else {
      var table = list
      Table(columns: columns, rows: rows).headerStyle(theme[.header]).highlightStyle(theme[.selection])
        .render(in: listArea, buffer: &frame.buffer, state: &table)
    }
    frame.buffer.setLine(
      Line("type to search · " + Formatting.hint(hint), style: theme[.dim]), in: area.row(area.height - 1))
  }

  /// The form's keys; `vendor` for the forms with a vendor field.
  static func formHint(_ keys: FormKeyMap, vendor: Bool) -> String {
    Formatting.hint(
      [(keys.next, "next field"), (keys.save, "save")] + (vendor ? [(keys.pickVendor, "vendor")] : [])
        + [(keys.cancel, "discard")])
  }

  static func detailHint(_ keys: DetailKeyMap) -> String {
    let hint = Formatting.hint([
      (keys.editLine, "edit"), (keys.addLine, "add"), (keys.removeLine, "remove"), (keys.editHeader, "header"),
      (keys.confirm, "confirm"), (keys.cancel, "cancel"), (keys.auditTrail, "audit"), (keys.back, "back"),
    ])
    return keys.editLine.isEnabled ? hint : hint + " (viewing only)"
  }
}
