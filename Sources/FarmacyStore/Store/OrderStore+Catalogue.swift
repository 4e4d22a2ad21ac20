import FarmacyDomain
import Foundation
import GRDB

// MARK: - Vendors, products and the vendor catalogue

extension OrderStore {
  /// Inserts or replaces vendors, products and catalogue entries by their ids, in one transaction.
  package func upsertCatalogue(vendors: [Vendor], products: [Product], entries: [CatalogueEntry]) throws {
    try write { db in
      let vendorStatement = try db.cachedStatement(
        sql: """
          INSERT INTO vendor (id, odoo_id, name, kind, email, phone, country_code, currency, is_active)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT(id) DO UPDATE SET odoo_id = excluded.odoo_id, name = excluded.name, kind = excluded.kind,
            email = excluded.email, phone = excluded.phone, country_code = excluded.country_code,
            currency = excluded.currency, is_active = excluded.is_active
          """)
      for vendor in vendors {
        try vendorStatement.execute(arguments: [
          vendor.id, vendor.odooID, vendor.name, vendor.kind.rawValue, vendor.email, vendor.phone, vendor.countryCode,
          vendor.currency.rawValue, vendor.isActive,
        ])
      }
      let productStatement = try db.cachedStatement(
        sql: """
          INSERT INTO product (id, odoo_id, code, name, form, unit, standard_price_minor, tax_rate_bp,
            is_controlled, barcode, is_active)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT(id) DO UPDATE SET odoo_id = excluded.odoo_id, code = excluded.code, name = excluded.name,
            form = excluded.form, unit = excluded.unit, standard_price_minor = excluded.standard_price_minor,
            tax_rate_bp = excluded.tax_rate_bp, is_controlled = excluded.is_controlled, barcode = excluded.barcode,
            is_active = excluded.is_active
          """)
      for product in products {
        try productStatement.execute(arguments: [
          product.id, product.odooID, product.code, product.name, product.form.rawValue, product.unit,
          product.standardPriceMinor, product.taxRate.basisPoints, product.isControlled, product.barcode,
          product.isActive,
        ])
      }
      let entryStatement = try db.cachedStatement(
        sql: """
          INSERT INTO catalogue_entry (id, odoo_id, vendor_id, product_id, vendor_product_code, vendor_product_name,
            min_quantity_milli, price_minor, currency, lead_time_days)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT(id) DO UPDATE SET odoo_id = excluded.odoo_id, vendor_id = excluded.vendor_id,
            product_id = excluded.product_id, vendor_product_code = excluded.vendor_product_code,
            vendor_product_name = excluded.vendor_product_name, min_quantity_milli = excluded.min_quantity_milli,
            price_minor = excluded.price_minor, currency = excluded.currency, lead_time_days = excluded.lead_time_days
          """)
      for entry in entries {
        try entryStatement.execute(arguments: [
          entry.id, entry.odooID, entry.vendorID, entry.productID, entry.vendorProductCode, entry.vendorProductName,
          entry.minQuantity.thousandths, entry.priceMinor, entry.currency.rawValue, entry.leadTimeDays,
        ])
      }
    }
  }

  /// All vendors, by name.
  package func vendors(includingInactive: Bool = false) throws -> [Vendor] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: "SELECT \(Self.vendorColumns) FROM vendor \(includingInactive ? "" : "WHERE is_active") ORDER BY name COLLATE NOCASE, id"
      ).map(Self.vendor(from:))
    }
  }

  package func vendor(id: Vendor.ID) throws -> Vendor? {
    try read { db in
      try Row.fetchOne(db, sql: "SELECT \(Self.vendorColumns) FROM vendor WHERE id = ?", arguments: [id])
        .map(Self.vendor(from:))
    }
  }

  /// Finds the vendor a person meant: an id, an exact name (any case), or a name that only one
  /// vendor contains.
  ///
  /// - Throws: ``StoreError`` `.notFound` naming the candidates when the text is ambiguous or
  ///   matches nothing.
  package func vendor(matching text: String) throws -> Vendor {
    let all = try vendors(includingInactive: true)
    if let id = Int64(text), let vendor = all.first(where: { $0.id == id }) { return vendor }
    let needle = text.trimmingCharacters(in: .whitespaces).lowercased()
    if let exact = all.first(where: { $0.name.lowercased() == needle }) { return exact }
    let partial = all.filter { $0.name.lowercased().contains(needle) }
    if partial.count == 1 { return partial[0] }
    if partial.isEmpty {
      throw StoreError(code: .notFound, path: path, detail: "no vendor matches \"\(text)\"")
    }
    let names = partial.prefix(5).map { "\($0.name) (\($0.id))" }.joined(separator: ", ")
    throw StoreError(code: .notFound, path: path, detail: "\"\(text)\" matches several vendors: \(names)")
  }

  /// At most `limit` active vendors whose name contains `text` in any case, by name; every
  /// active vendor for an empty text.
  ///
  /// The text is compared as it is, never put into SQL, so `%`, `_` and quotes match only
  /// themselves.
  package func searchVendors(_ text: String, limit: Int = 50) throws -> [Vendor] {
    let needle = text.trimmingCharacters(in: .whitespaces).lowercased()
    let active = try vendors()
    guard !needle.isEmpty else { return Array(active.prefix(limit)) }
    return Array(active.lazy.filter { $0.name.lowercased().contains(needle) }.prefix(limit))
  }

  package func products() throws -> [Product] {
    try read { db in
      try Row.fetchAll(db, sql: "SELECT \(Self.productColumns) FROM product ORDER BY code, id").map { Self.product(from: $0) }
    }
  }

  package func product(id: Product.ID) throws -> Product? {
    try read { db in
      try Row.fetchOne(db, sql: "SELECT \(Self.productColumns) FROM product WHERE id = ?", arguments: [id])
        .map { Self.product(from: $0) }
    }
  }

  /// The product with internal reference `code` (any case).
  package func product(code: String) throws -> Product? {
    try read { db in
      try Row.fetchOne(
        db, sql: "SELECT \(Self.productColumns) FROM product WHERE code = ? COLLATE NOCASE", arguments: [code]
      ).map { Self.product(from: $0) }
    }
  }

  /// The vendor's catalogue, optionally narrowed to products whose code or name contains `search`.
  package func catalogue(vendorID: Vendor.ID, search: String = "") throws -> [CatalogueEntry] {
    try read { db in
      try Row.fetchAll(db, sql: Self.catalogueSQL(columns: ""), arguments: Self.catalogueArguments(vendorID, search))
        .map(Self.catalogueEntry(from:))
    }
  }

  /// The vendor's catalogue entries for active products, each with its product, in one query:
  /// what the product picker lists. Sorted by product code, then by minimum quantity.
  package func catalogueWithProducts(vendorID: Vendor.ID, search: String = "") throws
    -> [(entry: CatalogueEntry, product: Product)]
  {
    let productColumns = Self.productColumns.split(separator: ", ").map { ", p.\($0)" }.joined()
    return try read { db in
      try Row.fetchAll(
        db, sql: Self.catalogueSQL(columns: productColumns, activeOnly: true),
        arguments: Self.catalogueArguments(vendorID, search)
      ).map { row in
        (Self.catalogueEntry(from: row), Self.product(from: row, first: 10))
      }
    }
  }

  private static func catalogueSQL(columns: String, activeOnly: Bool = false) -> String {
    """
    SELECT e.id, e.odoo_id, e.vendor_id, e.product_id, e.vendor_product_code, e.vendor_product_name,
      e.min_quantity_milli, e.price_minor, e.currency, e.lead_time_days\(columns)
    FROM catalogue_entry e JOIN product p ON p.id = e.product_id
    WHERE e.vendor_id = ?\(activeOnly ? " AND p.is_active" : "") AND (p.code LIKE ? ESCAPE '\\'
      OR p.name LIKE ? ESCAPE '\\' OR e.vendor_product_code LIKE ? ESCAPE '\\')
    ORDER BY p.code, e.min_quantity_milli
    """
  }

  private static func catalogueArguments(_ vendorID: Vendor.ID, _ search: String) -> StatementArguments {
    let like = "%" + escapeLike(search) + "%"
    return [vendorID, like, like, like]
  }

  private static func catalogueEntry(from row: Row) -> CatalogueEntry {
    let currencyText: String = row[8]
    return CatalogueEntry(
      id: row[0], odooID: row[1], vendorID: row[2], productID: row[3], vendorProductCode: row[4],
      vendorProductName: row[5], minQuantity: Quantity(thousandths: row[6]), priceMinor: row[7],
      currency: CurrencyCode(currencyText) ?? .eur, leadTimeDays: row[9])
  }

  static let vendorColumns = "id, odoo_id, name, kind, email, phone, country_code, currency, is_active"
  static let productColumns =
    "id, odoo_id, code, name, form, unit, standard_price_minor, tax_rate_bp, is_controlled, barcode, is_active"

  static func vendor(from row: Row) -> Vendor {
    let kind: String = row[3]
    let currency: String = row[7]
    return Vendor(
      id: row[0], odooID: row[1], name: row[2], kind: Vendor.Kind(rawValue: kind) ?? .other, email: row[4],
      phone: row[5], countryCode: row[6], currency: CurrencyCode(currency) ?? .eur, isActive: row[8])
  }

  /// The product in `row`'s columns from `first` on, in the order of ``productColumns``.
  static func product(from row: Row, first: Int = 0) -> Product {
    let form: String = row[first + 4]
    return Product(
      id: row[first], odooID: row[first + 1], code: row[first + 2], name: row[first + 3],
      form: Product.Form(rawValue: form) ?? .consumable, unit: row[first + 5], standardPriceMinor: row[first + 6],
      taxRate: Percentage(basisPoints: row[first + 7]), isControlled: row[first + 8], barcode: row[first + 9],
      isActive: row[first + 10])
  }

  /// Escapes `%`, `_` and `\` for a `LIKE … ESCAPE '\'` pattern.
  static func escapeLike(_ text: String) -> String {
    var escaped = ""
    for character in text {
      if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
      escaped.append(character)
    }
    return escaped
  }
}
