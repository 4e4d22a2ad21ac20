import FarmacyDemoData
import FarmacyDomain
import Foundation

/// The fixed ids of the records every simulated database starts with.
package enum SeedIDs {
  package static let company = 1
  package static let companyPartner = 1
  /// OdooBot (`__system__`), the creator of everything seeded.
  package static let odooBot = 1
  package static let admin = 2
  package static let buyer = 6
  package static let viewer = 7
  /// The colleague whose changes ``RemoteActivity`` makes.
  package static let colleague = 8
  /// Demo vendors are `res.partner` ids `vendor.id + vendorPartnerOffset`.
  package static let vendorPartnerOffset = DemoCatalogue.vendorPartnerOffset
  /// The `Units` unit of measure.
  package static let units = 1
}

extension Database {
  /// Creates what an empty Odoo database has: the company, currencies, units, purchase taxes
  /// and the users' partners and users.
  mutating func seedBase(accounts: [Account], now: Date) {
    let system = CallEnvironment(uid: SeedIDs.odooBot, role: .administrator, now: now, superuser: true)
    func insert(_ model: String, _ id: Int, _ values: StoredRecord) {
      var row = defaultValues(model, env: system)
      for (key, value) in values { row[key] = value }
      row["id"] = .int(id)
      if schema[model]?.logsAccess == true {
        row["create_uid"] = .int(SeedIDs.odooBot)
        row["write_uid"] = .int(SeedIDs.odooBot)
        row["create_date"] = .dateTime(now)
        row["write_date"] = .dateTime(now)
      }
      reserveID(model, id)
      put(model, id, row)
      recompute(model, id, now: now, uid: SeedIDs.odooBot)
    }
    let currencies: [(String, String, String, Int)] = [
      ("EUR", "Euro", "€", 2), ("USD", "US Dollar", "$", 2), ("GBP", "Pound Sterling", "£", 2),
      ("CHF", "Swiss Franc", "CHF", 2), ("JPY", "Yen", "¥", 0),
    ]
    for (index, currency) in currencies.enumerated() {
      insert(
        "res.currency", index + 1,
        [
          "name": .string(currency.0), "full_name": .string(currency.1), "symbol": .string(currency.2),
          "decimal_places": .int(currency.3), "rounding": .double(currency.3 == 0 ? 1 : 0.01),
        ])
    }
    insert(
      "res.partner", SeedIDs.companyPartner,
      ["name": "Farmacy Veterinary Pharmacy", "is_company": true, "email": "pharmacy@farmacy.example"])
    insert(
      "res.company", SeedIDs.company,
      ["name": "Farmacy Veterinary Pharmacy", "currency_id": 1, "partner_id": .int(SeedIDs.companyPartner)])
    insert("res.partner", 2, ["name": "OdooBot", "active": false])
    insert("res.users", SeedIDs.odooBot, ["login": "__system__", "partner_id": 2, "active": false])
    for (index, account) in accounts.enumerated() {
      let partnerID = 3 + index
      insert(
        "res.partner", partnerID, ["name": .string(account.name), "email": .string("\(account.login)@farmacy.example")])
      insert("res.users", account.uid, ["login": .string(account.login), "partner_id": .int(partnerID)])
    }
    insert("uom.uom", SeedIDs.units, ["name": "Units"])
    if version != .v19 { putField("uom.uom", SeedIDs.units, "uom_type", "reference") }
    insert("account.tax", 1, ["name": "10% (purchase)", "amount": 10.0])
    insert("account.tax", 2, ["name": "20% (purchase)", "amount": 20.0])
    insert("account.tax", 3, ["name": "0% (purchase)", "amount": 0.0])
    for (index, name) in schema.models.keys.sorted().enumerated() {
      insert("ir.model", index + 1, ["model": .string(name), "name": .string(schema[name]?.description ?? name)])
    }
    bindXMLID("base.main_company", model: "res.company", id: SeedIDs.company, now: now, uid: SeedIDs.odooBot)
    bindXMLID("base.user_admin", model: "res.users", id: SeedIDs.admin, now: now, uid: SeedIDs.odooBot)
    bindXMLID("base.EUR", model: "res.currency", id: 1, now: now, uid: SeedIDs.odooBot)
    bindXMLID("uom.product_uom_unit", model: "uom.uom", id: SeedIDs.units, now: now, uid: SeedIDs.odooBot)
  }

  private mutating func putField(_ model: String, _ id: Int, _ field: String, _ value: OdooValue) {
    guard var row = record(model, id) else { return }
    row[field] = value
    put(model, id, row)
  }

  /// Loads the demo pharmacy of ``DemoDataGenerator``: the same vendors, products, catalogue
  /// and orders a local store seeded with the same seed, count and day holds.
  ///
  /// Ids are predictable so that a locally seeded store can find its records here: order `i`
  /// has id `i + 1` and name `P%05d`, lines keep the generator's ids, products and catalogue
  /// entries keep theirs, and vendor `v` is partner `v + 10`. Each vendor, product and entry
  /// also gets an external id in the module `farmacy_demo` (`vendor_3`, `product_42`,
  /// `supplierinfo_7`).
  mutating func seedDemo(_ generator: DemoDataGenerator, now: Date) {
    let catalogue = generator.catalogue
    func currencyID(_ code: CurrencyCode) -> Int {
      (tables["res.currency"] ?? [:]).first { $0.value["name"]?.stringValue == code.rawValue }?.key ?? 1
    }
    func stamp(_ row: inout StoredRecord, created: Date, written: Date) {
      row["create_uid"] = .int(SeedIDs.odooBot)
      row["write_uid"] = .int(SeedIDs.odooBot)
      row["create_date"] = .dateTime(created)
      row["write_date"] = .dateTime(written)
    }
    let system = CallEnvironment(uid: SeedIDs.odooBot, role: .administrator, now: now, superuser: true)
    for vendor in catalogue.vendors {
      let id = Int(vendor.id) + SeedIDs.vendorPartnerOffset
      var row = defaultValues("res.partner", env: system)
      row["id"] = .int(id)
      row["name"] = .string(vendor.name)
      row["is_company"] = true
      row["email"] = .string(vendor.email)
      row["phone"] = .string(vendor.phone)
      row["country_code"] = .string(vendor.countryCode)
      row["supplier_rank"] = 1
      row["ref"] = .string("V\(vendor.id)")
      row["company_id"] = .null
      row["property_purchase_currency_id"] = .int(currencyID(vendor.currency))
      row["active"] = .bool(vendor.isActive)
      stamp(&row, created: now, written: now)
      reserveID("res.partner", id)
      put("res.partner", id, row)
      recompute("res.partner", id, now: now, uid: SeedIDs.odooBot)
      bindXMLID("farmacy_demo.vendor_\(vendor.id)", model: "res.partner", id: id, now: now, uid: SeedIDs.odooBot)
    }
    var unitIDs: [String: Int] = ["Units": SeedIDs.units]
    func unitID(_ name: String) -> Int {
      if let id = unitIDs[name] { return id }
      let id = nextID("uom.uom")
      var row = defaultValues("uom.uom", env: system)
      row["id"] = .int(id)
      row["name"] = .string(name)
      if version != .v19 { row["uom_type"] = "bigger" }
      stamp(&row, created: now, written: now)
      put("uom.uom", id, row)
      unitIDs[name] = id
      return id
    }
    reserveID("uom.uom", 1)
    func taxID(_ rate: Percentage) -> Int {
      switch rate.basisPoints {
      case 1_000: 1
      case 2_000: 2
      default: 3
      }
    }
    for product in catalogue.products {
      let id = Int(product.id)
      let uom = unitID(product.unit)
      var template = defaultValues("product.template", env: system)
      template["id"] = .int(id)
      template["name"] = .string(product.name)
      template["default_code"] = .string(product.code)
      template["barcode"] = .string(product.barcode)
      template["uom_id"] = .int(uom)
      if version != .v19 { template["uom_po_id"] = .int(uom) }
      template["standard_price"] = .double(Double(product.standardPriceMinor) / 100)
      template["list_price"] = .double(Double(product.standardPriceMinor) * 1.6 / 100)
      template["supplier_taxes_id"] = [.int(taxID(product.taxRate))]
      template["description_purchase"] =
        product.isControlled ? "Controlled substance: check the register on receipt." : .null
      template["active"] = .bool(product.isActive)
      if version == .v17 {
        template["type"] = "product"; template["detailed_type"] = "product"
      } else {
        template["is_storable"] = true
      }
      stamp(&template, created: now, written: now)
      reserveID("product.template", id)
      put("product.template", id, template)
      var variant = defaultValues("product.product", env: system)
      variant["id"] = .int(id)
      variant["product_tmpl_id"] = .int(id)
      variant["default_code"] = .string(product.code)
      variant["barcode"] = .string(product.barcode)
      variant["active"] = .bool(product.isActive)
      stamp(&variant, created: now, written: now)
      reserveID("product.product", id)
      put("product.product", id, variant)
      bindXMLID("farmacy_demo.product_\(product.id)", model: "product.product", id: id, now: now, uid: SeedIDs.odooBot)
    }
    for entry in catalogue.catalogue {
      let id = Int(entry.id)
      var row = defaultValues("product.supplierinfo", env: system)
      row["id"] = .int(id)
      row["partner_id"] = .int(Int(entry.vendorID) + SeedIDs.vendorPartnerOffset)
      row["product_tmpl_id"] = .int(Int(entry.productID))
      row["product_code"] = entry.vendorProductCode.isEmpty ? .null : .string(entry.vendorProductCode)
      row["product_name"] = entry.vendorProductName.isEmpty ? .null : .string(entry.vendorProductName)
      row["min_qty"] = .double(entry.minQuantity.odooValue)
      row["price"] = .double(Double(entry.priceMinor) / 100)
      row["currency_id"] = .int(currencyID(entry.currency))
      row["delay"] = .int(entry.leadTimeDays)
      stamp(&row, created: now, written: now)
      reserveID("product.supplierinfo", id)
      put("product.supplierinfo", id, row)
      bindXMLID(
        "farmacy_demo.supplierinfo_\(entry.id)", model: "product.supplierinfo", id: id, now: now, uid: SeedIDs.odooBot)
    }
    for order in generator.orders {
      guard let id = order.odooID else { continue }
      let written = order.dateApprove ?? order.dateOrder
      var row = defaultValues("purchase.order", env: system)
      row["id"] = .int(id)
      row["name"] = .string(order.reference)
      row["partner_id"] = order.vendorID.map { .int(Int($0) + SeedIDs.vendorPartnerOffset) } ?? .null
      switch (order.state, version.hasLockedFlag) {
      case (.locked, true):
        row["state"] = "purchase"
        row["locked"] = true
      default:
        row["state"] = .string(order.state.rawValue)
      }
      row["priority"] = .string(order.priority.rawValue)
      row["currency_id"] = .int(currencyID(order.currency))
      row["date_order"] = .dateTime(order.dateOrder)
      row["date_approve"] = order.dateApprove.map(OdooValue.dateTime) ?? .null
      row["partner_ref"] = order.vendorReference.isEmpty ? .null : .string(order.vendorReference)
      row["origin"] = order.origin.isEmpty ? .null : .string(order.origin)
      row[version.orderNotesField] = order.notes.isEmpty ? .null : .string(order.notes)
      row["user_id"] = .int(SeedIDs.admin)
      if order.state.isConfirmed {
        row["receipt_status"] = order.hasDoneReceipt ? "full" : "pending"
        row["incoming_picking_count"] = 1
      }
      if order.hasActiveVendorBill {
        row["invoice_count"] = 1
        row["invoice_status"] = "invoiced"
      }
      stamp(&row, created: order.dateOrder, written: written)
      reserveID("purchase.order", id)
      put("purchase.order", id, row)
      for line in order.lines {
        guard let lineID = line.odooID else { continue }
        var lineRow = defaultValues("purchase.order.line", env: system)
        lineRow["id"] = .int(lineID)
        lineRow["order_id"] = .int(id)
        lineRow["sequence"] = .int(line.sequence)
        lineRow["name"] = .string(line.description)
        lineRow["product_id"] = line.productID.map { .int(Int($0)) } ?? .null
        lineRow["product_qty"] = .double(line.quantity.odooValue)
        lineRow[version.lineUoMField] = .int(unitID(line.unit))
        lineRow["price_unit"] = .double(Double(line.unitPriceMinor) / 100)
        lineRow["discount"] = .double(line.discount.odooValue)
        lineRow[version.lineTaxesField] = [.int(taxID(line.taxRate))]
        lineRow["date_planned"] = line.datePlanned.map(OdooValue.dateTime) ?? .null
        if order.hasDoneReceipt { lineRow["qty_received"] = .double(line.quantity.odooValue) }
        if order.hasActiveVendorBill { lineRow["qty_invoiced"] = .double(line.quantity.odooValue) }
        stamp(&lineRow, created: order.dateOrder, written: written)
        reserveID("purchase.order.line", lineID)
        put("purchase.order.line", lineID, lineRow)
        recompute("purchase.order.line", lineID, now: written, uid: SeedIDs.odooBot, propagate: false)
      }
      recompute("purchase.order", id, now: written, uid: SeedIDs.odooBot)
      if let planned = order.datePlanned { putField("purchase.order", id, "date_planned", .dateTime(planned)) }
    }
    nextOrderNumber = max(nextOrderNumber, generator.count + 1)
  }
}
