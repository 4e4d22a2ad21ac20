import TerminalKit

/// The demo's state, update and view. Lives on the terminal thread.
final class DemoApp {
  enum Tab: Int, CaseIterable {
    case orders, diff, form, widgets
    var title: String {
      switch self {
      case .orders: "Orders"
      case .diff: "Diff"
      case .form: "Form"
      case .widgets: "Widgets"
      }
    }
  }

  struct DemoError: Error, CustomStringConvertible {
    var description: String { "demo error thrown on purpose" }
  }

  private let pinger: Pinger
  private var orders: DemoOrders
  private var tab = Tab.orders
  private var table = TableState(selected: 0)
  private var diff = DiffViewState(selected: 0)
  private var form = FormState(values: ["Vetpharma GmbH", "12", ""])
  private var lastKey = "-"
  private var lastMouse = "-"
  private var pongs = 0
  private var heartbeats = 0
  private var showsHelp = false
  private var showsDialog = false
  private var dialogChoice = 1
  private var toast: String?
  private var size = Size(width: 0, height: 0)
  private var tableArea = Rect.zero
  private var tabsArea = Rect.zero

  init(rows: Int, pinger: Pinger) {
    self.orders = DemoOrders(rowCount: rows)
    self.pinger = pinger
  }

  private struct GlobalKeys: KeyMap {
    var quit = KeyBinding([.character("q")], help: "quit")
    var help = KeyBinding([.character("?")], help: "toggle help")
    var nextTab = KeyBinding([KeyEvent(.tab)], help: "next tab")
    var previousTab = KeyBinding([KeyEvent(.backTab)], help: "previous tab")
    var ping = KeyBinding([.character("p")], help: "ping the background actor")
    var toast = KeyBinding([.character("t")], help: "show a toast")
    var dialog = KeyBinding([.character("d")], help: "open a dialog")
    var fail = KeyBinding([.character("x")], help: "throw an error (restore test)")
    var bindings: [KeyBinding] { [quit, help, nextTab, previousTab, ping, toast, dialog, fail] }
  }

  private struct OrderKeys: KeyMap {
    var down = KeyBinding([KeyEvent(.down), .character("j")], help: "next order")
    var up = KeyBinding([KeyEvent(.up), .character("k")], help: "previous order")
    var page = KeyBinding([KeyEvent(.pageDown), KeyEvent(.pageUp)], help: "page", keyLabel: "pgdn/pgup")
    var ends = KeyBinding([KeyEvent(.home), KeyEvent(.end)], help: "first/last", keyLabel: "home/end")
    var sort = KeyBinding([.character("s")], help: "reverse sort")
    var bindings: [KeyBinding] { [down, up, page, ends, sort] }
  }

  private let keys = GlobalKeys()
  private let orderKeys = OrderKeys()

  // MARK: - Update

  func update(_ event: LoopEvent<DemoMessage>) throws -> LoopControl {
    switch event {
    case .input(.key(let key)):
      lastKey = key.description
      return try handle(key)
    case .input(.mouse(let mouse)):
      lastMouse = describe(mouse)
      handle(mouse)
    case .input(.resize(let newSize)):
      size = newSize
    case .input(.terminationRequested):
      return .quit
    case .message(.pong(let count)):
      pongs = count
    case .message(.heartbeat(let count)):
      heartbeats = count
    case .tick:
      break
    }
    return .continue
  }

  private func handle(_ key: KeyEvent) throws -> LoopControl {
    if showsDialog {
      switch key.key {
      case .left, .right, .tab: dialogChoice = 1 - dialogChoice
      case .enter, .escape: showsDialog = false
      default: break
      }
      return .continue
    }
    if showsHelp, key.key == .escape || keys.help.matches(key) {
      showsHelp = false
      return .continue
    }
    if tab == .form, form.handle(key) { return .continue }
    switch key {
    case _ where keys.quit.matches(key): return .quit
    case _ where keys.help.matches(key): showsHelp.toggle()
    case _ where keys.nextTab.matches(key): tab = Tab(rawValue: (tab.rawValue + 1) % Tab.allCases.count) ?? .orders
    case _ where keys.previousTab.matches(key):
      tab = Tab(rawValue: (tab.rawValue + Tab.allCases.count - 1) % Tab.allCases.count) ?? .orders
    case _ where keys.ping.matches(key):
      let pinger = self.pinger
      Task { await pinger.ping() }
    case _ where keys.toast.matches(key): toast = "Order PO-000042 synced"
    case _ where keys.dialog.matches(key): showsDialog = true
    case _ where keys.fail.matches(key): throw DemoError()
    case .character("1"), .character("2"), .character("3"), .character("4"):
      if case .character(let c) = key.key, let n = c.wholeNumberValue { tab = Tab(rawValue: n - 1) ?? tab }
    default:
      handleTabKey(key)
    }
    return .continue
  }

  private func handleTabKey(_ key: KeyEvent) {
    switch tab {
    case .orders:
      let page = max(1, tableArea.height - 3)
      if orderKeys.down.matches(key) { table.selectNext(count: orders.rowCount) }
      if orderKeys.up.matches(key) { table.selectPrevious(count: orders.rowCount) }
      if key == KeyEvent(.pageDown) { table.move(by: page, count: orders.rowCount) }
      if key == KeyEvent(.pageUp) { table.move(by: -page, count: orders.rowCount) }
      if key == KeyEvent(.home) { table.selectFirst(count: orders.rowCount) }
      if key == KeyEvent(.end) { table.selectLast(count: orders.rowCount) }
      if orderKeys.sort.matches(key) { orders.sortDescending.toggle() }
    case .diff:
      if key.key == .down { diff.selectNext(count: diffRows.count) }
      if key.key == .up { diff.selectPrevious(count: diffRows.count) }
    case .form, .widgets:
      break
    }
  }

  private func handle(_ mouse: MouseEvent) {
    switch mouse.kind {
    case .pressed(.left):
      if tabsArea.contains(mouse.position), let index = tabs.tab(atX: mouse.position.x, in: tabsArea) {
        tab = Tab(rawValue: index) ?? tab
      } else if tab == .orders, let row = table.row(atScreenY: mouse.position.y, firstRowY: tableArea.y + 2, count: orders.rowCount) {
        table.select(row)
      }
    case .wheelDown where tab == .orders: table.move(by: 3, count: orders.rowCount)
    case .wheelUp where tab == .orders: table.move(by: -3, count: orders.rowCount)
    default: break
    }
  }

  private func describe(_ mouse: MouseEvent) -> String {
    let kind: String
    switch mouse.kind {
    case .pressed(let button): kind = "press \(button)"
    case .released(let button): kind = "release \(button)"
    case .wheelUp: kind = "wheel up"
    case .wheelDown: kind = "wheel down"
    }
    return "\(kind) @\(mouse.position.x),\(mouse.position.y)"
  }

  // MARK: - View

  private var tabs: Tabs { Tabs(Tab.allCases.map(\.title)).select(tab.rawValue).highlightStyle(Style().foreground(.black).background(.cyan).bold()) }

  private var diffRows: [DiffRow] {
    [
      DiffRow("Vendor", ["Vetpharma", "Vetpharma", "Vetpharma GmbH"]),
      DiffRow("Quantity", ["10", "12", "15"]),
      DiffRow("Price", ["4.20", "4.20", "4.20"]),
      DiffRow("Note", ["deliver before 10:00", "deliver before 10:00, side door please", "deliver before 10:00"]),
      DiffRow("Line 3", [nil, "Gloves ×2 手袋", nil]),
      DiffRow("State", ["draft", "draft", "sent"]),
    ]
  }

  func render(_ frame: inout Frame) {
    size = frame.buffer.size
    let rows = Layout.vertical([.fixed(1), .fill(1), .fixed(1)]).split(frame.area)
    tabsArea = rows[0]
    frame.render(tabs, in: rows[0])
    switch tab {
    case .orders: renderOrders(&frame, in: rows[1])
    case .diff: frame.render(DiffView(titles: ["Base", "Local", "Odoo"], rows: diffRows).block(.bordered(title: "Conflict PO-000042")), in: rows[1], state: &diff)
    case .form: renderForm(&frame, in: rows[1])
    case .widgets: renderWidgets(&frame, in: rows[1])
    }
    let status = "\(size.width)x\(size.height) key:\(lastKey) mouse:\(lastMouse) pong:\(pongs) beat:\(heartbeats)"
    frame.render(StatusBar(status).hint("? help  q quit"), in: rows[2])
    if let toast { frame.render(Toast(toast, kind: .success), in: rows[1]) }
    if showsDialog {
      frame.render(Dialog(title: "Discard", message: "Discard 3 dead-lettered jobs?").buttons(["Discard", "Cancel"]).selectedButton(dialogChoice), in: frame.area)
    }
    if showsHelp {
      frame.render(HelpOverlay([HelpSection("Global", keyMap: keys), HelpSection("Orders", keyMap: orderKeys)]), in: frame.area)
    }
  }

  private func renderOrders(_ frame: inout Frame, in area: Rect) {
    tableArea = area
    let table = Table(columns: [
      TableColumn("Order", width: .fixed(9)),
      TableColumn("Vendor", width: .fill(2)),
      TableColumn("State", width: .fixed(9)),
      TableColumn("Total", width: .fixed(8), alignment: .right),
    ], rows: orders)
      .sort(SortIndicator(column: 0, ascending: !orders.sortDescending))
      .highlightSymbol("▶ ")
      .block(Block.bordered(title: "Purchase orders (\(orders.rowCount))").borderStyle(Style().foreground(.cyan)))
    frame.render(table, in: area, state: &self.table)
  }

  private func renderForm(_ frame: inout Frame, in area: Rect) {
    let quantityError = Int(form.values[1]) == nil ? "not a whole number" : nil
    let fields = [FormField("Vendor"), FormField("Quantity", error: quantityError), FormField("Note", placeholder: "optional")]
    frame.render(Form(fields).block(.bordered(title: "New order line")), in: area, state: &form)
    frame.cursor = form.inputs[form.focused].cursorPosition
  }

  private func renderWidgets(_ frame: inout Frame, in area: Rect) {
    let parts = Layout.vertical([.fixed(3), .fixed(3), .fill(1)]).split(area)
    let values = (0..<60).map { Double(($0 * 37 + heartbeats * 11) % 23) }
    frame.render(Sparkline(values).style(Style().foreground(.green)).block(.bordered(title: "req/s")), in: parts[0])
    frame.render(Gauge(ratio: 0.42).label("42 of 100 orders").filledStyle(Style().foreground(.black).background(.green)).block(.bordered(title: "Sync")), in: parts[1])
    let text = "Wide: 注文一覧 한국어 🐶🐱 🇪🇸🇫🇷 e\u{301}\nHostile: \u{1B}[31mred?\u{1B}[0m \u{202E}abc \u{7}bell\nTrue colour: mapped to the palette."
    frame.render(Paragraph([
      Line(text.split(separator: "\n").map(String.init)[0]),
      Line(text.split(separator: "\n").map(String.init)[1], style: Style().foreground(.red)),
      Line("True colour #1e90ff mapped to the palette", style: Style().foreground(.rgb(0x1E, 0x90, 0xFF))),
    ]).wrap().block(.bordered(title: "Text")), in: parts[2])
  }
}
