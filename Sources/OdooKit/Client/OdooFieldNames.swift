/// The purchase field names that differ between Odoo versions, in one place.
///
/// Chosen from the version first, then confirmed against `fields_get` when connecting, because
/// SaaS builds and patched installs do not always follow the release they claim.
package struct OdooFieldNames: Sendable, Equatable {
  /// `product_uom` (≤ 18) or `product_uom_id` (19).
  package var lineUnit: String
  /// `taxes_id` (≤ 18) or `tax_ids` (19).
  package var lineTaxes: String
  /// `notes` (≤ 18) or `note` (19).
  package var orderNotes: String
  /// How a locked order is told: state `done` (≤ 18) or a boolean `locked` (19).
  package var locksWithBoolean: Bool

  package init(version: OdooServerVersion) {
    let modern = version.major >= 19
    lineUnit = modern ? "product_uom_id" : "product_uom"
    lineTaxes = modern ? "tax_ids" : "taxes_id"
    orderNotes = modern ? "note" : "notes"
    locksWithBoolean = modern
  }

  /// Adjusts the names to the fields the server really has.
  package mutating func confirm(orderFields: Set<String>, lineFields: Set<String>) {
    if !lineFields.contains(lineUnit) {
      if lineFields.contains("product_uom_id") { lineUnit = "product_uom_id" }
      if lineFields.contains("product_uom") { lineUnit = "product_uom" }
    }
    if !lineFields.contains(lineTaxes) {
      if lineFields.contains("tax_ids") { lineTaxes = "tax_ids" }
      if lineFields.contains("taxes_id") { lineTaxes = "taxes_id" }
    }
    if !orderFields.contains(orderNotes) {
      if orderFields.contains("note") { orderNotes = "note" }
      if orderFields.contains("notes") { orderNotes = "notes" }
    }
    if orderFields.contains("locked") { locksWithBoolean = true }
  }
}
