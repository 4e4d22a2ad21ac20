import FarmacyDomain
import Foundation
import TerminalKit

// The edit form (an order's header or one line), the product picker that starts a new line,
// and the new-order form: the parts of ``reduce(_:_:)`` that change orders.

/// The header fields the form edits, in order. The vendor is chosen with the vendor picker.
package let editableFields = ["Vendor reference", "Source document", "Notes", "Expected arrival", "Priority", "Vendor"]

/// The header form's vendor field.
let vendorFieldIndex = 5

/// The line fields the form edits, in order.
package let editableLineFields = ["Quantity", "Unit price", "Discount %", "Expected arrival", "Description"]

/// The fields of the new-order form, in order.
package let newOrderFields = ["Vendor", "Lines", "Expected arrival", "Notes"]

/// Mistakes in the edit form: a message per field, shown under it, and one line for the
/// status bar.
package struct FormProblem: Error, Equatable, CustomStringConvertible {
  /// Messages by field index.
  package var fieldErrors: [Int: String]
  package var description: String

  package init(description: String, fieldErrors: [Int: String] = [:]) {
    self.description = description
    self.fieldErrors = fieldErrors
  }

  /// The problem of a form whose fields `labels` have these errors; `nil` without errors.
  init?(fieldErrors: [Int: String], labels: [String]) {
    guard let first = fieldErrors.keys.min(), let message = fieldErrors[first] else { return nil }
    let more = fieldErrors.count > 1 ? " (and \(fieldErrors.count - 1) more)" : ""
    self.init(description: "\(labels[first]): \(message)\(more)", fieldErrors: fieldErrors)
  }
}

// MARK: - Opening the form

/// The order in detail when it may be edited; otherwise says why not and gives `nil`.
private func editableOrder(_ state: inout AppState) -> PurchaseOrder? {
  guard let order = state.orders.detail?.order else { return nil }
  guard order.state != .locked, order.state != .cancelled else {
    state.message = "\(order.reference) is \(order.state.label): unlock or reset it to draft first."
    return nil
  }
  return order
}

/// Opens `form` for the header (`line` nil) or a line, with no mistakes shown yet.
func open(_ form: FormState, line: UUID?, newLine: OrderLine? = nil, _ state: inout AppState) {
  state.orders.form = form
  state.orders.formLine = line
  state.orders.newLine = newLine
  state.orders.chosenVendor = nil
  state.orders.vendorChange = nil
  if newLine == nil { state.orders.newLineOffer = nil }
  state.orders.formError = nil
  state.orders.fieldErrors = [:]
}

/// Closes the form, keeping nothing of it.
func closeForm(_ state: inout AppState) {
  state.orders.form = nil
  state.orders.formSave = nil
  state.orders.vendorPicker = nil
  state.orders.chosenVendor = nil
  state.orders.vendorChange = nil
  state.orders.formLine = nil
  state.orders.newLine = nil
  state.orders.newLineOffer = nil
  state.orders.formError = nil
  state.orders.fieldErrors = [:]
}

/// Closes the form; when the order in detail changed while it was open, reads it again.
func closeFormAndCatchUp(_ state: inout AppState) -> [Effect] {
  closeForm(&state)
  guard state.orders.detailIsStale, let id = state.orders.detail?.order.id else { return [] }
  state.orders.detailIsStale = false
  state.orders.detailRequested = id
  return [.loadOrderDetail(id)]
}

func beginEdit(_ state: inout AppState) -> [Effect] {
  guard state.permissions.editsOrders else { return refuse(&state, "edit orders") }
  guard state.orders.detail != nil else {
    // The detail is on its way; the form opens with its values once it arrives.
    state.orders.form = FormState(values: [])
    return []
  }
  guard let order = editableOrder(&state) else {
    state.orders.form = nil
    return []
  }
  open(FormState(values: formValues(of: order)), line: nil, &state)
  return []
}

func beginLineEdit(_ state: inout AppState) -> [Effect] {
  guard state.permissions.editsOrders else { return refuse(&state, "edit orders") }
  guard let order = state.orders.detail?.order, order.lines.indices.contains(state.orders.selectedLine),
    editableOrder(&state) != nil
  else { return [] }
  let line = order.lines[state.orders.selectedLine]
  open(FormState(values: lineFormValues(of: line, currency: order.currency)), line: line.id, &state)
  return []
}

func askRemoveLine(_ state: inout AppState) -> [Effect] {
  guard state.permissions.editsOrders else { return refuse(&state, "edit orders") }
  guard let order = state.orders.detail?.order, order.lines.indices.contains(state.orders.selectedLine) else {
    return []
  }
  let line = order.lines[state.orders.selectedLine]
  ask(
    &state, title: "Remove line",
    message: "Remove \(line.productCode) (\(line.quantity) \(line.unit)) from \(order.reference)?",
    confirm: "Remove", .removeLine(orderID: order.id, lineID: line.id))
  return []
}

// MARK: - Product picker

/// Opens the product picker over the vendor's catalogue, with every product listed at first.
func beginAddLine(_ state: inout AppState) -> [Effect] {
  guard state.permissions.editsOrders else { return refuse(&state, "edit orders") }
  guard let order = editableOrder(&state) else { return [] }
  guard let vendorID = order.vendorID else {
    state.message = "\(order.reference) has no vendor, so it has no catalogue to choose from."
    return []
  }
  return openPicker(&state, vendorID: vendorID, vendorName: order.vendorName, forNewOrder: false)
}

/// Opens the product picker over a vendor's whole catalogue, while the first search runs.
func openPicker(_ state: inout AppState, vendorID: Vendor.ID, vendorName: String, forNewOrder: Bool)
  -> [Effect]
{
  var picker = ProductPickerState(vendorID: vendorID, vendorName: vendorName)
  picker.isForNewOrder = forNewOrder
  picker.startSearch(numberedFrom: &state.orders.pickerSearches)
  state.orders.picker = picker
  return [.searchCatalogue(vendorID: vendorID, text: "", generation: picker.generation)]
}

func handlePickerKey(_ state: inout AppState, _ key: KeyEvent) -> [Effect] {
  guard var picker = state.orders.picker else { return [] }
  let keys = state.keys.picker
  switch key {
  case _ where keys.cancel.matches(key):
    state.orders.picker = nil
    state.message = "No line added."
    return []
  case _ where keys.down.matches(key):
    picker.list.selectNext(count: picker.offers.count)
  case _ where keys.up.matches(key):
    picker.list.selectPrevious(count: picker.offers.count)
  case _ where keys.choose.matches(key) && picker.isForNewOrder:
    guard let offer = picker.selectedOffer else {
      state.message = picker.isLoading ? "Still searching…" : "No product matches \"\(picker.input.text)\"."
      return []
    }
    state.orders.picker = nil
    addNewOrderLine(&state, offer)
    return []
  case _ where keys.choose.matches(key):
    guard let offer = picker.selectedOffer, let order = state.orders.detail?.order else {
      state.message = picker.isLoading ? "Still searching…" : "No product matches \"\(picker.input.text)\"."
      return []
    }
    var line = OrderLine(
      product: offer.product, quantity: max(1, offer.entry.minQuantity), catalogueEntry: offer.entry, now: state.now)
    line.sequence = (order.lines.map(\.sequence).max() ?? 0) + 10
    state.orders.picker = nil
    open(FormState(values: lineFormValues(of: line, currency: order.currency)), line: line.id, newLine: line, &state)
    state.orders.newLineOffer = offer
    state.message = "New line \(offer.product.code): check the quantity, price and date, then save."
    return []
  default:
    if picker.editSearch(with: key, searches: &state.orders.pickerSearches) {
      state.orders.picker = picker
      return [.searchCatalogue(vendorID: picker.vendorID, text: picker.input.text, generation: picker.generation)]
    }
  }
  state.orders.picker = picker
  return []
}

func applyCatalogueSearch(_ state: inout AppState, generation: Int, offers: [CatalogueOffer]) {
  guard var picker = state.orders.picker, picker.generation == generation else { return }
  picker.offers = offers
  picker.isLoading = false
  picker.list = ListState(selected: offers.isEmpty ? nil : 0)
  state.orders.picker = picker
}

// MARK: - The form's keys

func handleFormKey(_ state: inout AppState, _ key: KeyEvent) -> [Effect] {
  guard var form = state.orders.form else { return [] }
  if form.inputs.isEmpty {
    // The form was asked for before the order arrived: open it now, or refuse as `e` would.
    guard state.orders.detail != nil else {
      if state.keys.form.cancel.matches(key) {
        closeForm(&state)
        state.message = "Edit discarded."
      }
      return []
    }
    _ = beginEdit(&state)
    guard let opened = state.orders.form else { return [] }
    form = opened
  }
  let keys = state.keys.form
  if keys.cancel.matches(key) {
    // A save already sent goes on: the form waits for its answer rather than claim a discard.
    if let saving = state.orders.detail?.order.reference, state.orders.formSave != nil {
      state.message = "Still saving \(saving)…; the form closes when it is saved."
      return []
    }
    state.message = state.orders.newLine == nil ? "Edit discarded." : "New line discarded."
    return closeFormAndCatchUp(&state)
  }
  let isHeader = state.orders.formLine == nil && state.orders.newLine == nil
  if keys.pickVendor.matches(key), isHeader {
    state.orders.form = form
    return beginVendorChange(&state, search: "")
  }
  if keys.save.matches(key) {
    state.orders.form = form
    guard let original = state.orders.detail?.order else { return [] }
    guard state.orders.formSave == nil else {
      state.message = "Still saving \(original.reference)…"
      return []
    }
    if isHeader, form.values.count == editableFields.count {
      // A vendor typed rather than chosen is looked for in the picker, never guessed.
      let typed = trimmed(form.values[vendorFieldIndex])
      if typed != trimmed(state.orders.chosenVendor?.name ?? original.vendorName) {
        return beginVendorChange(&state, search: typed)
      }
      if let change = state.orders.vendorChange, change.offers == nil {
        state.message = "Still reading \(change.vendor.name)'s prices…"
        return []
      }
    }
    guard let result = formResult(state, values: form.values) else { return [] }
    switch result {
    case .success(let updated):
      guard updated != original else {
        closeForm(&state)
        state.message = "Nothing changed."
        return []
      }
      if updated.vendorID != original.vendorID, let change = state.orders.vendorChange {
        askVendorChange(&state, from: original, to: updated, change: change)
        return []
      }
      state.orders.formError = nil
      state.orders.fieldErrors = [:]
      state.orders.formSave = .order(original.id)
      state.message = "Saving \(original.reference)…"
      return [.saveOrder(updated, base: original)]
    case .failure(let problem):
      state.orders.formError = problem.description
      state.orders.fieldErrors = problem.fieldErrors
      return []
    }
  }
  let focused = form.focused
  if keys.next.matches(key) {
    form.focused = (form.focused + 1) % form.inputs.count
  } else if keys.previous.matches(key) {
    form.focused = (form.focused + form.inputs.count - 1) % form.inputs.count
  } else {
    let quantity = form.values.first
    form.handle(key)
    if let offer = state.orders.newLineOffer, let quantity, let currency = state.orders.detail?.order.currency {
      followTierPrice(&form, from: quantity, offer: offer, currency: currency)
    }
  }
  state.orders.form = form
  // Leaving a field checks the form again, so a mistake shows (or goes) before saving.
  if form.focused != focused, case .failure(let problem)? = formResult(state, values: form.values) {
    state.orders.fieldErrors = problem.fieldErrors
    state.orders.formError = problem.description
  } else if form.focused != focused {
    state.orders.fieldErrors = [:]
    state.orders.formError = nil
  }
  return []
}

/// Keeps a new line's price on the catalogue tier of its quantity while the price is the one
/// the catalogue gave: once a price is typed by hand, it stays.
private func followTierPrice(_ form: inout FormState, from oldText: String, offer: CatalogueOffer, currency: CurrencyCode)
{
  let price = { (quantity: Quantity) in Money(minorUnits: offer.priceMinor(for: quantity), currency: currency) }
  guard form.inputs.count > 1, let newText = form.values.first, newText != oldText,
    let old = Quantity(parsing: trimmed(oldText)), let new = Quantity(parsing: trimmed(newText)),
    form.values[1] == price(old).decimalString
  else { return }
  form.inputs[1] = TextInputState(text: price(new).decimalString)
}

/// The order the form would save, checked by the domain's rules, or what is wrong with it;
/// `nil` without an order in detail.
private func formResult(_ state: AppState, values: [String]) -> Result<PurchaseOrder, FormProblem>? {
  guard let original = state.orders.detail?.order else { return nil }
  var base = original
  if let newLine = state.orders.newLine { base.lines.append(newLine) }
  guard let lineID = state.orders.formLine else {
    return edited(base, with: values).flatMap { movedToChosenVendor($0, state) }.flatMap {
      checked($0, from: original, fieldIndex: headerFieldIndex)
    }
  }
  let number = (base.lines.firstIndex { $0.id == lineID } ?? 0) + 1
  return edited(base, line: lineID, with: values).flatMap {
    checked($0, from: original) { lineFieldIndex($0, number: number) }
  }
}

/// `order` when the domain's rules for editing `previous` into it hold; else the broken rules,
/// under the fields they are about.
private func checked(_ order: PurchaseOrder, from previous: PurchaseOrder, fieldIndex: (String) -> Int?)
  -> Result<PurchaseOrder, FormProblem>
{
  let issues = order.validateEdit(from: previous)
  guard let first = issues.first else { return .success(order) }
  var errors: [Int: String] = [:]
  for issue in issues {
    if let index = fieldIndex(issue.field), errors[index] == nil { errors[index] = issue.message }
  }
  return .failure(FormProblem(description: "\(first.field): \(first.message)", fieldErrors: errors))
}

/// The header form's field for a validation issue's field name.
private func headerFieldIndex(_ field: String) -> Int? {
  ["vendor_reference": 0, "origin": 1, "notes": 2, "vendor": vendorFieldIndex][field]
}

/// The line form's field for a validation issue's field name, for line `number` (1-based).
private func lineFieldIndex(_ field: String, number: Int) -> Int? {
  let prefix = "lines[\(number)]."
  guard field.hasPrefix(prefix) else { return nil }
  return ["quantity": 0, "price": 1, "discount": 2, "description": 4][String(field.dropFirst(prefix.count))]
}

// MARK: - Reading the form

func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespaces) }

/// Reads a day typed as `YYYY-MM-DD` into `date`: empty clears it, the day `date` already has
/// keeps its time, anything else is an error for field `index`.
private func readDay(_ text: String, into date: inout Date?, errors: inout [Int: String], at index: Int) {
  let text = trimmed(text)
  if text.isEmpty {
    date = nil
  } else if let current = date, OdooDateTime.formatDay(current) == text {
    return
  } else if let parsed = OdooDateTime.parse(text) {
    date = parsed
  } else {
    errors[index] = "write a date as YYYY-MM-DD"
  }
}

package func formValues(of order: PurchaseOrder) -> [String] {
  [
    order.vendorReference, order.origin, order.notes, order.datePlanned.map(OdooDateTime.formatDay) ?? "",
    order.priority == .urgent ? "urgent" : "normal", order.vendorName,
  ]
}

package func lineFormValues(of line: OrderLine, currency: CurrencyCode) -> [String] {
  [
    line.quantity.description, Money(minorUnits: line.unitPriceMinor, currency: currency).decimalString,
    FixedPoint.format(line.discount.basisPoints, scale: 2, trimZeros: true),
    line.datePlanned.map(OdooDateTime.formatDay) ?? "", line.description,
  ]
}

/// The order with the form's header values, or what is wrong with them.
package func edited(_ order: PurchaseOrder, with values: [String]) -> Result<PurchaseOrder, FormProblem> {
  guard values.count == editableFields.count else {
    return .failure(FormProblem(description: "the form is incomplete"))
  }
  var order = order
  var errors: [Int: String] = [:]
  order.vendorReference = trimmed(values[0])
  order.origin = trimmed(values[1])
  order.notes = values[2]
  readDay(values[3], into: &order.datePlanned, errors: &errors, at: 3)
  switch trimmed(values[4]).lowercased() {
  case "normal", "": order.priority = .normal
  case "urgent": order.priority = .urgent
  default: errors[4] = "write normal or urgent"
  }
  if let problem = FormProblem(fieldErrors: errors, labels: editableFields) { return .failure(problem) }
  return .success(order)
}

/// The order with one line changed by the form's values, or what is wrong with them.
package func edited(_ order: PurchaseOrder, line id: UUID, with values: [String]) -> Result<PurchaseOrder, FormProblem>
{
  guard values.count == editableLineFields.count, let index = order.lines.firstIndex(where: { $0.id == id }) else {
    return .failure(FormProblem(description: "the line is no longer in the order"))
  }
  var order = order
  var line = order.lines[index]
  var errors: [Int: String] = [:]
  if let quantity = Quantity(parsing: trimmed(values[0])) {
    line.quantity = quantity
  } else {
    errors[0] = "write a number such as 12 or 2.5"
  }
  if let price = Money(parsing: trimmed(values[1]), currency: order.currency) {
    line.unitPriceMinor = price.minorUnits
  } else {
    errors[1] = "write an amount such as 12.50"
  }
  if let discount = Percentage(parsing: trimmed(values[2]).isEmpty ? "0" : trimmed(values[2])) {
    line.discount = discount
  } else {
    errors[2] = "write a percentage such as 5 or 2.5"
  }
  readDay(values[3], into: &line.datePlanned, errors: &errors, at: 3)
  line.description = trimmed(values[4])
  if let problem = FormProblem(fieldErrors: errors, labels: editableLineFields) { return .failure(problem) }
  order.lines[index] = line
  return .success(order)
}

// MARK: - New order

func handleNewOrderKey(_ state: inout AppState, _ key: KeyEvent) -> [Effect] {
  guard var form = state.orders.form else {
    state.orders.isCreating = false
    return []
  }
  let keys = state.keys.form
  if keys.cancel.matches(key) {
    if state.orders.formSave != nil {
      state.message = "Still creating the order…; the form closes when it is created."
      return []
    }
    state.orders.isCreating = false
    state.message = "New order discarded."
    return closeFormAndCatchUp(&state)
  }
  if keys.save.matches(key) { return saveNewOrder(&state) }
  if keys.pickVendor.matches(key) {
    return openVendorPicker(&state, purpose: .newOrder, search: trimmed(form.values[0]))
  }
  if keys.pickProduct.matches(key) {
    guard let vendor = newOrderVendor(state) else {
      return openVendorPicker(&state, purpose: .newOrderThenProducts, search: trimmed(form.values[0]))
    }
    return openPicker(&state, vendorID: vendor.id, vendorName: vendor.name, forNewOrder: true)
  }
  form.handle(key)
  state.orders.form = form
  return []
}

/// The vendor chosen for the new order, while its field still shows the vendor's name.
private func newOrderVendor(_ state: AppState) -> Vendor? {
  guard let vendor = state.orders.chosenVendor, let typed = state.orders.form?.values.first,
    trimmed(typed) == trimmed(vendor.name)
  else { return nil }
  return vendor
}

/// Creates the new order from the form, once its vendor is chosen: a vendor typed but not
/// chosen opens the vendor picker first, which creates the order after the choice.
func saveNewOrder(_ state: inout AppState) -> [Effect] {
  guard let form = state.orders.form, form.inputs.count == newOrderFields.count else { return [] }
  guard state.orders.formSave == nil else {
    state.message = "Still creating the order…"
    return []
  }
  let values = form.values.map(trimmed)
  let lines = values[1].split(separator: ",").map { trimmed(String($0)) }.filter { !$0.isEmpty }
  var errors: [Int: String] = [:]
  if !values[2].isEmpty, OdooDateTime.parse(values[2]) == nil { errors[2] = "write a date as YYYY-MM-DD" }
  if let problem = FormProblem(fieldErrors: errors, labels: newOrderFields) {
    state.orders.formError = problem.description
    state.orders.fieldErrors = problem.fieldErrors
    return []
  }
  state.orders.formError = nil
  state.orders.fieldErrors = [:]
  guard let vendor = newOrderVendor(state) else {
    return openVendorPicker(&state, purpose: .newOrderThenSave, search: values[0])
  }
  state.message = "Creating the order…"
  state.orders.formSave = .newOrder
  return [
    .createOrder(NewOrderForm(vendorID: vendor.id, lines: lines, datePlanned: values[2], notes: values[3]))
  ]
}

/// Adds the chosen product to the new order's lines as `CODE:QTY`, at the catalogue's smallest
/// quantity; without a price, the catalogue's price for the quantity applies when it is saved.
private func addNewOrderLine(_ state: inout AppState, _ offer: CatalogueOffer) {
  guard var form = state.orders.form, form.inputs.count > 1 else { return }
  let item = "\(offer.product.code):\(max(1, offer.entry.minQuantity))"
  let lines = trimmed(form.values[1])
  form.inputs[1] = TextInputState(text: lines.isEmpty ? item : "\(lines), \(item)")
  form.focused = 1
  state.orders.form = form
  state.message =
    "Line \(offer.product.code) added; change its quantity after the colon, or "
    + "\(state.keys.form.pickProduct.keyLabel) for another."
}
