import FarmacyDomain
import FarmacyStore
import Foundation
import SyncEngine
import TerminalKit

/// Where a loaded page goes in the order window.
package enum PagePlacement: Hashable, Sendable {
  /// A new first page (new query, Home).
  case top
  /// The last page of the list (End); its rows are the list's last.
  case bottom
  /// Below the window.
  case below
  /// Above the window.
  case above
  /// The window loaded again in place, after orders changed.
  case refresh
}

/// A page request: the query with its cursor, and where the answer goes.
package struct PageRequest: Hashable, Sendable {
  package var query: OrderQuery
  package var generation: Int
  package var placement: PagePlacement
}

/// Everything that can happen to the app, named after what happened.
package enum AppAction: Equatable, Sendable {
  /// The app started at this time; first loads go out.
  case appStarted
  case keyPressed(KeyEvent)
  /// The left mouse button was pressed on this cell.
  case mouseClicked(Position)
  /// The mouse wheel turned one step, down or up, over this cell.
  case mouseScrolled(Position, down: Bool)
  case terminalResized(Size)
  /// A second passed (ages, toasts, live panes).
  case clockTicked(Date)

  case orderPageLoaded(PageRequest, OrderPage)
  case orderCountLoaded(generation: Int, count: Int)
  /// An order and the newest entries of its audit trail.
  case orderDetailLoaded(StoredOrder, history: [AuditEntry] = [])
  case orderSaved(SavedOrder, summary: String, kind: SaveKind = .saved)
  /// A save or workflow step failed: `orderID` is the order edited (`nil` for a new order).
  case orderOperationFailed(String, kind: SaveKind = .saved, orderID: UUID? = nil)
  /// The vendor's products matching the picker's search number `generation`.
  case catalogueSearched(generation: Int, offers: [CatalogueOffer])
  /// The vendors whose name contains the vendor picker's search number `generation`.
  case vendorsSearched(generation: Int, vendors: [Vendor])
  /// The offers of `vendorID`'s catalogue for the products of the order changing to it.
  case vendorOffersLoaded(vendorID: Vendor.ID, offers: [CatalogueOffer])
  /// The audit trail of one order (or of every order, `nil`), newest first.
  case auditLoaded(orderID: UUID?, entries: [AuditEntry])
  /// The vendor typed after `:vendor` was found.
  case vendorFound(id: Vendor.ID, name: String)

  case queueLoaded(jobs: [OutboxJob], counts: [OutboxJob.State: Int], oldest: [OutboxJob.State: Date])
  case conflictsLoaded([StoredConflict])
  case healthSampled(HealthSample)

  case syncEventReceived(SyncEvent, at: Date)
  /// The engine answered a command.
  case syncCommandAnswered(SyncCommand, answer: String)
  case syncCommandFailed(SyncCommand, error: String)
  /// A theme asked for with `:theme` was read (the default, with a warning, when it could not be).
  case themeLoaded(Theme, warning: String?)
  /// The demo's simulated Odoo went down for this long.
  case demoOutageStarted(seconds: Double)
  /// A load (a page, the queue, the conflicts, a detail) failed.
  case loadFailed(Effect, error: String)
}

/// Work the reducer asks the runtime to do. Data only: the runtime performs it and reports
/// back with an ``AppAction``.
package enum Effect: Equatable, Sendable {
  case loadOrderPage(PageRequest)
  case countOrders(OrderQuery, generation: Int)
  case loadOrderDetail(UUID)
  case performOrderAction(OrderAction, orderID: UUID)
  /// Save an edit of `base`, the order as it was read when the edit began: the store merges it
  /// with whatever changed since, or refuses when the same fields changed.
  case saveOrder(PurchaseOrder, base: PurchaseOrder)
  case createOrder(NewOrderForm)
  /// Find the vendor's products whose code or name contains `text`.
  case searchCatalogue(vendorID: Vendor.ID, text: String, generation: Int)
  /// Find the vendors whose name contains `text` (any case).
  case searchVendors(text: String, generation: Int)
  /// Read the vendor's catalogue offers for these products, to re-price an order's lines.
  case loadVendorOffers(vendorID: Vendor.ID, productIDs: [Product.ID])
  case loadQueue
  /// Read the audit trail of one order, or of every order.
  case loadAudit(orderID: UUID?)
  /// Find the vendor whose name (or part of it, or id) was typed.
  case findVendor(String)
  case loadConflicts
  case sampleHealth
  case sendSyncCommand(SyncCommand)
  /// Read a theme by name or path.
  case loadTheme(String)
  /// Demo only: make the simulated Odoo refuse connections for a while.
  case startDemoOutage(seconds: Double)
  case quit
}
