import FarmacyDomain
import Foundation

// MARK: - Defaults and per-model preparation

extension Database {
  /// The company (there is one, id 1).
  static let companyID = 1

  var companyCurrencyID: Int { record("res.company", Self.companyID)?["currency_id"]?.intValue ?? 1 }

  /// What a new record holds before the caller's values: each model's field defaults.
  func defaultValues(_ model: String, env: CallEnvironment) -> StoredRecord {
    switch model {
    case "purchase.order":
      // `fields.Datetime.now` drops the microseconds, unlike the transaction time of write_date.
      var row: StoredRecord = [
        "name": "New", "state": "draft", "priority": "0", "date_order": .dateTime(Self.wholeSeconds(env.now)),
        "company_id": .int(Self.companyID), "currency_id": .int(companyCurrencyID), "user_id": .int(env.uid),
        "invoice_status": "no", "invoice_count": 0, "incoming_picking_count": 0,
        "amount_untaxed": 0.0, "amount_tax": 0.0, "amount_total": 0.0,
      ]
      if version.hasLockedFlag { row["locked"] = false }
      return row
    case "purchase.order.line":
      return ["sequence": 10, "discount": 0.0, "qty_received": 0.0, "qty_invoiced": 0.0, "price_unit": 0.0]
    case "res.partner":
      return ["active": true, "supplier_rank": 0, "is_company": false, "lang": "en_US"]
    case "product.template":
      var row: StoredRecord = [
        "active": true, "purchase_ok": true, "type": "consu", "standard_price": 0.0, "list_price": 1.0,
        "uom_id": 1,
      ]
      if version != .v19 { row["uom_po_id"] = 1 }
      if version == .v17 { row["detailed_type"] = "consu" } else { row["is_storable"] = false }
      return row
    case "product.product":
      return ["active": true]
    case "product.supplierinfo":
      return [
        "min_qty": 0.0, "delay": 1, "sequence": 1, "price": 0.0, "discount": 0.0,
        "currency_id": .int(companyCurrencyID),
      ]
    case "account.tax":
      return [
        "amount_type": "percent", "type_tax_use": "purchase", "active": true, "company_id": .int(Self.companyID),
        "sequence": 1,
      ]
    case "res.currency":
      return ["active": true, "rounding": 0.01, "decimal_places": 2, "rate": 1.0]
    case "uom.uom":
      return ["active": true, "rounding": 0.01, "factor": 1.0]
    case "res.users":
      return [
        "active": true, "company_id": .int(Self.companyID), "tz": "Europe/Brussels", "lang": "en_US", "share": false,
      ]
    case "ir.model.data":
      return ["noupdate": false]
    case "res.company":
      return ["po_double_validation": "one_step", "po_double_validation_amount": 5000.0, "po_lock": "edit"]
    default:
      return [:]
    }
  }

  /// The model's own work before a record is stored: the order sequence, 19's partner
  /// currency, line defaults from the product, and `_inherits` for product variants.
  mutating func prepareCreate(
    _ model: String, _ row: inout StoredRecord, given vals: [String: OdooValue],
    relatedWrites: inout [String: OdooValue], env: CallEnvironment
  ) throws(OdooServerError) {
    switch model {
    case "purchase.order":
      if (row["name"]?.stringValue ?? "New") == "New" {
        row["name"] = .string(String(format: "P%05d", nextOrderNumber))
        nextOrderNumber += 1
      }
      if version == .v19, vals["currency_id"] == nil, let partner = row["partner_id"]?.intValue,
        let currency = record("res.partner", partner)?["property_purchase_currency_id"]?.intValue
      {
        row["currency_id"] = .int(currency)
      }
    case "purchase.order.line":
      if let orderID = row["order_id"]?.intValue, let productID = row["product_id"]?.intValue,
        (row["display_type"] ?? .null) == .null
      {
        fillMissingLineFields(&row, given: vals, orderID: orderID, productID: productID)
      }
      if (row["display_type"] ?? .null) != .null {
        row["product_qty"] = row["product_qty"] ?? .double(0)
        row["price_unit"] = row["price_unit"] ?? .double(0)
        if vals["price_unit"] == nil { row["price_unit"] = .double(0) }
        if vals["date_planned"] == nil { row["date_planned"] = .null }
      }
    case "product.product":
      if (row["product_tmpl_id"] ?? .null) == .null {
        var templateVals: [String: OdooValue] = [:]
        for (name, value) in relatedWrites {
          templateVals[name == "lst_price" ? "list_price" : name] = value
        }
        for name in ["default_code", "barcode"] { if let value = vals[name] { templateVals[name] = value } }
        templateVals["product_variant_ids"] = nil
        let template = try createOne("product.template", templateVals, env: env)
        row["product_tmpl_id"] = .int(template)
        relatedWrites = [:]
      }
    case "product.template":
      if vals["uom_po_id"] == nil, version != .v19 { row["uom_po_id"] = row["uom_id"] }
    case "ir.model.data":
      row["module"] = row["module"] ?? "__import__"
    default:
      break
    }
  }

  /// Guards that depend on the new values of an existing record.
  func prepareWrite(
    _ model: String, _ id: Int, _ row: inout StoredRecord, given vals: [String: OdooValue], env: CallEnvironment
  )
    throws(OdooServerError)
  {
    if model == "purchase.order.line", vals["display_type"] != nil,
      record(model, id)?["display_type"] != row["display_type"]
    {
      throw OdooServerError(
        .userError,
        "You cannot change the type of a purchase order line. Instead you should delete the current line and create a new line of the proper type."
      )
    }
  }

  /// Inverses that run after a write: an order's expected arrival moves its lines.
  mutating func afterWrite(_ model: String, _ id: Int, given vals: [String: OdooValue], env: CallEnvironment)
    throws(OdooServerError)
  {
    guard model == "purchase.order", let planned = vals["date_planned"], !planned.isFalsy else { return }
    let lines = relatedIDs(model, id, "order_line").filter {
      (record("purchase.order.line", $0)?["display_type"] ?? .null) == .null
    }
    for line in lines {
      try writeOne("purchase.order.line", line, ["date_planned": planned], env: env)
    }
  }

  /// Fills name, quantity, price, discount, unit, taxes and planned date of a new line from
  /// its product and the vendor's catalogue, as `_prepare_add_missing_fields` does for lines
  /// created over RPC (odoo-api.md §3.3).
  private func fillMissingLineFields(
    _ row: inout StoredRecord, given vals: [String: OdooValue], orderID: Int, productID: Int
  ) {
    guard let order = record("purchase.order", orderID), let product = record("product.product", productID) else {
      return
    }
    let quantity = vals["product_qty"].flatMap(\.doubleValue) ?? 1
    let seller = selectSeller(
      productID: productID, partnerID: order["partner_id"]?.intValue, quantity: quantity, on: order["date_order"])
    if vals["product_qty"] == nil { row["product_qty"] = .double(1) }
    if vals["name"] == nil {
      var name = productDisplayName(productID, seller: seller)
      if let description = value("product.product", productID, "description_purchase").stringValue, !description.isEmpty
      {
        name += "\n" + description
      }
      row["name"] = .string(name)
    }
    if vals["price_unit"] == nil {
      let price =
        seller.flatMap { record("product.supplierinfo", $0)?["price"]?.doubleValue }
        ?? value("product.product", productID, "standard_price").doubleValue ?? 0
      row["price_unit"] = .double(price)
      if vals["discount"] == nil, let seller,
        let discount = record("product.supplierinfo", seller)?["discount"]?.doubleValue
      {
        row["discount"] = .double(discount)
      }
    }
    let uomField = version.lineUoMField
    if vals[uomField] == nil {
      let uom =
        version == .v19
        ? value("product.product", productID, "uom_id") : value("product.product", productID, "uom_po_id")
      row[uomField] = uom
    }
    let taxesField = version.lineTaxesField
    if vals[taxesField] == nil {
      row[taxesField] = value("product.product", productID, "supplier_taxes_id")
    }
    if vals["date_planned"] == nil {
      let delay = seller.flatMap { record("product.supplierinfo", $0)?["delay"]?.intValue } ?? 0
      if case .dateTime(let dateOrder) = order["date_order"] ?? .null {
        row["date_planned"] = .dateTime(Self.wholeSeconds(dateOrder.addingTimeInterval(Double(delay) * 86_400)))
      }
    }
    _ = product
  }

  static func wholeSeconds(_ date: Date) -> Date {
    Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
  }

  /// `_select_seller`: the vendor's catalogue entries for the product that are valid on the
  /// date and whose minimum quantity is reached; the cheapest of the first vendor's wins.
  func selectSeller(productID: Int, partnerID: Int?, quantity: Double, on date: OdooValue?) -> Int? {
    guard let templateID = record("product.product", productID)?["product_tmpl_id"]?.intValue else { return nil }
    let day: String? = {
      if case .dateTime(let when) = date ?? .null { return OdooDateTime.formatDay(when) }
      return nil
    }()
    let candidates = (referrers("product.supplierinfo", field: "product_tmpl_id", target: templateID) ?? []).filter {
      id in
      guard let row = record("product.supplierinfo", id) else { return false }
      if let variant = row["product_id"]?.intValue, variant != productID { return false }
      if let partnerID, row["partner_id"]?.intValue != partnerID { return false }
      if let day, let start = row["date_start"]?.stringValue, start > day { return false }
      if let day, let end = row["date_end"]?.stringValue, end < day { return false }
      return (row["min_qty"]?.doubleValue ?? 0) <= quantity
    }
    guard !candidates.isEmpty,
      let ordered = try? sort("product.supplierinfo", Array(candidates), order: "sequence, min_qty desc, price, id"),
      let first = ordered.first
    else { return nil }
    let vendor = record("product.supplierinfo", first)?["partner_id"]
    let sameVendor = ordered.filter { record("product.supplierinfo", $0)?["partner_id"] == vendor }
    return sameVendor.min { lhs, rhs in
      let a = record("product.supplierinfo", lhs)?["price"]?.doubleValue ?? 0
      let b = record("product.supplierinfo", rhs)?["price"]?.doubleValue ?? 0
      return a != b ? a < b : lhs < rhs
    }
  }

  /// A product's name as a vendor knows it: `[vendor code] vendor name` when the catalogue
  /// entry has them, else `[code] name`.
  func productDisplayName(_ productID: Int, seller: Int?) -> String {
    let name = value("product.product", productID, "name").stringValue ?? ""
    let code = value("product.product", productID, "default_code").stringValue ?? ""
    var shownName = name
    var shownCode = code
    if let seller, let entry = record("product.supplierinfo", seller) {
      if let vendorName = entry["product_name"]?.stringValue, !vendorName.isEmpty { shownName = vendorName }
      if let vendorCode = entry["product_code"]?.stringValue, !vendorCode.isEmpty { shownCode = vendorCode }
    }
    return shownCode.isEmpty ? shownName : "[\(shownCode)] \(shownName)"
  }
}

// MARK: - Stored computed fields

extension Database {
  /// Recomputes the stored computed fields of a record and of what depends on it (a line's
  /// order). An order whose totals change gets the transaction's `write_date`.
  mutating func recompute(_ model: String, _ id: Int, now: Date, uid: Int, propagate: Bool = true) {
    guard var row = record(model, id) else { return }
    switch model {
    case "purchase.order.line":
      let orderID = row["order_id"]?.intValue
      let digits = currencyDigits(orderID.flatMap { record("purchase.order", $0)?["currency_id"]?.intValue })
      let quantity = row["product_qty"]?.doubleValue ?? 0
      let amounts = Self.lineAmounts(
        quantity: quantity, priceUnit: row["price_unit"]?.doubleValue ?? 0, discount: row["discount"]?.doubleValue ?? 0,
        taxRates: (row[version.lineTaxesField]?.arrayValue ?? []).compactMap { tax in
          tax.intValue.flatMap { record("account.tax", $0)?["amount"]?.doubleValue }
        }, digits: digits)
      row["product_uom_qty"] = .double(quantity)
      row["price_subtotal"] = .double(amounts.subtotal)
      row["price_tax"] = .double(amounts.tax)
      row["price_total"] = .double(amounts.subtotal + amounts.tax)
      storeIfChanged(model, id, row)
      if let orderID, propagate { recompute("purchase.order", orderID, now: now, uid: uid) }
    case "purchase.order":
      let lines = relatedIDs(model, id, "order_line").compactMap { record("purchase.order.line", $0) }
      let digits = currencyDigits(row["currency_id"]?.intValue)
      let scale = pow(10, Double(digits))
      let untaxed = lines.reduce(0) { $0 + (($1["price_subtotal"]?.doubleValue ?? 0) * scale).rounded() } / scale
      let tax = lines.reduce(0) { $0 + (($1["price_tax"]?.doubleValue ?? 0) * scale).rounded() } / scale
      row["amount_untaxed"] = .double(untaxed)
      row["amount_tax"] = .double(tax)
      row["amount_total"] = .double(((untaxed + tax) * scale).rounded() / scale)
      let planned = lines.compactMap { line -> Date? in
        if case .dateTime(let date) = line["date_planned"] ?? .null { return date }
        return nil
      }.min()
      if let planned { row["date_planned"] = .dateTime(planned) }
      if row != record(model, id) {
        row["write_date"] = .dateTime(now)
        row["write_uid"] = .int(uid)
        put(model, id, row)
      }
    case "res.partner":
      let parentName = row["parent_id"]?.intValue.flatMap { record("res.partner", $0)?["name"]?.stringValue }
      let name = row["name"]?.stringValue ?? ""
      let isCompany = row["is_company"]?.isTruthy ?? false
      row["complete_name"] = .string(parentName.map { !isCompany ? "\($0), \(name)" : name } ?? name)
      row["commercial_partner_id"] = isCompany ? .int(id) : (row["parent_id"]?.intValue).map(OdooValue.int) ?? .int(id)
      storeIfChanged(model, id, row)
    case "ir.model.data":
      row["complete_name"] = .string("\(row["module"]?.stringValue ?? "").\(row["name"]?.stringValue ?? "")")
      storeIfChanged(model, id, row)
    default:
      break
    }
  }

  private mutating func storeIfChanged(_ model: String, _ id: Int, _ row: StoredRecord) {
    if row != record(model, id) { put(model, id, row) }
  }

  /// A line's subtotal and tax, rounded per line to the currency (Odoo's default
  /// `round_per_line`), computed in integers so that `0.1 × 3` is exactly `0.30`.
  static func lineAmounts(quantity: Double, priceUnit: Double, discount: Double, taxRates: [Double], digits: Int)
    -> (subtotal: Double, tax: Double)
  {
    let thousandths = Int128(Int64((quantity * 1_000).rounded()))
    let micros = Int128(Int64((priceUnit * 1_000_000).rounded()))
    let basisPoints = Int128(Int64((discount * 100).rounded()))
    var minorScale: Int128 = 1
    for _ in 0..<digits { minorScale *= 10 }
    let subtotalMinor = FixedPoint.divideRounded(
      thousandths * micros * (10_000 - basisPoints) * minorScale, by: 1_000 * 1_000_000 * 10_000)
    var taxMinor: Int128 = 0
    for rate in taxRates {
      taxMinor += FixedPoint.divideRounded(subtotalMinor * Int128(Int64((rate * 100).rounded())), by: 10_000)
    }
    let divisor = Double(minorScale)
    return (Double(subtotalMinor) / divisor, Double(taxMinor) / divisor)
  }
}

// MARK: - Workflow (odoo-api.md §5.2)

extension Database {
  /// Refuses line deletions on confirmed orders, and orders that are not cancelled.
  func guardUnlink(_ model: String, _ ids: [Int], env: CallEnvironment) throws(OdooServerError) {
    switch model {
    case "purchase.order":
      for id in ids where record(model, id)?["state"]?.stringValue != "cancel" {
        throw OdooServerError(.userError, "In order to delete a purchase order, you must cancel it first.")
      }
    case "purchase.order.line":
      for id in ids {
        if let orderID = record(model, id)?["order_id"]?.intValue { try guardLineChange(orderID: orderID) }
      }
    default:
      break
    }
  }

  /// `_unlink_except_purchase_or_done`: lines of a confirmed or locked order stay.
  func guardLineChange(orderID: Int) throws(OdooServerError) {
    guard let state = record("purchase.order", orderID)?["state"]?.stringValue,
      state == "purchase" || state == "done"
    else { return }
    let label = schema["purchase.order"]?.fields["state"]?.selection.first { $0.0 == state }?.1 ?? state
    throw OdooServerError(.userError, "Cannot delete a purchase order line which is in state “\(label)”.")
  }

  /// `_approval_allowed`: one-step approval, an amount under the two-step threshold, or a
  /// purchase manager (the administrator).
  func approvalAllowed(_ orderID: Int, env: CallEnvironment) -> Bool {
    guard let company = record("res.company", Self.companyID) else { return true }
    if company["po_double_validation"]?.stringValue != "two_step" { return true }
    if env.role == .administrator || env.superuser { return true }
    let threshold = company["po_double_validation_amount"]?.doubleValue ?? 0
    let total = record("purchase.order", orderID)?["amount_total"]?.doubleValue ?? 0
    return total < threshold
  }

  /// Runs a purchase button on `ids`; returns what the Python method returns (`nil` for None).
  mutating func runButton(_ method: String, ids: [Int], arguments: BoundCall, env: CallEnvironment)
    throws(OdooServerError) -> OdooValue?
  {
    try checkAccess("purchase.order", .write, env: env)
    try checkExist("purchase.order", ids, env: env)
    func state(_ id: Int) -> String { record("purchase.order", id)?["state"]?.stringValue ?? "" }
    switch method {
    case "button_confirm":
      for id in ids where state(id) == "draft" || state(id) == "sent" {
        try addSupplierToProducts(orderID: id, env: env)
        if approvalAllowed(id, env: env) {
          _ = try runButton("button_approve", ids: [id], arguments: arguments, env: env)
        } else {
          try writeOne("purchase.order", id, ["state": "to approve"], env: env)
        }
      }
      return .bool(true)
    case "button_approve":
      let force = arguments["force"].isTruthy
      for id in ids where force || approvalAllowed(id, env: env) {
        try writeOne(
          "purchase.order", id, ["state": "purchase", "date_approve": .dateTime(Self.wholeSeconds(env.now))], env: env)
        setComputed(id, ["receipt_status": "pending", "incoming_picking_count": 1])
        if record("res.company", Self.companyID)?["po_lock"]?.stringValue == "lock" {
          try writeOne("purchase.order", id, version.hasLockedFlag ? ["locked": true] : ["state": "done"], env: env)
        }
      }
      return .object([:])
    case "button_cancel":
      for id in ids {
        let row = record("purchase.order", id) ?? [:]
        if version.hasLockedFlag, row["locked"]?.isTruthy == true {
          throw OdooServerError(
            .userError,
            "Unable to cancel purchase order \(row["name"]?.stringValue ?? "") as it is locked. Unlock it first.")
        }
        if row["receipt_status"]?.stringValue == "full" || row["receipt_status"]?.stringValue == "partial" {
          throw OdooServerError(
            .userError,
            "Unable to cancel purchase order \(row["name"]?.stringValue ?? "") as some receptions have already been done."
          )
        }
        if (row["invoice_count"]?.intValue ?? 0) > 0 {
          throw OdooServerError(
            .userError, "Unable to cancel this purchase order. You must first cancel the related vendor bills.")
        }
      }
      for id in ids { try writeOne("purchase.order", id, ["state": "cancel"], env: env) }
      return nil
    case "button_draft":
      for id in ids {
        var vals: [String: OdooValue] = ["state": "draft"]
        if version.hasLockedFlag { vals["locked"] = false }
        try writeOne("purchase.order", id, vals, env: env)
      }
      return .object([:])
    case "button_done":
      for id in ids { try writeOne("purchase.order", id, ["state": "done", "priority": "0"], env: env) }
      return nil
    case "button_lock":
      for id in ids { try writeOne("purchase.order", id, ["locked": true], env: env) }
      return nil
    case "button_unlock":
      for id in ids {
        try writeOne("purchase.order", id, version.hasLockedFlag ? ["locked": false] : ["state": "purchase"], env: env)
      }
      return nil
    case "print_quotation":
      for id in ids where state(id) == "draft" { try writeOne("purchase.order", id, ["state": "sent"], env: env) }
      return .object([
        "type": "ir.actions.report", "report_name": "purchase.report_purchasequotation",
        "report_type": "qweb-pdf", "model": "purchase.order", "context": .object([:]),
      ])
    case "action_rfq_send":
      return .object([
        "name": "Compose Email", "type": "ir.actions.act_window", "view_mode": "form",
        "res_model": "mail.compose.message", "views": [[false, "form"]], "view_id": false, "target": "new",
        "context": .object([
          "default_model": "purchase.order", "active_model": "purchase.order",
          "active_id": .int(ids.first ?? 0), "default_res_ids": .array(ids.map(OdooValue.int)),
          "default_composition_mode": "comment", "mark_rfq_as_sent": true,
        ]),
      ])
    default:
      throw OdooServerError(.attributeError, "type object 'purchase.order' has no attribute '\(method)'")
    }
  }

  /// Sets stored computed fields directly (they ignore client writes).
  mutating func setComputed(_ orderID: Int, _ values: [String: OdooValue]) {
    guard var row = record("purchase.order", orderID) else { return }
    for (key, value) in values { row[key] = value }
    put("purchase.order", orderID, row)
  }

  /// `_add_supplier_to_product`: a vendor the product does not list yet is added to its
  /// catalogue (at most 10 vendors per product) when an order is confirmed.
  private mutating func addSupplierToProducts(orderID: Int, env: CallEnvironment) throws(OdooServerError) {
    guard let order = record("purchase.order", orderID), let partner = order["partner_id"]?.intValue else { return }
    for lineID in relatedIDs("purchase.order", orderID, "order_line") {
      guard let line = record("purchase.order.line", lineID), let product = line["product_id"]?.intValue,
        let template = record("product.product", product)?["product_tmpl_id"]?.intValue
      else { continue }
      let sellers = referrers("product.supplierinfo", field: "product_tmpl_id", target: template) ?? []
      let listed = sellers.contains { record("product.supplierinfo", $0)?["partner_id"]?.intValue == partner }
      guard !listed, sellers.count < 10 else { continue }
      _ = try createOne(
        "product.supplierinfo",
        [
          "partner_id": .int(partner), "product_tmpl_id": .int(template), "min_qty": 0.0,
          "price": line["price_unit"] ?? 0.0, "currency_id": order["currency_id"] ?? .null, "delay": 0,
        ], env: env.sudo())
    }
  }

  /// The simulator's admin switch: marks an order as having a posted vendor bill (`billed`)
  /// or a done receipt (`received`), which is what makes Odoo refuse to cancel it.
  package mutating func setOrderFlags(_ orderID: Int, billed: Bool?, received: Bool?, now: Date) throws(OdooServerError)
  {
    guard var row = record("purchase.order", orderID) else {
      throw OdooServerError.missingRecords(model: "purchase.order", ids: [orderID], uid: 1)
    }
    if let billed {
      row["invoice_count"] = .int(billed ? 1 : 0)
      row["invoice_status"] = billed ? "invoiced" : "no"
    }
    if let received {
      row["receipt_status"] = received ? "full" : "pending"
      row["incoming_picking_count"] = 1
    }
    row["write_date"] = .dateTime(now)
    put("purchase.order", orderID, row)
    for lineID in relatedIDs("purchase.order", orderID, "order_line") {
      guard var line = record("purchase.order.line", lineID) else { continue }
      let quantity = line["product_qty"] ?? 0.0
      if let billed { line["qty_invoiced"] = billed ? quantity : 0.0 }
      if let received { line["qty_received"] = received ? quantity : 0.0 }
      put("purchase.order.line", lineID, line)
    }
  }
}
