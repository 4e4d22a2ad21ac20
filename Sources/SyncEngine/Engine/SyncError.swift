import Foundation
import OdooKit

/// Why the engine could not do something, beyond what ``OdooError`` says about the wire.
package enum SyncError: Error, Sendable, Equatable, CustomStringConvertible {
  /// Odoo answered something the engine cannot read as an order.
  case malformed(String)
  /// A vendor or product has no Odoo id yet (pull the catalogue first).
  case unmapped(String)
  /// Another engine holds this database.
  case engineBusy(holder: String)
  /// The engine stopped.
  case stopped
  /// No such job, conflict or order.
  case notFound(String)
  /// The request does not fit (a resolution naming a field that is not in conflict…).
  case invalid(String)

  package var description: String {
    switch self {
    case .malformed(let detail): "Odoo's reply could not be read: \(detail)"
    case .unmapped(let detail): detail
    case .engineBusy(let holder): "another sync engine (\(holder)) is running on this database"
    case .stopped: "the sync engine has stopped"
    case .notFound(let detail): detail
    case .invalid(let detail): detail
    }
  }
}
