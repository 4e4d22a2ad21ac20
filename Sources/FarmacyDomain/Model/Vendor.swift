import Foundation

/// A supplier the pharmacy buys from: an Odoo `res.partner` with a positive `supplier_rank`.
package struct Vendor: Identifiable, Hashable, Sendable, Codable {
  /// The local row id. Stable for the life of the database; not Odoo's id.
  package typealias ID = Int64

  /// What kind of business the vendor is; shown in pickers and used by the demo data.
  package enum Kind: String, Sendable, Codable, CaseIterable {
    case wholesaler, compoundingLab = "compounding_lab", petFood = "pet_food", manufacturer, other
  }

  package var id: ID
  package var odooID: Int?
  package var name: String
  package var kind: Kind
  package var email: String
  package var phone: String
  /// ISO 3166 alpha-2 country code, or empty.
  package var countryCode: String
  /// The currency purchase orders with this vendor use by default.
  package var currency: CurrencyCode
  package var isActive: Bool

  package init(
    id: ID, odooID: Int? = nil, name: String, kind: Kind = .wholesaler, email: String = "", phone: String = "",
    countryCode: String = "", currency: CurrencyCode = .eur, isActive: Bool = true
  ) {
    self.id = id
    self.odooID = odooID
    self.name = name
    self.kind = kind
    self.email = email
    self.phone = phone
    self.countryCode = countryCode
    self.currency = currency
    self.isActive = isActive
  }
}
