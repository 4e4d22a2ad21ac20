import TerminalKit

/// Keys that work everywhere.
package struct GlobalKeyMap: KeyMap, Equatable, Sendable {
  package var quit = KeyBinding([.character("q"), .control("c")], help: "quit", keyLabel: "q")
  package var help = KeyBinding([.character("?")], help: "show or hide these keys")
  package var nextPane = KeyBinding([KeyEvent(.tab)], help: "next pane")
  package var previousPane = KeyBinding([KeyEvent(.backTab)], help: "previous pane")
  package var ordersPane = KeyBinding([.character("1")], help: "orders")
  package var queuePane = KeyBinding([.character("2")], help: "sync queue")
  package var healthPane = KeyBinding([.character("3")], help: "health")
  package var conflictsPane = KeyBinding([.character("4")], help: "conflicts")
  package var palette = KeyBinding([.character(":")], help: "command palette")
  package var syncNow = KeyBinding([KeyEvent(.function(5)), .control("r")], help: "sync now", keyLabel: "F5/ctrl+r")
  package var auditTrail = KeyBinding([.character("T")], help: "audit trail of every order")

  package init() {}
  /// The key that shows each pane.
  package var paneKeys: [(Pane, KeyBinding)] {
    [(.orders, ordersPane), (.queue, queuePane), (.health, healthPane), (.conflicts, conflictsPane)]
  }

  package var bindings: [KeyBinding] {
    [quit, help, nextPane, previousPane, ordersPane, queuePane, healthPane, conflictsPane, palette, syncNow, auditTrail]
  }
}

/// Keys of the order list.
package struct OrdersKeyMap: KeyMap, Equatable, Sendable {
  package var down = KeyBinding([KeyEvent(.down), .character("j")], help: "next order")
  package var up = KeyBinding([KeyEvent(.up), .character("k")], help: "previous order")
  package var pageDown = KeyBinding([KeyEvent(.pageDown)], help: "page down")
  package var pageUp = KeyBinding([KeyEvent(.pageUp)], help: "page up")
  package var first = KeyBinding([KeyEvent(.home), .character("g")], help: "first order")
  package var last = KeyBinding([KeyEvent(.end), .character("G")], help: "last order")
  package var open = KeyBinding([KeyEvent(.enter)], help: "open the order")
  package var search = KeyBinding([.character("/")], help: "search (every word must match)")
  package var sort = KeyBinding([.character("s")], help: "sort by the next column")
  package var reverse = KeyBinding([.character("r")], help: "reverse the sort")
  package var filter = KeyBinding([.character("f")], help: "filter by state (cycles)")
  package var vendor = KeyBinding([.character("v")], help: "only this order's vendor (again: every vendor)")
  package var edit = KeyBinding([.character("e")], help: "edit the order's header")
  package var create = KeyBinding([.character("n")], help: "new order")
  package var confirm = KeyBinding([.character("c")], help: "confirm the order")
  package var cancel = KeyBinding([.character("x")], help: "cancel the order")

  package init() {}

  /// The keys, with those `permissions` do not allow disabled.
  package func allowed(_ permissions: Permissions) -> OrdersKeyMap {
    var keys = self
    for keyPath in [\OrdersKeyMap.edit, \.create, \.confirm, \.cancel] {
      keys[keyPath: keyPath].isEnabled = keys[keyPath: keyPath].isEnabled && permissions.editsOrders
    }
    return keys
  }

  package var bindings: [KeyBinding] {
    [down, up, pageDown, pageUp, first, last, open, search, sort, reverse, filter, vendor, edit, create, confirm, cancel]
  }
}

/// Keys of an open order.
package struct DetailKeyMap: KeyMap, Equatable, Sendable {
  package var lineDown = KeyBinding([KeyEvent(.down), .character("j")], help: "next line")
  package var lineUp = KeyBinding([KeyEvent(.up), .character("k")], help: "previous line")
  package var editHeader = KeyBinding([.character("e")], help: "edit the order's header")
  package var editLine = KeyBinding([KeyEvent(.enter)], help: "edit the selected line")
  package var addLine = KeyBinding([.character("a")], help: "add a line from the vendor's catalogue")
  package var removeLine = KeyBinding([.character("d")], help: "remove the selected line")
  package var confirm = KeyBinding([.character("c")], help: "confirm the order")
  package var cancel = KeyBinding([.character("x")], help: "cancel the order")
  package var auditTrail = KeyBinding([.character("t")], help: "this order's audit trail")
  package var back = KeyBinding([KeyEvent(.escape)], help: "back to the list")

  package init() {}

  /// The keys, with those `permissions` do not allow disabled.
  package func allowed(_ permissions: Permissions) -> DetailKeyMap {
    var keys = self
    for keyPath in [\DetailKeyMap.editHeader, \.editLine, \.addLine, \.removeLine, \.confirm, \.cancel] {
      keys[keyPath: keyPath].isEnabled = keys[keyPath: keyPath].isEnabled && permissions.editsOrders
    }
    return keys
  }

  package var bindings: [KeyBinding] {
    [lineDown, lineUp, editHeader, editLine, addLine, removeLine, confirm, cancel, auditTrail, back]
  }
}

/// Keys of the order edit form.
package struct FormKeyMap: KeyMap, Equatable, Sendable {
  package var next = KeyBinding([KeyEvent(.tab), KeyEvent(.down)], help: "next field")
  package var previous = KeyBinding([KeyEvent(.backTab), KeyEvent(.up)], help: "previous field")
  package var save = KeyBinding([KeyEvent(.enter), .control("s")], help: "save", keyLabel: "enter/ctrl+s")
  package var cancel = KeyBinding([KeyEvent(.escape)], help: "discard the changes")
  package var pickProduct = KeyBinding(
    [.control("o")], help: "new order: add a line from the vendor's catalogue")
  package var pickVendor = KeyBinding(
    [.control("g")], help: "choose the vendor from a list (new order, or change an RFQ's vendor)")

  package init() {}
  package var bindings: [KeyBinding] { [next, previous, save, cancel, pickProduct, pickVendor] }
}

/// Keys of the product picker; every other key edits the search.
package struct PickerKeyMap: KeyMap, Equatable, Sendable {
  package var down = KeyBinding([KeyEvent(.down), .control("n")], help: "next product")
  package var up = KeyBinding([KeyEvent(.up), .control("p")], help: "previous product")
  package var choose = KeyBinding([KeyEvent(.enter)], help: "add a line for the product")
  package var cancel = KeyBinding([KeyEvent(.escape)], help: "add nothing")

  package init() {}
  package var bindings: [KeyBinding] { [down, up, choose, cancel] }
}

/// Keys of the vendor picker; every other key edits the search.
package struct VendorPickerKeyMap: KeyMap, Equatable, Sendable {
  package var down = KeyBinding([KeyEvent(.down), .control("n")], help: "next vendor")
  package var up = KeyBinding([KeyEvent(.up), .control("p")], help: "previous vendor")
  package var choose = KeyBinding([KeyEvent(.enter)], help: "choose the vendor")
  package var cancel = KeyBinding([KeyEvent(.escape)], help: "keep the vendor as it was")

  package init() {}
  package var bindings: [KeyBinding] { [down, up, choose, cancel] }
}

/// Keys of the sync queue.
package struct QueueKeyMap: KeyMap, Equatable, Sendable {
  package var down = KeyBinding([KeyEvent(.down), .character("j")], help: "next job")
  package var up = KeyBinding([KeyEvent(.up), .character("k")], help: "previous job")
  package var retry = KeyBinding([.character("R")], help: "retry the job")
  package var retryAll = KeyBinding([.character("A")], help: "retry dead jobs matching a filter (preview first)")
  package var discard = KeyBinding([.character("D")], help: "discard the job")
  package var pause = KeyBinding([.character("p")], help: "pause or resume syncing")

  package init() {}

  /// The keys, with those `permissions` do not allow disabled.
  package func allowed(_ permissions: Permissions) -> QueueKeyMap {
    var keys = self
    for keyPath in [\QueueKeyMap.retry, \.retryAll, \.discard, \.pause] {
      keys[keyPath: keyPath].isEnabled = keys[keyPath: keyPath].isEnabled && permissions.managesQueue
    }
    return keys
  }

  package var bindings: [KeyBinding] { [down, up, retry, retryAll, discard, pause] }
}

/// Keys of the retry preview; every other key edits the filter.
package struct RetryPreviewKeyMap: KeyMap, Equatable, Sendable {
  package var retry = KeyBinding([KeyEvent(.enter)], help: "retry the jobs shown (asks first)")
  package var cancel = KeyBinding([KeyEvent(.escape)], help: "retry nothing")

  package init() {}
  package var bindings: [KeyBinding] { [retry, cancel] }
}

/// Keys of the conflicts pane.
package struct ConflictsKeyMap: KeyMap, Equatable, Sendable {
  package var nextOrder = KeyBinding([KeyEvent(.pageDown), .character("J")], help: "next order in conflict")
  package var previousOrder = KeyBinding([KeyEvent(.pageUp), .character("K")], help: "previous order in conflict")
  package var down = KeyBinding([KeyEvent(.down), .character("j")], help: "next field")
  package var up = KeyBinding([KeyEvent(.up), .character("k")], help: "previous field")
  package var pickLocal = KeyBinding(
    [KeyEvent(.left), .character("h")], help: "keep the local value (on a line: every field of it)")
  package var pickRemote = KeyBinding(
    [KeyEvent(.right), .character("l")], help: "take Odoo's value (on a line: every field of it)")
  package var keepBoth = KeyBinding(
    [.character("m")], help: "merge lines: keep both copies of a line added on both sides")
  package var allLocal = KeyBinding([.character("L")], help: "keep every local value")
  package var allRemote = KeyBinding([.character("O")], help: "take every Odoo value")
  package var apply = KeyBinding([KeyEvent(.enter), .character("a")], help: "apply the choices")
  package var auditTrail = KeyBinding(
    [.character("t")], help: "the order's audit trail, with why rules settled other fields")

  package init() {}

  /// The keys, with those `permissions` do not allow disabled.
  package func allowed(_ permissions: Permissions) -> ConflictsKeyMap {
    var keys = self
    for keyPath in [\ConflictsKeyMap.pickLocal, \.pickRemote, \.keepBoth, \.allLocal, \.allRemote, \.apply] {
      keys[keyPath: keyPath].isEnabled = keys[keyPath: keyPath].isEnabled && permissions.resolvesConflicts
    }
    return keys
  }

  package var bindings: [KeyBinding] {
    [nextOrder, previousOrder, down, up, pickLocal, pickRemote, keepBoth, allLocal, allRemote, apply, auditTrail]
  }
}

/// Keys of the audit trail.
package struct AuditKeyMap: KeyMap, Equatable, Sendable {
  package var down = KeyBinding([KeyEvent(.down), .character("j")], help: "next entry")
  package var up = KeyBinding([KeyEvent(.up), .character("k")], help: "previous entry")
  package var pageDown = KeyBinding([KeyEvent(.pageDown)], help: "page down")
  package var pageUp = KeyBinding([KeyEvent(.pageUp)], help: "page up")
  package var close = KeyBinding([KeyEvent(.escape)], help: "close the audit trail")

  package init() {}
  package var bindings: [KeyBinding] { [down, up, pageDown, pageUp, close] }
}

/// Keys of a confirmation dialog.
package struct DialogKeyMap: KeyMap, Equatable, Sendable {
  package var yes = KeyBinding([.character("y")], help: "yes")
  package var no = KeyBinding([.character("n"), KeyEvent(.escape)], help: "no", keyLabel: "n/esc")
  package var switchButton = KeyBinding([KeyEvent(.left), KeyEvent(.right), KeyEvent(.tab)], help: "other button")
  package var choose = KeyBinding([KeyEvent(.enter)], help: "press the selected button")

  package init() {}
  package var bindings: [KeyBinding] { [yes, no, switchButton, choose] }
}

/// Every key map of the app, as the reducer and the help overlay use them. The `[keys]` table
/// of the config file changes them (see ``KeyConfigLoader``).
package struct KeyMaps: Equatable, Sendable {
  package var global = GlobalKeyMap()
  package var orders = OrdersKeyMap()
  package var detail = DetailKeyMap()
  package var form = FormKeyMap()
  package var picker = PickerKeyMap()
  package var vendorPicker = VendorPickerKeyMap()
  package var queue = QueueKeyMap()
  package var retryPreview = RetryPreviewKeyMap()
  package var conflicts = ConflictsKeyMap()
  package var audit = AuditKeyMap()
  package var dialog = DialogKeyMap()

  package init() {}

  /// Every binding by the name the config file uses for it: `map.action`.
  package static var names: [(name: String, keyPath: WritableKeyPath<KeyMaps, KeyBinding>)] {
    [
    ("global.quit", \.global.quit), ("global.help", \.global.help), ("global.next_pane", \.global.nextPane),
    ("global.previous_pane", \.global.previousPane), ("global.orders_pane", \.global.ordersPane),
    ("global.queue_pane", \.global.queuePane), ("global.health_pane", \.global.healthPane),
    ("global.conflicts_pane", \.global.conflictsPane), ("global.palette", \.global.palette),
    ("global.sync_now", \.global.syncNow), ("global.audit_trail", \.global.auditTrail),
    ("orders.down", \.orders.down), ("orders.up", \.orders.up), ("orders.page_down", \.orders.pageDown),
    ("orders.page_up", \.orders.pageUp), ("orders.first", \.orders.first), ("orders.last", \.orders.last),
    ("orders.open", \.orders.open), ("orders.search", \.orders.search), ("orders.sort", \.orders.sort),
    ("orders.reverse", \.orders.reverse), ("orders.filter", \.orders.filter), ("orders.vendor", \.orders.vendor),
    ("orders.edit", \.orders.edit), ("orders.create", \.orders.create), ("orders.confirm", \.orders.confirm),
    ("orders.cancel", \.orders.cancel),
    ("detail.line_down", \.detail.lineDown), ("detail.line_up", \.detail.lineUp),
    ("detail.edit_header", \.detail.editHeader), ("detail.edit_line", \.detail.editLine),
    ("detail.add_line", \.detail.addLine), ("detail.remove_line", \.detail.removeLine),
    ("detail.confirm", \.detail.confirm), ("detail.cancel", \.detail.cancel),
    ("detail.audit_trail", \.detail.auditTrail), ("detail.back", \.detail.back),
    ("form.next", \.form.next), ("form.previous", \.form.previous), ("form.save", \.form.save),
    ("form.cancel", \.form.cancel), ("form.pick_product", \.form.pickProduct),
    ("form.pick_vendor", \.form.pickVendor),
    ("picker.down", \.picker.down), ("picker.up", \.picker.up), ("picker.choose", \.picker.choose),
    ("picker.cancel", \.picker.cancel),
    ("vendor_picker.down", \.vendorPicker.down), ("vendor_picker.up", \.vendorPicker.up),
    ("vendor_picker.choose", \.vendorPicker.choose), ("vendor_picker.cancel", \.vendorPicker.cancel),
    ("queue.down", \.queue.down), ("queue.up", \.queue.up), ("queue.retry", \.queue.retry),
    ("queue.retry_all", \.queue.retryAll), ("queue.discard", \.queue.discard), ("queue.pause", \.queue.pause),
    ("retry_preview.retry", \.retryPreview.retry), ("retry_preview.cancel", \.retryPreview.cancel),
    ("conflicts.next_order", \.conflicts.nextOrder), ("conflicts.previous_order", \.conflicts.previousOrder),
    ("conflicts.down", \.conflicts.down), ("conflicts.up", \.conflicts.up),
    ("conflicts.pick_local", \.conflicts.pickLocal), ("conflicts.pick_remote", \.conflicts.pickRemote),
    ("conflicts.keep_both", \.conflicts.keepBoth),
    ("conflicts.all_local", \.conflicts.allLocal), ("conflicts.all_remote", \.conflicts.allRemote),
    ("conflicts.apply", \.conflicts.apply), ("conflicts.audit_trail", \.conflicts.auditTrail),
    ("audit.down", \.audit.down), ("audit.up", \.audit.up), ("audit.page_down", \.audit.pageDown),
    ("audit.page_up", \.audit.pageUp), ("audit.close", \.audit.close),
    ("dialog.yes", \.dialog.yes), ("dialog.no", \.dialog.no), ("dialog.switch_button", \.dialog.switchButton),
    ("dialog.choose", \.dialog.choose),
    ]
  }
}

extension AppState {
  /// The help sections for what is in front, from the same key maps the reducer uses.
  package var helpSections: [HelpSection] {
    var sections = [HelpSection("Everywhere", keyMap: keys.global)]
    if audit != nil { return sections + [HelpSection("Audit trail", keyMap: keys.audit)] }
    switch pane {
    case .orders:
      if orders.vendorPicker != nil {
        sections.append(HelpSection("Choosing a vendor", keyMap: keys.vendorPicker))
        break
      }
      if orders.picker != nil {
        sections.append(HelpSection("Choosing a product", keyMap: keys.picker))
        break
      }
      if orders.form != nil { sections.append(HelpSection("Editing", keyMap: keys.form)) }
      if orders.isCreating {
        break
      } else if orders.detail != nil || orders.detailRequested != nil {
        sections.append(HelpSection("Order", keyMap: keys.detail.allowed(permissions)))
      } else {
        sections.append(HelpSection("Orders", keyMap: keys.orders.allowed(permissions)))
      }
    case .queue:
      if queue.retryFilter != nil { sections.append(HelpSection("Retry preview", keyMap: keys.retryPreview)) }
      sections.append(HelpSection("Sync queue", keyMap: keys.queue.allowed(permissions)))
    case .health: break
    case .conflicts: sections.append(HelpSection("Conflicts", keyMap: keys.conflicts.allowed(permissions)))
    }
    return sections
  }
}
