import TerminalKit

/// Keys that work everywhere.
package struct GlobalKeyMap: KeyMap {
  package var quit = KeyBinding([.character("q"), .control("c")], help: "quit", keyLabel: "q")
  package var help = KeyBinding([.character("?")], help: "show or hide these keys")
  package var nextPane = KeyBinding([KeyEvent(.tab)], help: "next pane")
  package var previousPane = KeyBinding([KeyEvent(.backTab)], help: "previous pane")
  package var panes = KeyBinding(
    [.character("1"), .character("2"), .character("3"), .character("4")],
    help: "orders, queue, health, conflicts", keyLabel: "1-4")
  package var palette = KeyBinding([.character(":")], help: "command palette")
  package var syncNow = KeyBinding([KeyEvent(.function(5)), .control("r")], help: "sync now", keyLabel: "F5/ctrl+r")

  package init() {}
  package var bindings: [KeyBinding] { [quit, help, nextPane, previousPane, panes, palette, syncNow] }
}

/// Keys of the order list and the order detail.
package struct OrdersKeyMap: KeyMap {
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
  package var edit = KeyBinding([.character("e")], help: "edit the order's header")
  package var create = KeyBinding([.character("n")], help: "new order")
  package var confirm = KeyBinding([.character("c")], help: "confirm the order")
  package var cancel = KeyBinding([.character("x")], help: "cancel the order")

  /// The keys, with those `permissions` do not allow disabled; all enabled without permissions.
  package init(permissions: Permissions? = nil) {
    guard let permissions else { return }
    edit.isEnabled = permissions.editsOrders
    create.isEnabled = permissions.editsOrders
    confirm.isEnabled = permissions.editsOrders
    cancel.isEnabled = permissions.editsOrders
  }

  package var bindings: [KeyBinding] {
    [down, up, pageDown, pageUp, first, last, open, search, sort, reverse, filter, edit, create, confirm, cancel]
  }
}

/// Keys of an open order.
package struct DetailKeyMap: KeyMap {
  package var lineDown = KeyBinding([KeyEvent(.down), .character("j")], help: "next line")
  package var lineUp = KeyBinding([KeyEvent(.up), .character("k")], help: "previous line")
  package var editHeader = KeyBinding([.character("e")], help: "edit the order's header")
  package var editLine = KeyBinding([KeyEvent(.enter)], help: "edit the selected line")
  package var addLine = KeyBinding([.character("a")], help: "add a line")
  package var removeLine = KeyBinding([.character("d")], help: "remove the selected line")
  package var confirm = KeyBinding([.character("c")], help: "confirm the order")
  package var cancel = KeyBinding([.character("x")], help: "cancel the order")
  package var back = KeyBinding([KeyEvent(.escape)], help: "back to the list")

  /// The keys, with those `permissions` do not allow disabled; all enabled without permissions.
  package init(permissions: Permissions? = nil) {
    guard let permissions else { return }
    for keyPath in [\DetailKeyMap.editHeader, \.editLine, \.addLine, \.removeLine, \.confirm, \.cancel] {
      self[keyPath: keyPath].isEnabled = permissions.editsOrders
    }
  }

  package var bindings: [KeyBinding] {
    [lineDown, lineUp, editHeader, editLine, addLine, removeLine, confirm, cancel, back]
  }
}

/// Keys of the order edit form.
package struct FormKeyMap: KeyMap {
  package var next = KeyBinding([KeyEvent(.tab), KeyEvent(.down)], help: "next field")
  package var previous = KeyBinding([KeyEvent(.backTab), KeyEvent(.up)], help: "previous field")
  package var save = KeyBinding([KeyEvent(.enter), .control("s")], help: "save", keyLabel: "enter/ctrl+s")
  package var cancel = KeyBinding([KeyEvent(.escape)], help: "discard the changes")

  package init() {}
  package var bindings: [KeyBinding] { [next, previous, save, cancel] }
}

/// Keys of the sync queue.
package struct QueueKeyMap: KeyMap {
  package var down = KeyBinding([KeyEvent(.down), .character("j")], help: "next job")
  package var up = KeyBinding([KeyEvent(.up), .character("k")], help: "previous job")
  package var retry = KeyBinding([.character("R")], help: "retry the job")
  package var retryAll = KeyBinding([.character("A")], help: "retry every dead job")
  package var discard = KeyBinding([.character("D")], help: "discard the job")
  package var pause = KeyBinding([.character("p")], help: "pause or resume syncing")

  /// The keys, with those `permissions` do not allow disabled; all enabled without permissions.
  package init(permissions: Permissions? = nil) {
    guard let permissions else { return }
    retry.isEnabled = permissions.managesQueue
    retryAll.isEnabled = permissions.managesQueue
    discard.isEnabled = permissions.managesQueue
    pause.isEnabled = permissions.managesQueue
  }

  package var bindings: [KeyBinding] { [down, up, retry, retryAll, discard, pause] }
}

/// Keys of the conflicts pane.
package struct ConflictsKeyMap: KeyMap {
  package var nextOrder = KeyBinding([KeyEvent(.pageDown), .character("J")], help: "next order in conflict")
  package var previousOrder = KeyBinding([KeyEvent(.pageUp), .character("K")], help: "previous order in conflict")
  package var down = KeyBinding([KeyEvent(.down), .character("j")], help: "next field")
  package var up = KeyBinding([KeyEvent(.up), .character("k")], help: "previous field")
  package var pickLocal = KeyBinding([KeyEvent(.left), .character("h")], help: "keep the local value")
  package var pickRemote = KeyBinding([KeyEvent(.right), .character("l")], help: "take Odoo's value")
  package var allLocal = KeyBinding([.character("L")], help: "keep every local value")
  package var allRemote = KeyBinding([.character("O")], help: "take every Odoo value")
  package var apply = KeyBinding([KeyEvent(.enter), .character("a")], help: "apply the choices")

  /// The keys, with those `permissions` do not allow disabled; all enabled without permissions.
  package init(permissions: Permissions? = nil) {
    guard let permissions else { return }
    for keyPath in [\ConflictsKeyMap.pickLocal, \.pickRemote, \.allLocal, \.allRemote, \.apply] {
      self[keyPath: keyPath].isEnabled = permissions.resolvesConflicts
    }
  }

  package var bindings: [KeyBinding] {
    [nextOrder, previousOrder, down, up, pickLocal, pickRemote, allLocal, allRemote, apply]
  }
}

/// Keys of a confirmation dialog.
package struct DialogKeyMap: KeyMap {
  package var yes = KeyBinding([.character("y")], help: "yes")
  package var no = KeyBinding([.character("n"), KeyEvent(.escape)], help: "no", keyLabel: "n/esc")
  package var switchButton = KeyBinding([KeyEvent(.left), KeyEvent(.right), KeyEvent(.tab)], help: "other button")
  package var choose = KeyBinding([KeyEvent(.enter)], help: "press the selected button")

  package init() {}
  package var bindings: [KeyBinding] { [yes, no, switchButton, choose] }
}

extension AppState {
  /// The help sections for the pane in front, from the same key maps the reducer uses.
  package var helpSections: [HelpSection] {
    var sections = [HelpSection("Everywhere", keyMap: GlobalKeyMap())]
    switch pane {
    case .orders:
      if orders.form != nil { sections.append(HelpSection("Editing", keyMap: FormKeyMap())) }
      if orders.isCreating {
        break
      } else if orders.detail != nil || orders.detailRequested != nil {
        sections.append(HelpSection("Order", keyMap: DetailKeyMap(permissions: permissions)))
      } else {
        sections.append(HelpSection("Orders", keyMap: OrdersKeyMap(permissions: permissions)))
      }
    case .queue: sections.append(HelpSection("Sync queue", keyMap: QueueKeyMap(permissions: permissions)))
    case .health: break
    case .conflicts: sections.append(HelpSection("Conflicts", keyMap: ConflictsKeyMap(permissions: permissions)))
    }
    return sections
  }
}
