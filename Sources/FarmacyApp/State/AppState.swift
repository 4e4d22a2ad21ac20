import FarmacyDomain
import FarmacyStore
import Foundation
import SyncEngine
import TerminalKit

/// One of the app's panes.
package enum Pane: Int, CaseIterable, Hashable, Sendable {
  case orders, queue, health, conflicts

  package var title: String {
    switch self {
    case .orders: "Orders"
    case .queue: "Sync queue"
    case .health: "Health"
    case .conflicts: "Conflicts"
    }
  }
}

/// How the screen is divided at a size.
package enum ScreenLayout: Hashable, Sendable {
  /// Orders, queue and health side by side (160×45 and more).
  case dashboard
  /// One pane at a time, chosen with tabs.
  case tabs
  /// Too small to be useful: a message says how much room is needed.
  case tooSmall

  package static let minimumSize = Size(width: 60, height: 16)
  package static let dashboardSize = Size(width: 160, height: 45)

  package init(size: Size) {
    if size.width < Self.minimumSize.width || size.height < Self.minimumSize.height {
      self = .tooSmall
    } else if size.width >= Self.dashboardSize.width && size.height >= Self.dashboardSize.height {
      self = .dashboard
    } else {
      self = .tabs
    }
  }
}

/// Where the app is connected: the embedded demo, or a configured Odoo.
package enum Connection: Hashable, Sendable {
  case demo(url: String)
  case odoo(url: String)

  package var url: String {
    switch self {
    case .demo(let url), .odoo(let url): url
    }
  }

  package var isDemo: Bool { if case .demo = self { true } else { false } }
}

/// A toast on screen until `expires`.
package struct ToastItem: Hashable, Sendable {
  package var message: String
  package var kind: Toast.Kind
  package var expires: Date
}

/// Something that waits for a "yes" in a confirmation dialog.
package enum PendingOperation: Hashable, Sendable {
  case orderAction(OrderAction, orderID: UUID, reference: String)
  case retryJob(id: Int64, reference: String)
  case retryAllDead
  /// Retry these dead jobs, chosen in the retry preview by `filter`.
  case retryJobs(ids: [Int64], filter: String)
  case discardJob(id: Int64, reference: String)
  case removeLine(orderID: UUID, lineID: UUID)
  /// Save the order moved to another vendor, its lines re-priced, as the dialog showed it.
  case changeVendor(PurchaseOrder, base: PurchaseOrder)
  /// Submit an order Odoo has never had, through the submission saga.
  case submitOrder(orderID: UUID, reference: String)
  case resolve(orderID: UUID, reference: String, take: MergeSide, fields: [String: MergeSide], keepBoth: [String])
}

/// A confirmation dialog: a question and the operation a "yes" runs.
package struct ConfirmationState: Hashable, Sendable {
  package var title: String
  package var message: String
  package var confirmLabel: String
  package var operation: PendingOperation
  /// 0: confirm, 1: cancel. Cancel is selected first, so a stray Enter does nothing harmful.
  package var selectedButton = 1
}

/// A form's save on its way to the store.
package enum FormSave: Hashable, Sendable {
  case newOrder
  case order(UUID)
}

/// What a save's answer is about, so it is matched with the form that sent it, if any.
package enum SaveKind: Hashable, Sendable {
  /// A new order was created.
  case created
  /// An edit of an existing order was saved.
  case saved
  /// A workflow step (confirm, cancel…) was taken.
  case stepTaken
}

/// The orders pane: the query, the loaded window, the selection and the detail view.
package struct OrdersState: Hashable, Sendable {
  package static let pageSize = 100

  package var query = OrderQuery(limit: OrdersState.pageSize)
  package var window = OrderWindow()
  /// How many orders match the query; `nil` until counted.
  package var total: Int?
  package var table = TableState(selected: 0)
  /// Bumped on every new query, so answers to older queries are ignored.
  package var generation = 0
  /// Numbers every search of the product and vendor pickers, across pickers, so an answer to a
  /// picker closed meanwhile is never taken for the current one's.
  package var pickerSearches = 0
  /// A page request is on its way.
  package var isLoading = false
  /// Orders changed (a save, a pull): load the window again at the next tick.
  package var needsRefresh = false
  /// The search being typed after `/`, `nil` when not searching.
  package var searchInput: TextInputState?
  /// The order shown in detail, once loaded.
  package var detail: StoredOrder?
  /// The detail was asked for this order and is on its way.
  package var detailRequested: UUID?
  /// The newest audit entries of the order in detail, newest first.
  package var history: [AuditEntry] = []
  /// The selected line of the order in detail.
  package var selectedLine = 0
  /// The edit form, when editing: the header's fields or one line's.
  package var form: FormState?
  /// The product picker, open while choosing a product for a new line.
  package var picker: ProductPickerState?
  /// The line the form adds to the order in detail; `nil` when the form edits what exists.
  package var newLine: OrderLine?
  /// The catalogue offer the new line came from, so its price follows the quantity's tier.
  package var newLineOffer: CatalogueOffer?
  /// The form is for a new order, not the one in detail.
  package var isCreating = false
  /// The open form's save, sent to the store and not answered yet: a second save waits, and
  /// only this save's answer closes the form.
  package var formSave: FormSave?
  /// The order in detail changed while a form was open on it: read it again when the form closes.
  package var detailIsStale = false
  /// The vendor picker, open while choosing the new order's vendor or a new vendor for the
  /// order in detail.
  package var vendorPicker: VendorPickerState?
  /// The vendor chosen in the vendor picker for the form in front; it applies while the form's
  /// vendor field still shows its name.
  package var chosenVendor: Vendor?
  /// The order in detail moving to another vendor: its lines re-priced from that vendor's
  /// catalogue, shown before saving.
  package var vendorChange: VendorChange?
  /// What the form edits: the header (`nil`) or the line with this id.
  package var formLine: UUID?
  package var formError: String?
  /// What is wrong with each field of the form, by field index, shown under the field.
  package var fieldErrors: [Int: String] = [:]

  /// The vendor the list is narrowed to, by name, when ``OrderQuery/vendorID`` is set.
  package var vendorFilterName: String?

  package var rowCount: Int { total ?? window.end }
  package var selectedOrder: OrderSummary? { table.selected.flatMap { window.order(at: $0) } }
}

/// A product of a vendor's catalogue, as the product picker lists it.
package struct CatalogueOffer: Hashable, Sendable {
  /// The entry for the smallest quantity: the terms a new line starts from.
  package var entry: CatalogueEntry
  package var product: Product
  /// Every entry of the vendor for the product: prices by minimum quantity.
  package var tiers: [CatalogueEntry]

  package init(entry: CatalogueEntry, product: Product, tiers: [CatalogueEntry]? = nil) {
    self.entry = entry
    self.product = product
    self.tiers = tiers ?? [entry]
  }

  /// The terms for `quantity`: the tier with the largest minimum quantity not above it.
  package func entry(for quantity: Quantity) -> CatalogueEntry {
    tiers.bestEntry(vendorID: entry.vendorID, productID: product.id, quantity: quantity) ?? entry
  }

  /// The price per unit for `quantity`, from its tier.
  package func priceMinor(for quantity: Quantity) -> Int64 { entry(for: quantity).priceMinor }
}

/// A picker that searches as its text is typed, numbering its searches so that answers to
/// older ones are ignored.
package protocol SearchingPicker {
  var input: TextInputState { get set }
  var generation: Int { get set }
  var isLoading: Bool { get set }
}

extension SearchingPicker {
  /// Applies an editing key to the search; when the text changed, the next search is numbered
  /// from `searches` and due, and the result is `true`.
  mutating func editSearch(with key: KeyEvent, searches: inout Int) -> Bool {
    let before = input.text
    input.handle(key)
    guard input.text != before else { return false }
    startSearch(numberedFrom: &searches)
    return true
  }

  /// Numbers the next search from `searches` and marks it under way.
  mutating func startSearch(numberedFrom searches: inout Int) {
    searches += 1
    generation = searches
    isLoading = true
  }
}

/// The product picker: the search typed so far and the vendor's products that match it.
package struct ProductPickerState: SearchingPicker, Hashable, Sendable {
  package var vendorID: Vendor.ID
  package var vendorName: String
  package var input = TextInputState()
  package var offers: [CatalogueOffer] = []
  package var list = ListState(selected: nil)
  /// The number of the latest search (see ``OrdersState/pickerSearches``); answers to older
  /// ones are ignored.
  package var generation = 0
  package var isLoading = false
  /// The chosen product goes into the new-order form's lines, not into the order in detail.
  package var isForNewOrder = false

  package init(vendorID: Vendor.ID, vendorName: String) {
    self.vendorID = vendorID
    self.vendorName = vendorName
  }

  package var selectedOffer: CatalogueOffer? {
    list.selected.flatMap { offers.indices.contains($0) ? offers[$0] : nil }
  }
}

/// What the vendor picker's choice is for.
package enum VendorPickerPurpose: Hashable, Sendable {
  /// The new order's vendor field.
  case newOrder
  /// The new order's vendor, then the product picker over its catalogue.
  case newOrderThenProducts
  /// The new order's vendor, then the order is created: the picker opened on saving.
  case newOrderThenSave
  /// Another vendor for the order in detail, from its header form.
  case orderVendor
}

/// The vendor picker: the search typed so far and the store's vendors whose name contains it.
package struct VendorPickerState: SearchingPicker, Hashable, Sendable {
  package var purpose: VendorPickerPurpose
  package var input: TextInputState
  package var vendors: [Vendor] = []
  package var list = ListState(selected: nil)
  /// The number of the latest search (see ``OrdersState/pickerSearches``); answers to older
  /// ones are ignored.
  package var generation = 0
  /// The number of the search the picker opened with.
  package var firstGeneration = 0
  package var isLoading = false

  package init(purpose: VendorPickerPurpose, search: String = "") {
    self.purpose = purpose
    self.input = TextInputState(text: search)
  }

  package var selectedVendor: Vendor? {
    list.selected.flatMap { vendors.indices.contains($0) ? vendors[$0] : nil }
  }
}

/// Another vendor for the order in detail, and that vendor's offers for the order's products.
package struct VendorChange: Hashable, Sendable {
  package var vendor: Vendor
  /// The new vendor's catalogue offers for the order's products; `nil` while being read.
  package var offers: [CatalogueOffer]?

  package init(vendor: Vendor, offers: [CatalogueOffer]? = nil) {
    self.vendor = vendor
    self.offers = offers
  }
}

/// What a person typed to create an order; the runtime looks the products up in the store.
package struct NewOrderForm: Hashable, Sendable {
  /// The vendor chosen in the vendor picker.
  package var vendorID: Vendor.ID
  /// Lines as `CODE:QTY` or `CODE:QTY@PRICE`.
  package var lines: [String]
  /// `YYYY-MM-DD` or empty.
  package var datePlanned: String
  package var notes: String

  package init(vendorID: Vendor.ID, lines: [String], datePlanned: String, notes: String) {
    self.vendorID = vendorID
    self.lines = lines
    self.datePlanned = datePlanned
    self.notes = notes
  }
}

/// The sync queue pane.
package struct QueueState: Hashable, Sendable {
  package var jobs: [OutboxJob] = []
  package var counts: [OutboxJob.State: Int] = [:]
  package var oldest: [OutboxJob.State: Date] = [:]
  package var table = TableState(selected: 0)
  package var isPaused = false
  package var isSyncing = false
  /// Something changed since the last load.
  package var isStale = true
  package var isLoading = false
  package var lastResult: String?
  /// The filter typed in the retry preview, `nil` when the preview is closed.
  package var retryFilter: TextInputState?
  /// The pull in progress, for the progress bar of a first (full) pull.
  package var pull: PullProgress?

  package var selectedJob: OutboxJob? { table.selected.flatMap { jobs.indices.contains($0) ? jobs[$0] : nil } }
}

/// How far a pull has come: the model being read and how many records of it so far.
package struct PullProgress: Hashable, Sendable {
  /// A first pull reads everything; later pulls only what changed.
  package var isFull: Bool
  package var model: String = ""
  package var done = 0
  package var total: Int?

  package init(isFull: Bool, model: String = "", done: Int = 0, total: Int? = nil) {
    self.isFull = isFull
    self.model = model
    self.done = done
    self.total = total
  }

  /// Done over total, when the total is known.
  package var ratio: Double? {
    guard let total, total > 0 else { return nil }
    return min(1, Double(done) / Double(total))
  }
}

/// The audit trail view: one order's entries or everyone's, newest first.
package struct AuditState: Hashable, Sendable {
  /// The order whose trail this is; `nil` for every order.
  package var orderID: UUID?
  /// What the trail is of: an order's reference, or "every order".
  package var subject: String
  package var entries: [AuditEntry] = []
  package var table = TableState(selected: nil)
  package var isLoading = true

  package init(orderID: UUID?, subject: String) {
    self.orderID = orderID
    self.subject = subject
  }
}

/// One breaker transition, for the history list.
package struct BreakerTransition: Hashable, Sendable {
  package var at: Date
  package var from: String
  package var to: String
  package var reason: String
}

/// What the health pane shows about the Odoo connection, sampled by the runtime.
package struct HealthSample: Equatable, Sendable {
  package var breakerState: String
  package var consecutiveFailures: Int
  package var failureThreshold: Int
  package var failureRate: Double
  package var server: String
  package var version: String?
  package var protocolName: String?
  package var metrics: SyncMetricsSnapshot

  package init(
    breakerState: String = "closed", consecutiveFailures: Int = 0, failureThreshold: Int = 5, failureRate: Double = 0,
    server: String = "", version: String? = nil, protocolName: String? = nil, metrics: SyncMetricsSnapshot = .init()
  ) {
    self.breakerState = breakerState
    self.consecutiveFailures = consecutiveFailures
    self.failureThreshold = failureThreshold
    self.failureRate = failureRate
    self.server = server
    self.version = version
    self.protocolName = protocolName
    self.metrics = metrics
  }
}

/// The health pane.
package struct HealthState: Equatable, Sendable {
  package static let historyLimit = 120

  package var sample = HealthSample()
  package var transitions: [BreakerTransition] = []
  /// Median push latency at each sample, oldest first.
  package var latencyHistory: [Double] = []
  package var lastPull: String?
}

/// The conflicts pane: open conflicts grouped by order, and the side picked for each field.
package struct ConflictsState: Hashable, Sendable {
  package struct OrderConflicts: Hashable, Sendable {
    package var orderID: UUID
    package var reference: String
    package var conflicts: [MergeConflict]
  }

  package var orders: [OrderConflicts] = []
  package var list = ListState(selected: 0)
  package var diff = DiffViewState(selected: 0)
  /// The side picked per field of the selected order; fields left out take ``defaultSide``.
  package var picks: [String: MergeSide] = [:]
  package var defaultSide: MergeSide = .local
  /// Keys of the selected order's lines, added on both sides, whose two copies are both kept.
  package var keepBoth: Set<String> = []
  /// Why the merge and its rules settled the selected order's other fields, from the audit
  /// entry that recorded the conflict; `nil` until loaded.
  package var reasons: [String]?
  package var isStale = true
  package var isLoading = false

  package var selectedOrder: OrderConflicts? {
    list.selected.flatMap { orders.indices.contains($0) ? orders[$0] : nil }
  }
}

/// Everything the screen shows, in one value: the reducer changes it, the views draw it.
package struct AppState: Equatable, Sendable {
  package var size = Size(width: 80, height: 24)
  package var now: Date
  package var role: Role
  package var readOnly: Bool
  package var connection: Connection
  package var actor: String
  /// The styles the screen is drawn with; `:theme NAME` changes them.
  package var theme: Theme

  package var pane = Pane.orders
  package var orders = OrdersState()
  package var queue = QueueState()
  package var health = HealthState()
  package var conflicts = ConflictsState()

  /// The key maps, from the defaults and the config file's `[keys]` table.
  package var keys = KeyMaps()
  /// The audit trail, when open over the panes.
  package var audit: AuditState?

  package var showsHelp = false
  /// Lines of help scrolled away at the top.
  package var helpScroll = 0
  package var confirmation: ConfirmationState?
  package var toasts: [ToastItem] = []
  /// A line for the status bar: the last thing that happened.
  package var message: String?
  /// The command being typed after `:`, `nil` when the palette is closed.
  package var palette: TextInputState?
  package var isQuitting = false

  package init(
    now: Date, role: Role = .staff, readOnly: Bool = false, connection: Connection = .demo(url: ""),
    actor: String = "farmacy", theme: Theme = .dark, size: Size = Size(width: 80, height: 24),
    keys: KeyMaps = KeyMaps()
  ) {
    self.keys = keys
    self.now = now
    self.role = role
    self.readOnly = readOnly
    self.connection = connection
    self.actor = actor
    self.theme = theme
    self.size = size
  }

  package var permissions: Permissions { Permissions(role: role, readOnly: readOnly) }
  package var layout: ScreenLayout { ScreenLayout(size: size) }
}
