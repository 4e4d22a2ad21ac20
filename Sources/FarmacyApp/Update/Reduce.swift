import FarmacyDomain
import FarmacyStore
import Foundation
import SyncEngine
import TerminalKit

/// The whole app logic: applies one action to the state and says what work to do next.
///
/// Pure and synchronous: nothing here touches the store, the network or the terminal, so
/// every rule can be tested by feeding actions and looking at the state and the effects.
package func reduce(_ state: inout AppState, _ action: AppAction) -> [Effect] {
  switch action {
  case .appStarted:
    state.queue.isLoading = true
    state.queue.isStale = false
    state.conflicts.isLoading = true
    state.conflicts.isStale = false
    return startQuery(&state) + [.loadQueue, .loadConflicts, .sampleHealth]

  case .keyPressed(let key):
    return handleKey(&state, key)

  case .mouseClicked(let position):
    return handleClick(&state, at: position)

  case .mouseScrolled(let position, let down):
    return handleWheel(&state, at: position, down: down)

  case .terminalResized(let size):
    state.size = size
    keepSelectionVisible(&state)
    return []

  case .clockTicked(let now):
    state.now = now
    state.toasts.removeAll { $0.expires <= now }
    return refreshStaleData(&state) + [.sampleHealth]

  case .orderPageLoaded(let request, let page):
    return placePage(&state, request, page)

  case .orderCountLoaded(let generation, let count):
    guard generation == state.orders.generation else { return [] }
    state.orders.total = count
    clampOrderSelection(&state)
    return ensureOrdersLoaded(&state)

  case .orderDetailLoaded(let stored, let history):
    guard state.orders.detailRequested == stored.order.id else { return [] }
    // A read started before a save answered late: the saved version shown is newer.
    if let shown = state.orders.detail, shown.order.id == stored.order.id, stored.info.revision < shown.info.revision {
      return []
    }
    state.orders.history = history
    // An open form edits the version it opened on; the store merges a newer one in on save.
    if let form = state.orders.form, !form.inputs.isEmpty, !state.orders.isCreating,
      state.orders.detail?.order.id == stored.order.id
    {
      // Shown once the form closes.
      state.orders.detailIsStale = true
      return []
    }
    state.orders.detail = stored
    state.orders.detailIsStale = false
    clampLineSelection(&state)
    return []

  case .orderSaved(let saved, let summary, let kind):
    let stored = StoredOrder(order: saved.order, info: saved.info)
    if isAnswerToTheForm(state, kind: kind, orderID: saved.order.id) {
      if kind == .created {
        // The new order opens, so its lines and sync state can be checked at once.
        state.orders.isCreating = false
        state.orders.detailRequested = saved.order.id
        state.orders.detail = stored
        state.orders.history = []
        state.orders.selectedLine = 0
      } else {
        state.orders.detail = stored
      }
      closeForm(&state)
    } else if state.orders.detail?.order.id == saved.order.id {
      // A form open on this order keeps the version it opened on until it closes.
      if state.orders.form == nil || state.orders.isCreating {
        state.orders.detail = stored
        clampLineSelection(&state)
      } else {
        state.orders.detailIsStale = true
      }
    }
    state.orders.needsRefresh = true
    state.message = summary
    addToast(&state, summary + " — queued for Odoo", kind: .success)
    state.queue.isLoading = true
    state.queue.isStale = false
    return [.loadQueue]

  case .orderOperationFailed(let error, let kind, let orderID):
    if isAnswerToTheForm(state, kind: kind, orderID: orderID) {
      state.orders.formSave = nil
      state.orders.formError = error
      // The store may hold a newer version (an edit refused as made meanwhile): read it again
      // once the form closes.
      if kind == .saved { state.orders.detailIsStale = true }
    }
    state.message = error
    addToast(&state, error, kind: .error)
    return []

  case .catalogueSearched(let generation, let offers):
    applyCatalogueSearch(&state, generation: generation, offers: offers)
    return []

  case .vendorsSearched(let generation, let vendors):
    return applyVendorSearch(&state, generation: generation, vendors: vendors)

  case .vendorOffersLoaded(let vendorID, let offers):
    applyVendorOffers(&state, vendorID: vendorID, offers: offers)
    return []

  case .auditLoaded(let orderID, let entries):
    applyConflictReasons(&state, orderID: orderID, entries: entries)
    guard var audit = state.audit, audit.orderID == orderID else { return [] }
    audit.entries = entries
    audit.isLoading = false
    audit.table.select(entries.isEmpty ? nil : min(audit.table.selected ?? 0, entries.count - 1))
    state.audit = audit
    return []

  case .vendorFound(let id, let name):
    return filterByVendor(&state, id: id, name: name)

  case .queueLoaded(let jobs, let counts, let oldest):
    // Jobs by state, the ones needing a person first; the selection follows its job.
    let selectedID = state.queue.selectedJob?.id
    let rank: [OutboxJob.State: Int] = [.dead: 0, .deferred: 1, .inFlight: 2, .pending: 3, .done: 4]
    state.queue.jobs = jobs.sorted { (rank[$0.state] ?? 5, $0.id) < (rank[$1.state] ?? 5, $1.id) }
    if let selectedID, let index = state.queue.jobs.firstIndex(where: { $0.id == selectedID }) {
      state.queue.table.select(index)
    }
    state.queue.counts = counts
    state.queue.oldest = oldest
    state.queue.isLoading = false
    clampSelection(&state.queue.table, count: jobs.count)
    keepSelectionVisible(&state)
    return []

  case .conflictsLoaded(let stored):
    return applyConflicts(&state, stored)

  case .healthSampled(let sample):
    state.health.sample = sample
    state.health.latencyHistory.append(sample.metrics.latencyP50Ms)
    if state.health.latencyHistory.count > HealthState.historyLimit {
      state.health.latencyHistory.removeFirst(state.health.latencyHistory.count - HealthState.historyLimit)
    }
    return []

  case .syncEventReceived(let event, let at):
    return apply(event, at: at, to: &state)

  case .syncCommandAnswered(let command, let answer):
    switch command {
    case .syncNow: state.queue.isSyncing = false
    case .pause: state.queue.isPaused = true
    case .resume: state.queue.isPaused = false
    case .retry, .discard:
      addToast(&state, answer.prefix(1).uppercased() + answer.dropFirst(), kind: .success)
    case .resolve:
      addToast(&state, "Conflicts settled; the merged order is queued for Odoo", kind: .success)
      state.conflicts.isStale = true
      state.orders.needsRefresh = true
    case .submit:
      addToast(&state, answer.prefix(1).uppercased() + answer.dropFirst(), kind: .success)
      state.orders.needsRefresh = true
    case .shutDown: break
    }
    state.queue.lastResult = answer
    state.queue.isStale = true
    state.message = answer
    return []

  case .themeLoaded(let theme, let warning):
    state.theme = theme
    state.message = warning ?? "Theme \(theme.name)."
    return []

  case .demoOutageStarted(let seconds):
    addToast(&state, "The simulated Odoo is down for \(Int(seconds)) s: watch the health pane", kind: .warning)
    state.message = "Simulated outage started."
    return []

  case .loadFailed(let effect, let error):
    switch effect {
    case .loadOrderPage, .countOrders: state.orders.isLoading = false
    case .loadQueue: state.queue.isLoading = false
    case .loadConflicts:
      state.conflicts.isLoading = false
      // Tried again at the next tick, so conflicts are never hidden by one failed read.
      state.conflicts.isStale = true
    case .loadOrderDetail(let id):
      guard state.orders.detailRequested == id else { break }
      state.orders.detailRequested = nil
      // A form waiting for this order would otherwise hold every key.
      if state.orders.form?.inputs.isEmpty == true { closeForm(&state) }
    case .searchCatalogue: state.orders.picker?.isLoading = false
    case .searchVendors: state.orders.vendorPicker?.isLoading = false
    case .loadVendorOffers(let vendorID, _):
      // Only the change still waiting for these prices is dropped.
      if state.orders.vendorChange?.vendor.id == vendorID, state.orders.vendorChange?.offers == nil {
        dropVendorChange(&state)
      }
    case .loadAudit:
      state.audit?.isLoading = false
      if state.conflicts.reasons == nil { state.conflicts.reasons = [] }
    default: break
    }
    state.message = error
    return []

  case .syncCommandFailed(let command, let error):
    if command == .syncNow { state.queue.isSyncing = false }
    state.message = error
    addToast(&state, error, kind: .error)
    return []
  }
}

// MARK: - Keys

private func handleKey(_ state: inout AppState, _ key: KeyEvent) -> [Effect] {
  let global = state.keys.global
  if state.layout == .tooSmall {
    return global.quit.matches(key) ? quit(&state) : []
  }
  if state.confirmation != nil { return handleDialogKey(&state, key) }
  if state.palette != nil { return handlePaletteKey(&state, key) }
  if state.showsHelp {
    switch key.key {
    case .down, .character("j"): state.helpScroll += 1
    case .up, .character("k"): state.helpScroll = max(0, state.helpScroll - 1)
    case .pageDown: state.helpScroll += 10
    case .pageUp: state.helpScroll = max(0, state.helpScroll - 10)
    default:
      if key.key == .escape || global.help.matches(key) || global.quit.matches(key) {
        state.showsHelp = false
        state.helpScroll = 0
      }
    }
    return []
  }
  if state.audit != nil { return handleAuditKey(&state, key) }
  if state.pane == .orders, state.orders.searchInput != nil { return handleSearchKey(&state, key) }
  if state.pane == .orders, state.orders.vendorPicker != nil { return handleVendorPickerKey(&state, key) }
  if state.pane == .orders, state.orders.picker != nil { return handlePickerKey(&state, key) }
  if state.pane == .queue, state.queue.retryFilter != nil { return handleRetryPreviewKey(&state, key) }
  if state.pane == .orders, state.orders.isCreating { return handleNewOrderKey(&state, key) }
  if state.pane == .orders, state.orders.form != nil { return handleFormKey(&state, key) }

  switch key {
  case _ where global.quit.matches(key): return quit(&state)
  case _ where global.help.matches(key):
    state.showsHelp = true
    return []
  case _ where global.nextPane.matches(key):
    return show(Pane(rawValue: (state.pane.rawValue + 1) % Pane.allCases.count) ?? .orders, &state)
  case _ where global.previousPane.matches(key):
    return show(
      Pane(rawValue: (state.pane.rawValue + Pane.allCases.count - 1) % Pane.allCases.count) ?? .orders, &state)
  case _ where global.paneKeys.contains(where: { $0.1.matches(key) }):
    guard let pane = global.paneKeys.first(where: { $0.1.matches(key) })?.0 else { return [] }
    return show(pane, &state)
  case _ where global.palette.matches(key):
    state.palette = TextInputState()
    return []
  case _ where global.syncNow.matches(key):
    return syncNow(&state)
  case _ where global.auditTrail.matches(key):
    return openAudit(&state, orderID: nil, subject: "every order")
  default:
    break
  }
  switch state.pane {
  case .orders: return handleOrdersKey(&state, key)
  case .queue: return handleQueueKey(&state, key)
  case .health: return []
  case .conflicts: return handleConflictsKey(&state, key)
  }
}

/// A click on a tab shows its pane; a click on a row of the orders or the queue selects it.
private func handleClick(_ state: inout AppState, at position: Position) -> [Effect] {
  guard state.layout != .tooSmall, state.confirmation == nil, !state.showsHelp, state.palette == nil,
    state.orders.form == nil, state.orders.picker == nil, state.orders.vendorPicker == nil, state.audit == nil
  else { return [] }
  if let pane = AppView.pane(atTab: position, state: state) { return show(pane, &state) }
  let layout = AppLayout(state: state)
  guard let (pane, area) = layout.panes.first(where: { $0.value.contains(position) }) else { return [] }
  state.pane = pane
  switch pane {
  case .orders where state.orders.detail == nil && state.orders.detailRequested == nil && !state.orders.isCreating:
    // A click on a column title sorts by it; on the sorted column's title, reverses.
    if position.y == area.y + 1, let field = OrdersView.sortField(atX: position.x, in: area) {
      if field == state.orders.query.sort {
        state.orders.query.descending.toggle()
        return startQuery(&state)
      }
      return sort(by: field, &state)
    }
    // Rows start under the top border and the column titles.
    let index = state.orders.table.offset + position.y - (area.y + 2)
    guard position.y >= area.y + 2, index < state.orders.rowCount else { return [] }
    state.orders.table.select(index)
    keepSelectionVisible(&state)
    return ensureOrdersLoaded(&state)
  case .queue:
    // Rows start under the border, the counts line and the column titles.
    // Rows start under the border, the counts line, the pull's bar if shown and the column
    // titles; in the retry preview the rows are the preview's, not selectable.
    let top = area.y + 3 + layout.queueBarRows
    let index = state.queue.table.offset + position.y - top
    guard state.queue.retryFilter == nil, position.y >= top, index < state.queue.jobs.count else { return [] }
    state.queue.table.select(index)
  default:
    break
  }
  return []
}

private func quit(_ state: inout AppState) -> [Effect] {
  state.isQuitting = true
  return [.quit]
}

private func show(_ pane: Pane, _ state: inout AppState) -> [Effect] {
  state.pane = pane
  return []
}

private func syncNow(_ state: inout AppState) -> [Effect] {
  guard !state.queue.isSyncing else { return [] }
  state.queue.isSyncing = true
  state.message = "Syncing…"
  return [.sendSyncCommand(.syncNow)]
}

private func handleDialogKey(_ state: inout AppState, _ key: KeyEvent) -> [Effect] {
  guard var dialog = state.confirmation else { return [] }
  let keys = state.keys.dialog
  if keys.yes.matches(key) || (keys.choose.matches(key) && dialog.selectedButton == 0) {
    state.confirmation = nil
    return run(dialog.operation, &state)
  }
  if keys.no.matches(key) || keys.choose.matches(key) {
    state.confirmation = nil
    state.message = "Nothing was changed."
    return []
  }
  if keys.switchButton.matches(key) {
    dialog.selectedButton = 1 - dialog.selectedButton
    state.confirmation = dialog
  }
  return []
}

private func run(_ operation: PendingOperation, _ state: inout AppState) -> [Effect] {
  switch operation {
  case .orderAction(let action, let orderID, let reference):
    state.message = "\(action.verb.capitalized) \(reference)…"
    return [.performOrderAction(action, orderID: orderID)]
  case .submitOrder(let orderID, let reference):
    state.message = "Submitting \(reference)…"
    return [.sendSyncCommand(.submit(orderID: orderID))]
  case .retryJob(let id, _): return [.sendSyncCommand(.retry(jobIDs: [id]))]
  case .retryAllDead: return [.sendSyncCommand(.retry(jobIDs: nil))]
  case .retryJobs(let ids, _): return [.sendSyncCommand(.retry(jobIDs: ids))]
  case .discardJob(let id, _): return [.sendSyncCommand(.discard(jobID: id))]
  case .removeLine(let orderID, let lineID):
    guard var order = state.orders.detail?.order, order.id == orderID else { return [] }
    let previous = order
    order.lines.removeAll { $0.id == lineID }
    if let issue = order.validateEdit(from: previous).first {
      state.message = "\(issue.field): \(issue.message)"
      return []
    }
    state.orders.selectedLine = max(0, min(state.orders.selectedLine, order.lines.count - 1))
    state.message = "Saving \(order.reference)…"
    return [.saveOrder(order, base: previous)]
  case .changeVendor(let order, let base):
    state.message = "Saving \(order.reference)…"
    if state.orders.form != nil { state.orders.formSave = .order(order.id) }
    return [.saveOrder(order, base: base)]
  case .resolve(let orderID, _, let take, let fields, let keepBoth):
    return [
      .sendSyncCommand(.resolve(orderID: orderID, take: take, fields: fields, keepBoth: keepBoth, actor: state.actor))
    ]
  }
}

func ask(
  _ state: inout AppState, title: String, message: String, confirm: String, _ operation: PendingOperation
) {
  state.confirmation = ConfirmationState(title: title, message: message, confirmLabel: confirm, operation: operation)
}

/// Explains why a key did nothing, naming the role or read-only mode.
func refuse(_ state: inout AppState, _ what: String) -> [Effect] {
  state.message =
    state.readOnly ? "Read-only session: cannot \(what)." : "A \(state.role.rawValue) role cannot \(what)."
  return []
}

// MARK: - Command palette

private func handlePaletteKey(_ state: inout AppState, _ key: KeyEvent) -> [Effect] {
  guard var input = state.palette else { return [] }
  switch key.key {
  case .escape:
    state.palette = nil
    return []
  case .enter:
    state.palette = nil
    return runCommand(input.text, &state)
  default:
    input.handle(key)
    state.palette = input
    return []
  }
}

/// The commands `:` accepts.
package let paletteCommands = [
  "sync", "pause", "resume", "retry-dead", "orders", "queue", "health", "conflicts", "search TEXT", "sort FIELD",
  "filter STATE|all", "vendor NAME|all", "audit", "theme NAME", "outage [SECONDS] (demo)", "help", "quit",
]

private func runCommand(_ text: String, _ state: inout AppState) -> [Effect] {
  let words = text.split(separator: " ", maxSplits: 1).map(String.init)
  guard let name = words.first?.lowercased() else { return [] }
  let argument = words.count > 1 ? words[1].trimmingCharacters(in: .whitespaces) : ""
  switch name {
  case "sync": return syncNow(&state)
  case "pause", "resume":
    guard state.permissions.managesQueue else { return refuse(&state, "\(name) syncing") }
    return [.sendSyncCommand(name == "pause" ? .pause : .resume)]
  case "retry-dead":
    guard state.permissions.managesQueue else { return refuse(&state, "retry jobs") }
    ask(&state, title: "Retry", message: "Queue every dead job again?", confirm: "Retry", .retryAllDead)
    return []
  case "orders", "queue", "health", "conflicts":
    return show(Pane.allCases.first { $0.title.lowercased().hasSuffix(name) } ?? .orders, &state)
  case "search":
    state.pane = .orders
    state.orders.query.search = argument
    return startQuery(&state)
  case "sort":
    guard let field = OrderQuery.SortField(userText: argument) else {
      state.message = "Sort by: \(OrderQuery.SortField.allCases.map(\.rawValue).joined(separator: ", "))"
      return []
    }
    state.pane = .orders
    state.orders.query.sort = field
    return startQuery(&state)
  case "filter":
    if argument.lowercased() == "all" || argument.isEmpty {
      state.orders.query.states = []
    } else if let orderState = OrderState(userText: argument) {
      state.orders.query.states = [orderState]
    } else {
      state.message = "Filter by: all, \(OrderState.allCases.map(\.slug).joined(separator: ", "))"
      return []
    }
    state.pane = .orders
    return startQuery(&state)
  case "vendor":
    if argument.isEmpty || argument.lowercased() == "all" { return filterByVendor(&state, id: nil, name: nil) }
    return [.findVendor(argument)]
  case "audit":
    return openAudit(&state, orderID: nil, subject: "every order")
  case "theme":
    guard !argument.isEmpty else {
      state.message = "Themes: \(Theme.builtInNames.joined(separator: ", ")), or a name in ~/.config/farmacy/themes"
      return []
    }
    return [.loadTheme(argument)]
  case "outage":
    guard state.connection.isDemo else {
      state.message = "outage only works in the demo, where Odoo is simulated."
      return []
    }
    let seconds = Double(argument).map { min(600, max(1, $0)) } ?? 30
    return [.startDemoOutage(seconds: seconds)]
  case "help":
    state.showsHelp = true
    return []
  case "quit", "q":
    return quit(&state)
  default:
    state.message = "Unknown command \"\(name)\". Commands: \(paletteCommands.joined(separator: ", "))"
    return []
  }
}

// MARK: - Orders

/// Starts the current query afresh: a new generation, an empty window, the first page and a count.
private func startQuery(_ state: inout AppState) -> [Effect] {
  state.orders.generation += 1
  state.orders.window = OrderWindow()
  state.orders.total = nil
  state.orders.table = TableState(selected: 0)
  state.orders.isLoading = true
  state.orders.needsRefresh = false
  var query = state.orders.query
  query.after = nil
  query.before = nil
  query.limit = OrdersState.pageSize
  return [
    .loadOrderPage(PageRequest(query: query, generation: state.orders.generation, placement: .top)),
    .countOrders(query, generation: state.orders.generation),
  ]
}

private func handleOrdersKey(_ state: inout AppState, _ key: KeyEvent) -> [Effect] {
  let keys = state.keys.orders
  let page = max(1, AppLayout(state: state).ordersVisibleRows - 1)
  if state.orders.detail != nil || state.orders.detailRequested != nil {
    let detail = state.keys.detail
    let lineCount = state.orders.detail?.order.lines.count ?? 0
    switch key {
    case _ where detail.back.matches(key):
      state.orders.detail = nil
      state.orders.detailRequested = nil
    case _ where detail.lineDown.matches(key):
      state.orders.selectedLine = min(max(0, lineCount - 1), state.orders.selectedLine + 1)
    case _ where detail.lineUp.matches(key):
      state.orders.selectedLine = max(0, state.orders.selectedLine - 1)
    case _ where detail.editHeader.matches(key): return beginEdit(&state)
    case _ where detail.editLine.matches(key): return beginLineEdit(&state)
    case _ where detail.addLine.matches(key): return beginAddLine(&state)
    case _ where detail.removeLine.matches(key): return askRemoveLine(&state)
    case _ where detail.confirm.matches(key): return askOrderAction(&state, .confirm)
    case _ where detail.cancel.matches(key): return askOrderAction(&state, .cancel)
    case _ where detail.auditTrail.matches(key):
      guard let order = state.orders.detail?.order else { return [] }
      return openAudit(&state, orderID: order.id, subject: order.reference)
    default: break
    }
    return []
  }
  switch key {
  case _ where keys.down.matches(key): return moveOrderSelection(&state, by: 1)
  case _ where keys.up.matches(key): return moveOrderSelection(&state, by: -1)
  case _ where keys.pageDown.matches(key): return moveOrderSelection(&state, by: page)
  case _ where keys.pageUp.matches(key): return moveOrderSelection(&state, by: -page)
  case _ where keys.first.matches(key): return jumpToFirstOrder(&state)
  case _ where keys.last.matches(key): return jumpToLastOrder(&state)
  case _ where keys.open.matches(key):
    guard let order = state.orders.selectedOrder else { return [] }
    state.orders.detailRequested = order.id
    state.orders.selectedLine = 0
    return [.loadOrderDetail(order.id)]
  case _ where keys.search.matches(key):
    state.orders.searchInput = TextInputState(text: state.orders.query.search)
    return []
  case _ where keys.sort.matches(key):
    let fields = OrderQuery.SortField.allCases
    let next = fields[((fields.firstIndex(of: state.orders.query.sort) ?? 0) + 1) % fields.count]
    return sort(by: next, &state)
  case _ where keys.reverse.matches(key):
    state.orders.query.descending.toggle()
    return startQuery(&state)
  case _ where keys.filter.matches(key):
    let cycle: [OrderState?] = [nil] + OrderState.allCases.map { $0 }
    let current: OrderState? = state.orders.query.states.count == 1 ? state.orders.query.states.first : nil
    let index = cycle.firstIndex(of: current) ?? 0
    let next = cycle[(index + 1) % cycle.count]
    state.orders.query.states = next.map { [$0] } ?? []
    return startQuery(&state)
  case _ where keys.vendor.matches(key):
    if state.orders.query.vendorID != nil { return filterByVendor(&state, id: nil, name: nil) }
    guard let order = state.orders.selectedOrder, let vendorID = order.vendorID else { return [] }
    return filterByVendor(&state, id: vendorID, name: order.vendorName)
  case _ where keys.edit.matches(key):
    guard let order = state.orders.selectedOrder else { return [] }
    state.orders.detailRequested = order.id
    state.orders.selectedLine = 0
    return [.loadOrderDetail(order.id)] + beginEdit(&state)
  case _ where keys.create.matches(key):
    guard state.permissions.editsOrders else { return refuse(&state, "create orders") }
    state.orders.isCreating = true
    open(FormState(values: ["", "", "", ""]), line: nil, &state)
    return []
  case _ where keys.confirm.matches(key): return askOrderAction(&state, .confirm)
  case _ where keys.cancel.matches(key): return askOrderAction(&state, .cancel)
  default: return []
  }
}

private func askOrderAction(_ state: inout AppState, _ action: OrderAction) -> [Effect] {
  guard state.permissions.editsOrders else { return refuse(&state, "\(action.verb) orders") }
  let target: (id: UUID, reference: String, orderState: OrderState, inOdoo: Bool)?
  if let detail = state.orders.detail {
    target = (detail.order.id, detail.order.reference, detail.order.state, detail.order.odooID != nil)
  } else if let summary = state.orders.selectedOrder {
    target = (summary.id, summary.reference, summary.state, summary.odooID != nil)
  } else {
    target = nil
  }
  guard let target else { return [] }
  let allowed: Bool =
    switch action {
    case .confirm: target.orderState == .draft || target.orderState == .sent
    case .cancel: target.orderState != .cancelled
    default: true
    }
  guard allowed else {
    state.message = "\(target.reference) is \(target.orderState.label): it cannot be \(action.pastTense.lowercased())."
    return []
  }
  if action == .confirm, !target.inOdoo {
    // An order Odoo has never had is submitted: confirmed here, its stock reserved, sent.
    ask(
      &state, title: "Submit order",
      message: "Submit \(target.reference)? It is confirmed here, its stock is reserved and it is sent to Odoo. "
        + "If Odoo refuses it for good, the reservation is released and the order is marked failed.",
      confirm: "Submit", .submitOrder(orderID: target.id, reference: target.reference))
    return []
  }
  let message =
    action == .confirm
    ? "Confirm \(target.reference)? It becomes a purchase order and is sent to Odoo."
    : "Cancel \(target.reference)? Odoo refuses when a bill or a done receipt exists."
  ask(
    &state, title: action == .confirm ? "Confirm order" : "Cancel order", message: message,
    confirm: action == .confirm ? "Confirm" : "Cancel order",
    .orderAction(action, orderID: target.id, reference: target.reference))
  return []
}

private func moveOrderSelection(_ state: inout AppState, by delta: Int) -> [Effect] {
  state.orders.table.move(by: delta, count: state.orders.rowCount)
  keepSelectionVisible(&state)
  return ensureOrdersLoaded(&state)
}

private func jumpToFirstOrder(_ state: inout AppState) -> [Effect] {
  state.orders.table = TableState(selected: 0)
  if state.orders.window.start == 0, !state.orders.window.isEmpty { return [] }
  state.orders.generation += 1
  state.orders.isLoading = true
  var query = state.orders.query
  query.after = nil
  query.before = nil
  query.limit = OrdersState.pageSize
  return [.loadOrderPage(PageRequest(query: query, generation: state.orders.generation, placement: .top))]
}

private func jumpToLastOrder(_ state: inout AppState) -> [Effect] {
  guard let total = state.orders.total, total > 0 else { return [] }
  state.orders.table.select(total - 1)
  keepSelectionVisible(&state)
  if state.orders.window.end == total, !state.orders.window.canGrowDown { return [] }
  state.orders.generation += 1
  state.orders.isLoading = true
  var query = state.orders.query
  query.after = nil
  query.before = nil
  query.descending.toggle()
  query.limit = OrdersState.pageSize
  return [
    .loadOrderPage(PageRequest(query: query, generation: state.orders.generation, placement: .bottom)),
    .countOrders(state.orders.query, generation: state.orders.generation),
  ]
}

/// Asks for the page next to the window when the selection comes near its edge.
private func ensureOrdersLoaded(_ state: inout AppState) -> [Effect] {
  let orders = state.orders
  guard !orders.isLoading, !orders.window.isEmpty else { return [] }
  let selected = orders.table.selected ?? 0
  let margin = max(10, AppLayout(state: state).ordersVisibleRows)
  var query = orders.query
  query.limit = OrdersState.pageSize
  query.after = nil
  query.before = nil
  let placement: PagePlacement
  if selected >= orders.window.end - margin, let next = orders.window.pages.last?.next {
    query.after = next
    placement = .below
  } else if selected < orders.window.start + margin, orders.window.start > 0,
    let previous = orders.window.pages.first?.previous
  {
    query.before = previous
    placement = .above
  } else {
    return []
  }
  state.orders.isLoading = true
  return [.loadOrderPage(PageRequest(query: query, generation: orders.generation, placement: placement))]
}

private func placePage(_ state: inout AppState, _ request: PageRequest, _ page: OrderPage) -> [Effect] {
  guard request.generation == state.orders.generation else { return [] }
  state.orders.isLoading = false
  let window = state.orders.window
  // A window loaded again in place keeps the same order selected, even if rows moved.
  let selectedID = state.orders.selectedOrder?.id
  switch request.placement {
  case .top:
    state.orders.window.replace(with: .init(orders: page.orders, previous: nil, next: page.nextCursor), start: 0)
  case .bottom:
    let rows = Array(page.orders.reversed())
    let total = state.orders.total ?? rows.count
    state.orders.window.replace(
      with: .init(orders: rows, previous: page.nextCursor, next: nil), start: max(0, total - rows.count))
  case .below:
    state.orders.window.append(.init(orders: page.orders, previous: page.previousCursor, next: page.nextCursor))
  case .above:
    state.orders.window.prepend(.init(orders: page.orders, previous: page.previousCursor, next: page.nextCursor))
  case .refresh:
    state.orders.window.replace(
      with: .init(orders: page.orders, previous: page.previousCursor, next: request.query.before), start: window.start)
  }
  if state.orders.total == nil, request.placement == .top, page.nextCursor == nil {
    state.orders.total = page.orders.count
  }
  if request.placement != .below, request.placement != .above, let selectedID,
    let index = state.orders.window.index(of: selectedID)
  {
    state.orders.table.select(index)
  }
  clampOrderSelection(&state)
  keepSelectionVisible(&state)
  return ensureOrdersLoaded(&state)
}

/// Loads the window again where it is, after orders changed underneath it.
private func refreshOrders(_ state: inout AppState) -> [Effect] {
  let window = state.orders.window
  state.orders.needsRefresh = false
  state.orders.isLoading = true
  var query = state.orders.query
  query.after = nil
  query.before = nil
  query.limit = max(OrdersState.pageSize, window.count)
  let placement: PagePlacement
  if window.start == 0 || window.isEmpty {
    placement = .top
  } else if let next = window.pages.last?.next {
    query.before = next
    placement = .refresh
  } else {
    query.descending.toggle()
    placement = .bottom
  }
  return [
    .loadOrderPage(PageRequest(query: query, generation: state.orders.generation, placement: placement)),
    .countOrders(state.orders.query, generation: state.orders.generation),
  ]
}

private func handleSearchKey(_ state: inout AppState, _ key: KeyEvent) -> [Effect] {
  guard var input = state.orders.searchInput else { return [] }
  switch key.key {
  case .enter:
    state.orders.searchInput = nil
    return []
  case .escape:
    state.orders.searchInput = nil
    guard !state.orders.query.search.isEmpty else { return [] }
    state.orders.query.search = ""
    return startQuery(&state)
  default:
    guard input.handle(key) else { return [] }
    state.orders.searchInput = input
    guard input.text != state.orders.query.search else { return [] }
    state.orders.query.search = input.text
    return startQuery(&state)
  }
}

// MARK: - Queue

private func handleQueueKey(_ state: inout AppState, _ key: KeyEvent) -> [Effect] {
  let keys = state.keys.queue
  switch key {
  case _ where keys.down.matches(key):
    state.queue.table.selectNext(count: state.queue.jobs.count)
  case _ where keys.up.matches(key):
    state.queue.table.selectPrevious(count: state.queue.jobs.count)
  case _ where keys.retry.matches(key):
    guard state.permissions.managesQueue else { return refuse(&state, "retry jobs") }
    guard let job = state.queue.selectedJob else { return [] }
    guard job.state == .dead || job.state == .deferred else {
      state.message = "Job \(job.id) is \(job.state.rawValue); only dead or waiting jobs can be retried."
      return []
    }
    ask(
      &state, title: "Retry job",
      message: "Send job \(job.id) (\(job.orderReference), \(job.kind.rawValue)) to Odoo again now?",
      confirm: "Retry", .retryJob(id: job.id, reference: job.orderReference))
  case _ where keys.retryAll.matches(key):
    guard state.permissions.managesQueue else { return refuse(&state, "retry jobs") }
    guard state.queue.jobs.contains(where: { $0.state == .dead }) else {
      state.message = "No dead jobs to retry."
      return []
    }
    state.queue.retryFilter = TextInputState()
    state.message = "Type to narrow the dead jobs to retry (order, kind or error); enter retries those shown."
  case _ where keys.discard.matches(key):
    guard state.permissions.managesQueue else { return refuse(&state, "discard jobs") }
    guard let job = state.queue.selectedJob else { return [] }
    let others = state.queue.jobs.filter { $0.orderUUID == job.orderUUID && $0.id != job.id && $0.state != .done }.count
    ask(
      &state, title: "Discard job",
      message:
        "Discard job \(job.id) for \(job.orderReference)? Its change will never reach Odoo"
        + (others > 0 ? ", nor will the order's \(others) other unsent change(s)" : "")
        + ": the order goes back to Odoo's version. This cannot be undone.",
      confirm: "Discard", .discardJob(id: job.id, reference: job.orderReference))
  case _ where keys.pause.matches(key):
    guard state.permissions.managesQueue else { return refuse(&state, "pause syncing") }
    return [.sendSyncCommand(state.queue.isPaused ? .resume : .pause)]
  default:
    break
  }
  keepSelectionVisible(&state)
  return []
}

/// The dead jobs the retry preview's filter matches: every word of it appears in the job's
/// id, order, kind or last error.
package func retryCandidates(_ queue: QueueState) -> [OutboxJob] {
  let words = (queue.retryFilter?.text ?? "").lowercased().split(separator: " ")
  return queue.jobs.filter { job in
    guard job.state == .dead else { return false }
    let text = "\(job.id) \(job.orderReference) \(job.kind.rawValue) \(job.lastError ?? "")".lowercased()
    return words.allSatisfy { text.contains($0) }
  }
}

private func handleRetryPreviewKey(_ state: inout AppState, _ key: KeyEvent) -> [Effect] {
  guard var input = state.queue.retryFilter else { return [] }
  let keys = state.keys.retryPreview
  if keys.cancel.matches(key) {
    state.queue.retryFilter = nil
    state.message = "Nothing was retried."
    return []
  }
  if keys.retry.matches(key) {
    let jobs = retryCandidates(state.queue)
    guard !jobs.isEmpty else {
      state.message = "No dead job matches \"\(input.text)\"."
      return []
    }
    state.queue.retryFilter = nil
    let filter = input.text.trimmingCharacters(in: .whitespaces)
    ask(
      &state, title: "Retry",
      message: "Queue \(jobs.count) dead job(s)\(filter.isEmpty ? "" : " matching \"\(filter)\"") again?",
      confirm: "Retry", .retryJobs(ids: jobs.map(\.id), filter: filter))
    return []
  }
  input.handle(key)
  state.queue.retryFilter = input
  return []
}

// MARK: - Conflicts

private func applyConflicts(_ state: inout AppState, _ stored: [StoredConflict]) -> [Effect] {
  let previous = state.conflicts.selectedOrder?.orderID
  var groups: [ConflictsState.OrderConflicts] = []
  for conflict in stored where conflict.isOpen {
    if let index = groups.firstIndex(where: { $0.orderID == conflict.orderID }) {
      groups[index].conflicts.append(conflict.conflict)
    } else {
      groups.append(.init(orderID: conflict.orderID, reference: conflict.reference, conflicts: [conflict.conflict]))
    }
  }
  state.conflicts.orders = groups
  state.conflicts.isLoading = false
  if let previous, let index = groups.firstIndex(where: { $0.orderID == previous }) {
    state.conflicts.list.select(index)
    // Lines to keep twice that are no longer in conflict are forgotten.
    let keys = Set(groups[index].conflicts.keysOfLinesAddedOnBothSides)
    state.conflicts.keepBoth.formIntersection(keys)
    // The diff may have fewer rows now: its selection stays on one of them.
    let rows = state.conflicts.selectedOrder?.rows.count ?? 0
    if let selected = state.conflicts.diff.selected, selected >= rows {
      state.conflicts.diff.selected = rows == 0 ? nil : rows - 1
    }
    return state.conflicts.reasons == nil ? [.loadAudit(orderID: groups[index].orderID)] : []
  }
  state.conflicts.list.select(groups.isEmpty ? nil : 0)
  return startSettling(&state)
}

/// Starts the selected order afresh: no sides picked, and its merge's reasons asked for.
private func startSettling(_ state: inout AppState) -> [Effect] {
  state.conflicts.picks = [:]
  state.conflicts.defaultSide = .local
  state.conflicts.keepBoth = []
  state.conflicts.reasons = nil
  state.conflicts.diff = DiffViewState(selected: 0)
  guard let order = state.conflicts.selectedOrder else { return [] }
  return [.loadAudit(orderID: order.orderID)]
}

/// The reasons the newest merge of the order in conflict recorded: what it took from either
/// side and why rules settled fields, for the diff's "settled automatically" lines.
private func applyConflictReasons(_ state: inout AppState, orderID: UUID?, entries: [AuditEntry]) {
  guard let orderID, state.conflicts.selectedOrder?.orderID == orderID else { return }
  let merge = entries.first { $0.action == "sync.conflict_detected" }
  state.conflicts.reasons = merge.map(AuditView.reasons(in:)) ?? []
}

private func handleConflictsKey(_ state: inout AppState, _ key: KeyEvent) -> [Effect] {
  let keys = state.keys.conflicts
  let rows = state.conflicts.selectedOrder?.rows ?? []
  let selectedRow = state.conflicts.diff.selected.flatMap { rows.indices.contains($0) ? rows[$0] : nil }
  switch key {
  case _ where keys.nextOrder.matches(key), _ where keys.previousOrder.matches(key):
    let before = state.conflicts.list.selected
    if keys.nextOrder.matches(key) {
      state.conflicts.list.selectNext(count: state.conflicts.orders.count)
    } else {
      state.conflicts.list.selectPrevious(count: state.conflicts.orders.count)
    }
    return before != state.conflicts.list.selected ? startSettling(&state) : []
  case _ where keys.down.matches(key):
    state.conflicts.diff.selectNext(count: rows.count)
    return []
  case _ where keys.up.matches(key):
    state.conflicts.diff.selectPrevious(count: rows.count)
    return []
  case _ where keys.auditTrail.matches(key):
    guard let order = state.conflicts.selectedOrder else { return [] }
    return openAudit(&state, orderID: order.orderID, subject: order.reference)
  default:
    break
  }
  let changesSomething = [keys.pickLocal, keys.pickRemote, keys.keepBoth, keys.allLocal, keys.allRemote, keys.apply]
    .contains { $0.matches(key) }
  guard changesSomething else { return [] }
  guard state.permissions.resolvesConflicts else { return refuse(&state, "settle conflicts; a manager can") }
  guard let order = state.conflicts.selectedOrder else { return [] }
  switch key {
  case _ where keys.pickLocal.matches(key), _ where keys.pickRemote.matches(key):
    guard let selectedRow else { return [] }
    let side: MergeSide = keys.pickLocal.matches(key) ? .local : .remote
    for conflict in selectedRow.conflicts { state.conflicts.picks[conflict.field] = side }
    if let lineKey = selectedRow.lineKey { state.conflicts.keepBoth.remove(lineKey) }
    if case .line(let lineKey, _) = selectedRow {
      state.message = lineMessage(lineKey, row: selectedRow, side: side)
    }
  case _ where keys.keepBoth.matches(key):
    guard let selectedRow, selectedRow.isLineAddedOnBothSides, let lineKey = selectedRow.lineKey else {
      state.message = "Merging lines keeps both copies of a line added here and in Odoo; select such a line."
      return []
    }
    if state.conflicts.keepBoth.remove(lineKey) == nil {
      state.conflicts.keepBoth.insert(lineKey)
      for conflict in selectedRow.conflicts { state.conflicts.picks[conflict.field] = nil }
      state.message = "Both copies of line \(lineKey) are kept: this machine's and Odoo's."
    } else {
      state.message = "Line \(lineKey) is settled field by field again."
    }
  case _ where keys.allLocal.matches(key), _ where keys.allRemote.matches(key):
    state.conflicts.defaultSide = keys.allLocal.matches(key) ? .local : .remote
    state.conflicts.picks = [:]
    state.conflicts.keepBoth = []
  default:
    ask(
      &state, title: "Settle conflicts",
      message: "Settle \(order.conflicts.count) field(s) of \(order.reference): \(settlePlan(order, state.conflicts))?",
      confirm: "Apply",
      .resolve(
        orderID: order.orderID, reference: order.reference, take: state.conflicts.defaultSide,
        fields: state.conflicts.picks, keepBoth: state.conflicts.keepBoth.sorted()))
  }
  return []
}

/// What picking `side` on a line's row does, in words.
private func lineMessage(_ key: String, row: ConflictRow, side: MergeSide) -> String {
  let from = side == .local ? "this machine" : "Odoo"
  guard let presence = row.presence else { return "Line \(key): every field from \(from)." }
  let kept = (side == .local ? presence.local : presence.remote) != nil
  return "Line \(key): \(kept ? "kept" : "dropped"), as on \(from)."
}

/// What applying does, in words: how many fields go each way, and the lines kept twice.
package func settlePlan(_ order: ConflictsState.OrderConflicts, _ conflicts: ConflictsState) -> String {
  let settled = order.conflicts.filter { conflict in !(conflict.lineKey.map(conflicts.keepBoth.contains) ?? false) }
  let remote = settled.filter { side(of: $0.field, in: conflicts) == .remote }.count
  let both =
    conflicts.keepBoth.isEmpty ? "" : ", keep both copies of \(conflicts.keepBoth.sorted().joined(separator: ", "))"
  return "keep \(settled.count - remote) local, take \(remote) from Odoo\(both)"
}

/// The side that settles `field`: the person's pick, else the side for all.
package func side(of field: String, in conflicts: ConflictsState) -> MergeSide {
  conflicts.picks[field] ?? conflicts.defaultSide
}

// MARK: - Sync events

private func apply(_ event: SyncEvent, at: Date, to state: inout AppState) -> [Effect] {
  switch event {
  case .jobQueued, .jobStarted, .jobDeferred:
    state.queue.isStale = true
  case .jobSucceeded:
    state.queue.isStale = true
    state.orders.needsRefresh = true
  case .jobDeadLettered(_, let order, let error):
    state.queue.isStale = true
    state.orders.needsRefresh = true
    addToast(&state, "\(order) failed for good: \(error)", kind: .error)
  case .breakerChanged(let from, let to, let reason):
    state.health.transitions.append(BreakerTransition(at: at, from: from, to: to, reason: reason))
    if state.health.transitions.count > 50 { state.health.transitions.removeFirst() }
    state.health.sample.breakerState = to
    if to == "open" { addToast(&state, "Odoo unreachable: circuit open (\(reason))", kind: .warning) }
    if to == "closed" && from != "closed" { addToast(&state, "Odoo reachable again", kind: .success) }
    // The failure count shown beside the state comes from a sample: take one with the transition.
    return [.sampleHealth]
  case .pullFinished(let inserted, let updated, let merged, let conflicts, let deleted, _):
    state.queue.pull = nil
    keepSelectionVisible(&state)
    state.health.lastPull = "\(inserted + updated + merged) changed, \(conflicts) conflict(s), \(deleted) deleted"
    if inserted + updated + merged + deleted > 0 { state.orders.needsRefresh = true }
    if conflicts > 0 { state.conflicts.isStale = true }
  case .conflictDetected(let orderID, let order, let fields):
    state.conflicts.isStale = true
    // A new merge of the order on screen has reasons of its own: read them with the conflicts.
    if state.conflicts.selectedOrder?.orderID == orderID { state.conflicts.reasons = nil }
    state.orders.needsRefresh = true
    addToast(&state, "Conflict on \(order): \(fields.joined(separator: ", "))", kind: .warning)
  case .conflictResolved:
    state.conflicts.isStale = true
    state.orders.needsRefresh = true
  case .notification(let level, let title, let body):
    let kind: Toast.Kind = level == "error" ? .error : level == "warning" ? .warning : .info
    addToast(&state, body.isEmpty ? title : "\(title): \(body)", kind: kind)
  case .metrics(let snapshot):
    state.health.sample.metrics = snapshot
  case .paused:
    state.queue.isPaused = true
  case .resumed:
    state.queue.isPaused = false
  case .stopped(let reason):
    state.message = "Sync stopped: \(reason)"
  case .failed(let error):
    addToast(&state, "Sync failed: \(error)", kind: .error)
  case .pullStarted(let full):
    state.queue.pull = PullProgress(isFull: full)
    keepSelectionVisible(&state)
  case .pullProgress(let model, let done, let total):
    var pull = state.queue.pull ?? PullProgress(isFull: false)
    pull.model = model
    pull.done = done
    pull.total = total
    state.queue.pull = pull
  case .catalogueChanged, .sagaChanged:
    break
  }
  return []
}

/// Loads what went stale since the last tick, at most one request of each kind at a time.
private func refreshStaleData(_ state: inout AppState) -> [Effect] {
  var effects: [Effect] = []
  if state.queue.isStale, !state.queue.isLoading {
    state.queue.isStale = false
    state.queue.isLoading = true
    effects.append(.loadQueue)
  }
  if state.conflicts.isStale, !state.conflicts.isLoading {
    state.conflicts.isStale = false
    state.conflicts.isLoading = true
    effects.append(.loadConflicts)
  }
  if state.orders.needsRefresh, !state.orders.isLoading {
    effects += refreshOrders(&state)
  }
  if let id = state.orders.detail?.order.id,
    effects.contains(where: { if case .loadOrderPage = $0 { true } else { false } })
  {
    if state.orders.form == nil {
      state.orders.detailRequested = id
      effects.append(.loadOrderDetail(id))
    } else {
      // The form keeps the version it opened on; the order is read again when it closes.
      state.orders.detailIsStale = true
    }
  }
  return effects
}

// MARK: - Audit trail

private func openAudit(_ state: inout AppState, orderID: UUID?, subject: String) -> [Effect] {
  state.audit = AuditState(orderID: orderID, subject: subject)
  return [.loadAudit(orderID: orderID)]
}

private func handleAuditKey(_ state: inout AppState, _ key: KeyEvent) -> [Effect] {
  guard var audit = state.audit else { return [] }
  let keys = state.keys.audit
  let count = audit.entries.count
  let page = max(1, state.size.height - 8)
  switch key {
  case _ where keys.close.matches(key):
    state.audit = nil
    return []
  case _ where state.keys.global.quit.matches(key): return quit(&state)
  case _ where state.keys.global.help.matches(key): state.showsHelp = true
  case _ where keys.down.matches(key): audit.table.move(by: 1, count: count)
  case _ where keys.up.matches(key): audit.table.move(by: -1, count: count)
  case _ where keys.pageDown.matches(key): audit.table.move(by: page, count: count)
  case _ where keys.pageUp.matches(key): audit.table.move(by: -page, count: count)
  default: break
  }
  state.audit = audit
  return []
}

// MARK: - Mouse wheel

/// A wheel step scrolls what is under the pointer: the help, the audit trail, or the pane
/// there (which takes the focus), as ↓ and ↑ would.
private func handleWheel(_ state: inout AppState, at position: Position, down: Bool) -> [Effect] {
  guard state.layout != .tooSmall, state.confirmation == nil, state.palette == nil else { return [] }
  if state.showsHelp {
    state.helpScroll = max(0, state.helpScroll + (down ? 1 : -1))
    return []
  }
  let arrow = KeyEvent(down ? .down : .up)
  if state.audit != nil || state.orders.picker != nil || state.orders.vendorPicker != nil {
    return handleKey(&state, arrow)
  }
  // A wheel over a form would move between fields: it does nothing there.
  if state.orders.form != nil, state.pane == .orders { return [] }
  let panes = AppLayout(state: state).panes
  if let pane = panes.first(where: { $0.value.contains(position) })?.key { state.pane = pane }
  return handleKey(&state, arrow)
}

// MARK: - Sorting and the vendor filter

/// Sorts the list by `field`: dates and totals newest or largest first, the rest A to Z.
private func sort(by field: OrderQuery.SortField, _ state: inout AppState) -> [Effect] {
  state.orders.query.sort = field
  state.orders.query.descending = [.dateOrder, .datePlanned, .total].contains(field)
  return startQuery(&state)
}

private func filterByVendor(_ state: inout AppState, id: Vendor.ID?, name: String?) -> [Effect] {
  state.pane = .orders
  state.orders.query.vendorID = id
  state.orders.vendorFilterName = name
  state.message = name.map { "Only orders from \($0); v again shows every vendor." } ?? "Orders from every vendor."
  return startQuery(&state)
}

// MARK: - Helpers

func addToast(_ state: inout AppState, _ message: String, kind: Toast.Kind) {
  state.toasts.append(ToastItem(message: message, kind: kind, expires: state.now.addingTimeInterval(5)))
  if state.toasts.count > 3 { state.toasts.removeFirst(state.toasts.count - 3) }
}

func clampSelection(_ table: inout TableState, count: Int) {
  guard count > 0 else {
    table.selected = nil
    table.offset = 0
    return
  }
  table.selected = min(max(0, table.selected ?? 0), count - 1)
}

private func clampOrderSelection(_ state: inout AppState) {
  clampSelection(&state.orders.table, count: state.orders.rowCount)
}

/// Moves each table's first visible row so its selection stays on screen, as the table widget
/// would; the views then draw exactly what the state says.
func keepSelectionVisible(_ state: inout AppState) {
  let layout = AppLayout(state: state)
  scroll(&state.orders.table, visible: layout.ordersVisibleRows, count: state.orders.rowCount)
  scroll(&state.queue.table, visible: layout.queueVisibleRows, count: state.queue.jobs.count)
}

private func scroll(_ table: inout TableState, visible: Int, count: Int) {
  guard visible > 0, count > 0 else {
    table.offset = 0
    return
  }
  var offset = table.offset
  if let selected = table.selected {
    if selected < offset { offset = selected }
    if selected >= offset + visible { offset = selected - visible + 1 }
  }
  table.offset = max(0, min(offset, count - visible))
}

/// Whether a save's answer is for the save the open form sent.
private func isAnswerToTheForm(_ state: AppState, kind: SaveKind, orderID: UUID?) -> Bool {
  switch (state.orders.formSave, kind) {
  case (.newOrder?, .created): state.orders.isCreating
  case (.order(let id)?, .saved): id == orderID
  default: false
  }
}

/// Keeps the selected line of the order in detail on one of its lines.
func clampLineSelection(_ state: inout AppState) {
  let count = state.orders.detail?.order.lines.count ?? 0
  state.orders.selectedLine = max(0, min(state.orders.selectedLine, count - 1))
}
