import Foundation
import TerminalKit
import Testing

@testable import FarmacyApp

@Suite struct KeyConfigLoaderTests {
  @Test func keysTable_changesTheNamedActions_inBothSpellings() {
    let text = """
      [odoo]
      url = "https://odoo.example"

      [keys]
      "orders.sort" = "S"
      "global.sync_now" = ["F6", "ctrl+y"]

      [keys.queue]
      retry = "ctrl+t"
      """
    let (keys, warnings) = KeyConfigLoader.load(text, path: "config.toml")
    #expect(warnings == [])
    #expect(keys.orders.sort.keys == [.character("S")])
    #expect(keys.orders.sort.keyLabel == "S")
    #expect(keys.orders.sort.help == OrdersKeyMap().sort.help)
    #expect(keys.global.syncNow.keys == [KeyEvent(.function(6)), .control("y")])
    #expect(keys.queue.retry.keys == [.control("t")])
    #expect(keys.orders.reverse == OrdersKeyMap().reverse)
  }

  @Test func badEntries_areNamedWithLineAndKey_andKeepTheirDefaults() {
    let text = """
      [keys]
      "orders.sortt" = "S"
      "orders.search" = "ctrl+"
      "orders.filter" = 7
      "orders.reverse" = "R"
      """
    let (keys, warnings) = KeyConfigLoader.load(text, path: "/home/ana/.config/farmacy/config.toml")
    #expect(
      warnings == [
        "/home/ana/.config/farmacy/config.toml:4 (keys.orders.filter): must be a key or a list of keys, e.g. \"ctrl+s\"",
        "/home/ana/.config/farmacy/config.toml:3 (keys.orders.search): \"ctrl+\" is not a key; write e.g. \"s\", "
          + "\"ctrl+s\", \"F5\", \"esc\"",
        "/home/ana/.config/farmacy/config.toml:2 (keys.orders.sortt): unknown action; use map.action, e.g. "
          + "orders.sort (see the README)",
      ])
    #expect(keys.orders.search == OrdersKeyMap().search)
    #expect(keys.orders.filter == OrdersKeyMap().filter)
    #expect(keys.orders.reverse.keys == [.character("R")])
  }

  @Test func invalidTOML_namesTheLine_andUsesTheDefaults() {
    let (keys, warnings) = KeyConfigLoader.load("[keys]\n\"orders.sort\" = \"S\n", path: "config.toml")
    #expect(keys == KeyMaps())
    #expect(warnings.count == 1)
    #expect(warnings.first?.hasPrefix("config.toml:2: ") == true)
  }

  @Test func aKeyOnTwoActions_isReported() {
    let (keys, warnings) = KeyConfigLoader.load("[keys.orders]\nsort = \"j\"\n", path: "config.toml")
    #expect(keys.orders.sort.keys == [.character("j")])
    #expect(warnings == ["config.toml (keys): j is bound to both orders.down and orders.sort; orders.down wins"])
    let global = KeyConfigLoader.load("[keys.queue]\nretry = \"shift+tab\"\n", path: "config.toml").warnings
    #expect(
      global == [
        "config.toml (keys): shift+tab is bound to both queue.retry and global.previous_pane; global.previous_pane wins"
      ])
  }

  @Test func theDefaults_haveNoClashes() {
    #expect(KeyConfigLoader.clashes(in: KeyMaps()) == [])
  }

  @Test func everyActionHasAName_andEveryNameIsDistinct() {
    let names = KeyMaps.names.map(\.name)
    #expect(Set(names).count == names.count)
    let bindings =
      GlobalKeyMap().bindings.count + OrdersKeyMap().bindings.count + DetailKeyMap().bindings.count
      + FormKeyMap().bindings.count + PickerKeyMap().bindings.count + VendorPickerKeyMap().bindings.count
      + QueueKeyMap().bindings.count
      + RetryPreviewKeyMap().bindings.count + ConflictsKeyMap().bindings.count + AuditKeyMap().bindings.count
      + DialogKeyMap().bindings.count
    // Every binding can be configured, each pane's key too.
    #expect(names.count == bindings)
  }

  @Test(arguments: [
    ("s", KeyEvent.character("s")), ("S", .character("S")), ("shift+s", .character("S")), ("ctrl+S", .control("s")),
    ("alt+x", .alt("x")), ("F12", KeyEvent(.function(12))), ("esc", KeyEvent(.escape)), ("↑", KeyEvent(.up)),
    ("pgdn", KeyEvent(.pageDown)), ("space", .character(" ")), ("+", .character("+")), ("é", .character("é")),
  ])
  func parseKey_readsWhatHelpShows(text: String, expected: KeyEvent) {
    #expect(KeyConfigLoader.parseKey(text) == expected)
  }

  @Test(arguments: ["", "ctrl+", "hyper+x", "F0", "F99", "\u{7}", "two", " ", "shift+ß", "ctrl+\u{1B}"])
  func parseKey_refusesWhatIsNoKey(text: String) {
    #expect(KeyConfigLoader.parseKey(text) == nil)
  }

  @Test func theReducer_andTheHelp_useTheConfiguredKeys() {
    var state = loadedState()
    state.keys = KeyConfigLoader.load("[keys]\n\"orders.sort\" = \"S\"\n", path: "config.toml").keys
    #expect(reduce(&state, .keyPressed(.character("s"))) == [])
    #expect(state.orders.query.sort == .dateOrder)
    #expect(!reduce(&state, .keyPressed(.character("S"))).isEmpty)
    #expect(state.orders.query.sort != .dateOrder)
    let orders = state.helpSections.first { $0.title == "Orders" }
    #expect(orders?.bindings.contains { $0.keyLabel == "S" && $0.help == "sort by the next column" } == true)
  }
}
