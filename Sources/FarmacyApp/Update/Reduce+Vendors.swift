import FarmacyDomain
import Foundation
import TerminalKit

// The vendor picker, which chooses a new order's vendor or another vendor for an RFQ, and the
// vendor change: the order's lines re-priced from the new vendor's catalogue, shown before
// saving. The parts of ``reduce(_:_:)`` about vendors.

// MARK: - Vendor picker

/// Opens the vendor picker with `search` typed, while the first search runs.
func openVendorPicker(_ state: inout AppState, purpose: VendorPickerPurpose, search: String) -> [Effect] {
  var picker = VendorPickerState(purpose: purpose, search: search)
  picker.startSearch(numberedFrom: &state.orders.pickerSearches)
  picker.firstGeneration = picker.generation
  state.orders.vendorPicker = picker
  return [.searchVendors(text: search, generation: picker.generation)]
}

func handleVendorPickerKey(_ state: inout AppState, _ key: KeyEvent) -> [Effect] {
  guard var picker = state.orders.vendorPicker else { return [] }
  let keys = state.keys.vendorPicker
  switch key {
  case _ where keys.cancel.matches(key):
    state.orders.vendorPicker = nil
    state.message = picker.purpose == .orderVendor ? "The vendor stays as it was." : "No vendor chosen."
    // The vendor field shows that vendor again, so saving does not reopen the picker.
    if picker.purpose == .orderVendor, let order = state.orders.detail?.order,
      state.orders.form?.inputs.count == editableFields.count
    {
      state.orders.form?.inputs[vendorFieldIndex] = TextInputState(
        text: state.orders.chosenVendor?.name ?? order.vendorName)
    }
    return []
  case _ where keys.down.matches(key):
    picker.list.selectNext(count: picker.vendors.count)
  case _ where keys.up.matches(key):
    picker.list.selectPrevious(count: picker.vendors.count)
  case _ where keys.choose.matches(key):
    guard let vendor = picker.selectedVendor else {
      state.message = picker.isLoading ? "Still searching…" : "No vendor's name contains \"\(picker.input.text)\"."
      return []
    }
    state.orders.vendorPicker = nil
    return choose(vendor, for: picker.purpose, &state)
  default:
    if picker.editSearch(with: key, searches: &state.orders.pickerSearches) {
      state.orders.vendorPicker = picker
      return [.searchVendors(text: picker.input.text, generation: picker.generation)]
    }
  }
  state.orders.vendorPicker = picker
  return []
}

/// Shows the vendors found by search number `generation`; older answers are ignored. Saving a
/// new order whose vendor field holds exactly one vendor's whole name goes on with that vendor.
func applyVendorSearch(_ state: inout AppState, generation: Int, vendors: [Vendor]) -> [Effect] {
  guard var picker = state.orders.vendorPicker, picker.generation == generation else { return [] }
  picker.vendors = vendors
  picker.isLoading = false
  picker.list = ListState(selected: vendors.isEmpty ? nil : 0)
  state.orders.vendorPicker = picker
  let typed = trimmed(picker.input.text).lowercased()
  let named = vendors.filter { trimmed($0.name).lowercased() == typed }
  guard picker.purpose == .newOrderThenSave, generation == picker.firstGeneration, named.count == 1 else { return [] }
  state.orders.vendorPicker = nil
  return choose(named[0], for: picker.purpose, &state)
}

/// Puts the chosen vendor where the picker was opened for, and goes on from there.
private func choose(_ vendor: Vendor, for purpose: VendorPickerPurpose, _ state: inout AppState) -> [Effect] {
  guard purpose != .orderVendor else { return changeVendor(to: vendor, &state) }
  guard state.orders.isCreating, var form = state.orders.form, !form.inputs.isEmpty else { return [] }
  form.inputs[0] = TextInputState(text: vendor.name)
  if form.focused == 0 { form.focused = 1 }
  state.orders.form = form
  state.orders.chosenVendor = vendor
  state.orders.fieldErrors[0] = nil
  state.orders.formError = nil
  switch purpose {
  case .newOrderThenProducts:
    return openPicker(&state, vendorID: vendor.id, vendorName: vendor.name, forNewOrder: true)
  case .newOrderThenSave:
    return saveNewOrder(&state)
  case .newOrder, .orderVendor:
    state.message = "Vendor \(vendor.name); \(state.keys.form.pickProduct.keyLabel) adds lines from its catalogue."
    return []
  }
}

// MARK: - Changing an order's vendor

/// Opens the vendor picker for the order in detail, when it is an RFQ.
func beginVendorChange(_ state: inout AppState, search: String) -> [Effect] {
  guard let order = state.orders.detail?.order else { return [] }
  guard order.state.allowsVendorChange else {
    state.message = "\(order.reference) is \(order.state.label): only an RFQ (draft or sent) can change vendor."
    return []
  }
  return openVendorPicker(&state, purpose: .orderVendor, search: search)
}

/// Moves the header form to `vendor` and asks for its prices of the order's products; a
/// vendor billing in another currency is refused.
private func changeVendor(to vendor: Vendor, _ state: inout AppState) -> [Effect] {
  guard let order = state.orders.detail?.order, state.orders.form?.inputs.count == editableFields.count else {
    return []
  }
  guard vendor.id != order.vendorID else {
    dropVendorChange(&state)
    state.message = "\(order.reference) stays with \(vendor.name)."
    return []
  }
  guard vendor.currency == order.currency else {
    refuseVendor(&state, currencyProblem(vendor: vendor, currency: vendor.currency, order: order))
    return []
  }
  state.orders.form?.inputs[vendorFieldIndex] = TextInputState(text: vendor.name)
  state.orders.chosenVendor = vendor
  state.orders.vendorChange = VendorChange(vendor: vendor)
  state.orders.fieldErrors[vendorFieldIndex] = nil
  state.orders.formError = nil
  state.message = "Reading \(vendor.name)'s prices for the order's products…"
  return [.loadVendorOffers(vendorID: vendor.id, productIDs: Set(order.lines.compactMap(\.productID)).sorted())]
}

/// Takes the new vendor's offers and shows what the change does to the lines; a catalogue in
/// another currency undoes the change.
func applyVendorOffers(_ state: inout AppState, vendorID: Vendor.ID, offers: [CatalogueOffer]) {
  guard var change = state.orders.vendorChange, change.vendor.id == vendorID, let order = state.orders.detail?.order
  else { return }
  change.offers = offers
  state.orders.vendorChange = change
  switch repriced(order, to: change.vendor, offers: offers, now: state.now) {
  case .success(let repricing):
    state.message = repricing.summary(vendor: change.vendor.name) + " Save to see it all."
  case .failure(let problem):
    refuseVendor(&state, problem)
  }
}

/// The vendor picked is not taken: the form goes back to the order's vendor, saying why.
private func refuseVendor(_ state: inout AppState, _ problem: FormProblem) {
  dropVendorChange(&state)
  state.orders.formError = problem.description
  state.orders.fieldErrors = problem.fieldErrors
  state.message = problem.description
}

/// Forgets the vendor chosen for the order in detail; its vendor field shows its vendor again.
func dropVendorChange(_ state: inout AppState) {
  state.orders.vendorChange = nil
  state.orders.chosenVendor = nil
  guard let order = state.orders.detail?.order, state.orders.form?.inputs.count == editableFields.count else {
    return
  }
  state.orders.form?.inputs[vendorFieldIndex] = TextInputState(text: order.vendorName)
}

/// The order moved to the vendor chosen in the form, its lines re-priced, once the vendor's
/// offers are in; the order as it is otherwise.
func movedToChosenVendor(_ order: PurchaseOrder, _ state: AppState) -> Result<PurchaseOrder, FormProblem> {
  guard let change = state.orders.vendorChange, let offers = change.offers else { return .success(order) }
  return repriced(order, to: change.vendor, offers: offers, now: state.now).map(\.order)
}

/// The order in detail as the header form's vendor change would save it, to show its new prices.
package func previewedVendorChange(_ state: AppState) -> VendorRepricing? {
  guard let order = state.orders.detail?.order, let change = state.orders.vendorChange, let offers = change.offers
  else { return nil }
  return try? repriced(order, to: change.vendor, offers: offers, now: state.now).get()
}

/// Asks before saving the order moved to another vendor, naming the prices that change and the
/// lines that keep theirs.
func askVendorChange(_ state: inout AppState, from original: PurchaseOrder, to updated: PurchaseOrder, change: VendorChange) {
  guard let offers = change.offers, let repricing = try? repriced(original, to: change.vendor, offers: offers, now: state.now).get()
  else { return }
  ask(
    &state, title: "Change vendor",
    message: "Move \(original.reference) from \(original.vendorName) to \(change.vendor.name)? "
      + repricing.details(vendor: change.vendor.name, currency: original.currency),
    confirm: "Change", .changeVendor(updated, base: original))
}

// MARK: - Re-pricing

/// An order moved to another vendor: what became of each line's price and expected arrival.
package struct VendorRepricing: Equatable, Sendable {
  /// A line whose price the new vendor's catalogue changed.
  package struct PriceChange: Equatable, Sendable {
    package var code: String
    package var fromMinor: Int64
    package var toMinor: Int64
  }

  /// A line whose expected arrival moves to another day with the new vendor's lead time.
  package struct ArrivalChange: Equatable, Sendable {
    package var code: String
    package var from: Date?
    package var to: Date
  }

  package var order: PurchaseOrder
  package var changes: [PriceChange]
  package var arrivals: [ArrivalChange] = []
  /// Codes of the lines whose product the new vendor does not offer: they keep their price.
  package var unoffered: [String]

  /// One line for the status bar: how many prices and dates change and which lines keep theirs.
  func summary(vendor: String) -> String {
    var text = "New vendor \(vendor): \(changes.count) new price(s)"
    if !arrivals.isEmpty { text += ", \(arrivals.count) new arrival day(s)" }
    if !unoffered.isEmpty {
      text += "; not offered, keeping their price: " + Self.list(unoffered)
    }
    return text + "."
  }

  /// Each price and arrival that changes, old and new, and the lines that keep their price, for
  /// the dialog.
  func details(vendor: String, currency: CurrencyCode) -> String {
    let money = { (minor: Int64) in Money(minorUnits: minor, currency: currency).decimalString }
    let day = { (date: Date?) in date.map(OdooDateTime.formatDay) ?? "none" }
    var parts: [String] = []
    parts.append(
      changes.isEmpty
        ? "No price changes."
        : "New prices from its catalogue: "
          + Self.list(changes.map { "\($0.code) \(money($0.fromMinor)) → \(money($0.toMinor))" }) + ".")
    if !arrivals.isEmpty {
      parts.append(
        "Expected arrival from its lead times: "
          + Self.list(arrivals.map { "\($0.code) \(day($0.from)) → \(day($0.to))" }) + ".")
    }
    if !unoffered.isEmpty {
      parts.append("\(vendor) does not offer \(Self.list(unoffered)): kept at the old price.")
    }
    return parts.joined(separator: " ")
  }

  private static func list(_ items: [String], limit: Int = 4) -> String {
    let shown = items.prefix(limit).joined(separator: ", ")
    return items.count > limit ? "\(shown) and \(items.count - limit) more" : shown
  }
}

/// `order` moved to `vendor`, as Odoo's purchase form does when the vendor changes: each line
/// whose product the vendor offers takes the price of the tier for its quantity and, when the
/// day differs, the expected arrival `now` plus that tier's lead time (as a new line from the
/// catalogue gets); the other lines keep their price and arrival. A vendor or catalogue in
/// another currency than the order's is refused: an order keeps one currency.
package func repriced(_ order: PurchaseOrder, to vendor: Vendor, offers: [CatalogueOffer], now: Date)
  -> Result<VendorRepricing, FormProblem>
{
  let currencies = [vendor.currency] + offers.flatMap { [$0.entry.currency] + $0.tiers.map(\.currency) }
  if let other = currencies.first(where: { $0 != order.currency }) {
    return .failure(currencyProblem(vendor: vendor, currency: other, order: order))
  }
  var moved = order
  moved.vendorID = vendor.id
  moved.vendorName = vendor.name
  var repricing = VendorRepricing(order: moved, changes: [], unoffered: [])
  for (index, line) in order.lines.enumerated() {
    guard let offer = offers.first(where: { $0.product.id == line.productID && line.productID != nil }) else {
      repricing.unoffered.append(line.productCode)
      continue
    }
    let terms = offer.entry(for: line.quantity)
    if terms.priceMinor != line.unitPriceMinor {
      repricing.changes.append(.init(code: line.productCode, fromMinor: line.unitPriceMinor, toMinor: terms.priceMinor))
      moved.lines[index].unitPriceMinor = terms.priceMinor
    }
    let arrival = terms.expectedArrival(orderedAt: now)
    if line.datePlanned.map(OdooDateTime.formatDay) != OdooDateTime.formatDay(arrival) {
      repricing.arrivals.append(.init(code: line.productCode, from: line.datePlanned, to: arrival))
      moved.lines[index].datePlanned = arrival
    }
  }
  repricing.order = moved
  return .success(repricing)
}

private func currencyProblem(vendor: Vendor, currency: CurrencyCode, order: PurchaseOrder) -> FormProblem {
  let message =
    "\(vendor.name) sells in \(currency.rawValue) and \(order.reference) is in \(order.currency.rawValue); "
    + "an order keeps one currency, so make a new order for this vendor"
  return FormProblem(description: "Vendor: " + message, fieldErrors: [vendorFieldIndex: message])
}
