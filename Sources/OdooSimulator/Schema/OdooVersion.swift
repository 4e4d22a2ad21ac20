/// The Odoo release the simulator impersonates: what differs between 17.0, 18.0 and 19.0 on the
/// purchase flow (odoo-api.md §0).
package enum OdooVersion: String, Sendable, CaseIterable, Codable {
  case v17 = "17.0"
  case v18 = "18.0"
  case v19 = "19.0"

  package var major: Int {
    switch self {
    case .v17: 17
    case .v18: 18
    case .v19: 19
    }
  }

  /// `common.version()` and `/web/webclient/version_info`.
  package var versionInfo: OdooValue {
    [
      "server_version": .string(rawValue),
      "server_version_info": [.int(major), 0, 0, "final", 0, ""],
      "server_serie": .string(rawValue),
      "protocol_version": 1,
    ]
  }

  /// JSON-2 (`/json/2/…`) and `GET /web/version` exist from 19 on.
  package var hasJSON2: Bool { self == .v19 }
  /// 19 replaced the `done` state ("Locked") by a boolean `locked` on `purchase` orders.
  package var hasLockedFlag: Bool { self == .v19 }
  /// `product_uom` (≤ 18) or `product_uom_id` (19) on `purchase.order.line`.
  package var lineUoMField: String { self == .v19 ? "product_uom_id" : "product_uom" }
  /// `taxes_id` (≤ 18) or `tax_ids` (19) on `purchase.order.line`.
  package var lineTaxesField: String { self == .v19 ? "tax_ids" : "taxes_id" }
  /// `notes` (≤ 18) or `note` (19) on `purchase.order`.
  package var orderNotesField: String { self == .v19 ? "note" : "notes" }
  /// The second parameter of `name_search`: `args` (≤ 18) or `domain` (19).
  package var nameSearchDomainParameter: String { self == .v19 ? "domain" : "args" }
}
