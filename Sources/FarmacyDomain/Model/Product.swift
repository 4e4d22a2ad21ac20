import Foundation

/// Something the pharmacy buys: an Odoo `product.product` variant.
package struct Product: Identifiable, Hashable, Sendable, Codable {
  package typealias ID = Int64

  /// The dosage form or kind of goods; drives the unit and shelf handling.
  package enum Form: String, Sendable, Codable, CaseIterable {
    case tablet, capsule, oralSuspension = "oral_suspension", injectable, vaccine, topical, consumable
    case prescriptionDiet = "prescription_diet"
  }

  package var id: ID
  package var odooID: Int?
  /// The internal reference (`default_code`), unique within the catalogue, e.g. `TAB-00042`.
  package var code: String
  package var name: String
  package var form: Form
  /// The purchase unit of measure, e.g. `Box of 100` or `Vial 10 ml`.
  package var unit: String
  /// Cost in the company currency's minor units (`standard_price`).
  package var standardPriceMinor: Int64
  /// Default vendor tax rate (`supplier_taxes_id`), simplified to one rate.
  package var taxRate: Percentage
  /// A controlled substance (opioids, ketamine, benzodiazepines, barbiturates…). Lines with such
  /// products are never settled by an automatic conflict rule.
  package var isControlled: Bool
  package var barcode: String
  package var isActive: Bool

  package init(
    id: ID, odooID: Int? = nil, code: String, name: String, form: Form, unit: String,
    standardPriceMinor: Int64, taxRate: Percentage = .zero, isControlled: Bool = false, barcode: String = "",
    isActive: Bool = true
  ) {
    self.id = id
    self.odooID = odooID
    self.code = code
    self.name = name
    self.form = form
    self.unit = unit
    self.standardPriceMinor = standardPriceMinor
    self.taxRate = taxRate
    self.isControlled = isControlled
    self.barcode = barcode
    self.isActive = isActive
  }

  /// `"[TAB-00042] Carprofen 50 mg"`, as Odoo's `display_name` shows a product with a code.
  package var displayName: String { code.isEmpty ? name : "[\(code)] \(name)" }
}
