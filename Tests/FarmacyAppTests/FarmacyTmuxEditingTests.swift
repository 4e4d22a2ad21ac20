import Foundation
import TerminalKitTestSupport
import Testing

/// The real binary in demo mode under tmux: adding a line through the product picker, and
/// keys changed in the config file.
@Suite(.serialized) struct FarmacyTmuxEditingTests {
  @Test func productPicker_searchesAsYouType_andTheNewLineIsSavedAndQueued() throws {
    let demo = try DemoTmuxSession(["--demo-orders", "20", "--demo-activity", "0", "--demo-interval", "3600"])
    defer { demo.close() }
    let session = demo.session
    try session.waitFor("Orders (20)", timeout: .seconds(60))
    try session.sendKeys("Enter")
    let detail = try session.waitFor("Lines (")
    let count = try #require(detail.firstMatch(of: /Lines \(([0-9]+)\)/))
    let before = try #require(Int(count.output.1))
    try session.sendKeys("a")
    let picker = try session.waitUntil(description: "the vendor's products") {
      $0.contains("'s catalogue") && $0.contains("Min qty") && $0.matches(of: /[A-Z]{3}-[0-9]{5}/).count >= 2
    }
    let codes = picker.matches(of: /[A-Z]{3}-[0-9]{5}/).map { String($0.output) }
    let wanted = try #require(codes.last)
    try session.sendLiteral(wanted)
    // The list narrows to the product typed.
    try session.waitUntil(description: "only \(wanted) listed") {
      $0.matches(of: /[A-Z]{3}-[0-9]{5}/).allSatisfy { $0.output == wanted } && $0.contains(wanted)
    }
    try session.sendKeys("Enter")
    try session.waitFor("New line \(wanted)")
    try session.sendKeys("C-u")
    try session.sendLiteral("3")
    try session.sendKeys("Enter")
    let saved = try session.waitUntil(description: "the order saved with one more line") {
      $0.contains("Lines (\(before + 1))") && $0.contains("queued for Odoo")
    }
    #expect(saved.contains(wanted))
    try session.sendKeys("2")
    try session.waitFor("update")
    try demo.quit()
  }

  @Test func newOrder_lineChosenWithThePicker_isCreatedWithTheVendorsProduct() throws {
    let demo = try DemoTmuxSession(["--demo-orders", "20", "--demo-activity", "0"])
    defer { demo.close() }
    let session = demo.session
    try session.waitFor("Orders (20)", timeout: .seconds(60))
    try session.sendKeys("n")
    try session.waitFor("New order")
    try session.sendLiteral("alpen")
    try session.sendKeys("C-o")
    // The vendor is chosen from the list, never guessed from part of its name.
    try session.waitUntil(description: "the vendor picker narrowed to Alpenvet") {
      $0.contains("Choose the new order's vendor") && $0.contains("Alpenvet Großhandel GmbH") && !$0.contains("Searching…")
    }
    try session.sendKeys("Enter")
    // Rows of products, not only the title: a capture can catch the picker half drawn.
    try session.waitUntil(description: "the vendor's catalogue in the picker") {
      $0.contains("Add a line from Alpenvet") && $0.contains(/[A-Z]{3}-[0-9]{5}/) && !$0.contains("Searching…")
    }
    try session.sendKeys("Enter")
    let form = try session.waitFor("added; change its quantity")
    let code = String(try #require(form.firstMatch(of: /Line ([A-Z]{3}-[0-9]{5}) added/)).output.1)
    #expect(form.contains("\(code):"))
    #expect(form.contains("Alpenvet Großhandel"))
    try session.sendKeys("Enter")
    let created = try session.waitFor("Created L00001")
    #expect(created.contains(code))
    // Odoo has never had it: confirming submits it through the saga, which reserves its stock.
    try session.sendKeys("c")
    try session.waitFor("Submit order")
    try session.sendKeys("y")
    // The engine answers after the round it runs for the command, by when Odoo may have named it.
    try session.waitFor("stock reserved, queued for Odoo", timeout: .seconds(30))
    try demo.quit()
  }

  @Test func changingAnRFQsVendor_repricesItsLines_andOdooHasTheNewVendorAfterSyncing() async throws {
    let demo = try DemoTmuxSession(
      ["--demo-orders", "300", "--demo-activity", "0", "--demo-interval", "3600"], width: 120, height: 30)
    defer { demo.close() }
    let session = demo.session
    let client = try await demo.odooClient()
    try demo.waitForFirstPull()
    // Drafts only, so the order opened may change vendor.
    try session.sendKeys("f")
    try session.waitUntil(description: "a page of drafts") {
      $0.contains("state draft") && $0.contains(#/│P[0-9]{5} /#)
    }
    try session.sendKeys("Enter")
    let detail = try session.waitFor("Lines (")
    let reference = String(try #require(detail.firstMatch(of: /P[0-9]{5}(?= · RFQ · ✓ synced)/)).output)
    // Another vendor billing in euros, as the demo's drafts are.
    let target = detail.contains("Alpenvet") ? "Harvest Paw Nutrition" : "Alpenvet Großhandel GmbH"
    try session.sendKeys("e")
    try session.waitFor("Vendor reference")
    try session.sendKeys("C-g")
    try session.waitFor("Another vendor for \(reference)")
    try session.sendLiteral(String(target.prefix(8)))
    try session.waitUntil(description: "only \(target) listed") {
      $0.contains(target) && !$0.contains("Searching…") && $0.contains("Currency")
        && $0.matches(of: #/ (EUR|GBP|USD) /#).count == 1
    }
    try session.sendKeys("Enter")
    try session.waitFor("→ New vendor \(target)")
    try session.sendKeys("Enter")
    let dialog = try session.waitFor("Change vendor")
    #expect(dialog.contains("Move \(reference) from"))
    try session.sendKeys("y")
    try session.waitUntil(description: "the change saved and queued") {
      $0.contains("queued for Odoo") && $0.contains("\(reference) · RFQ · ↑ pending")
    }
    try session.sendKeys("C-r")
    let synced = try session.waitFor("\(reference) · RFQ · ✓ synced", timeout: .seconds(30))
    #expect(synced.contains(target))

    let found = try await client.searchRead(
      "purchase.order", domain: [["name", "=", .string(reference)]], fields: ["partner_id"])
    #expect(found.first?["partner_id"]?.array?.last?.string == target)
    try demo.quit()
  }

  @Test func keysFromTheConfigFile_areUsed_andABadEntryIsNamedWithItsLine() throws {
    let demo = try DemoTmuxSession(
      ["--demo-orders", "20", "--demo-activity", "0"], width: 200, height: 40,
      configure: { directory in
        let folder = directory.appendingPathComponent("farmacy")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try """
        [keys]
        "orders.sort" = "S"
        "global.help" = "F1"
        "orders.filter" = "ctrl+"
        """.write(to: folder.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
      })
    defer { demo.close() }
    let session = demo.session
    let start = try session.waitFor("Orders (20)", timeout: .seconds(60))
    #expect(start.contains("config.toml:4 (keys.orders.filter): \"ctrl+\" is not a key"))
    try session.sendKeys("S")
    try session.waitFor("by arrival")
    // The default key no longer sorts: had it, the next S would reach "total", not "state".
    try session.sendKeys("s")
    // A key with a visible effect shows that `s` has been read before the screen is looked at.
    try session.sendKeys("F1")
    try session.waitFor("esc closes)")
    try session.sendKeys("Escape")
    try session.waitUntil(description: "the help closed, still by arrival") {
      !$0.contains("esc closes)") && $0.contains("by arrival")
    }
    try session.sendKeys("S")
    try session.waitFor("by state")
    try session.sendKeys("F1")
    let help = try session.waitFor("esc closes)")
    #expect(help.contains(/F1 +show or hide these keys/))
    #expect(help.contains(/S +sort by the next column/))
    try session.sendKeys("Escape")
    // Escape and q sent together would read as alt+q.
    try session.waitUntil(description: "help closed") { !$0.contains("esc closes)") }
    try demo.quit()
  }

  @Test func wheelOverTheList_movesTheSelection_andTheAuditTrailAndVendorFilterShow() throws {
    let demo = try DemoTmuxSession(["--demo-orders", "300", "--demo-activity", "0"])
    defer { demo.close() }
    let session = demo.session
    try session.waitFor("Orders (300)", timeout: .seconds(60))
    // Drafts only, so the order opened can be edited.
    try session.sendKeys("f")
    // The title names the filter at once; the rows are the drafts only once their page is in.
    let list = try session.waitUntil(description: "a page of drafts") {
      let rows = $0.matches(of: #/│(P[0-9]{5}) /#).count
      return $0.contains("state draft") && rows >= 2 && $0.matches(of: #/│P[0-9]{5} .* draft /#).count == rows
    }
    let references = list.matches(of: #/│(P[0-9]{5}) /#).map { String($0.output.1) }
    // The wheel over the list moves the selection one row down.
    try session.sendMouse(.wheelDown, x: 20, y: 5)
    try session.sendKeys("Enter")
    try session.waitFor("\(references[1]) · ")
    // An edit, so the order's trail has an entry of this session.
    try session.sendKeys("e")
    try session.waitFor("Vendor reference")
    try session.sendKeys("C-u")
    try session.sendLiteral("Wheel 1")
    try session.sendKeys("Enter")
    try session.waitFor("queued for Odoo")
    try session.sendKeys("t")
    let reference = references[1]
    let trail = try session.waitFor("Audit trail: \(reference) (")
    #expect(!trail.contains("Audit trail: \(reference) (0)"))
    try session.sendKeys("Escape")
    try session.waitUntil(description: "the trail closed") { !$0.contains("Audit trail") }
    try session.sendKeys("Escape")
    let count = { (screen: String) in screen.firstMatch(of: /Orders \(([0-9]+)\)/).map { String($0.output.1) } }
    let drafts = try session.waitUntil(description: "the drafts counted") {
      $0.contains("state draft") && count($0) != nil
    }
    try session.sendKeys("v")
    // The title has the filter at once and the count once the store has counted.
    let filtered = try session.waitUntil(description: "the vendor's drafts counted") {
      $0.contains(" · vendor ") && count($0) != nil
    }
    #expect(count(filtered) != count(drafts))
    try session.sendKeys("T")
    try session.waitFor("Audit trail: every order")
    try session.sendKeys("Escape")
    try session.waitUntil(description: "the trail closed") { !$0.contains("Audit trail") }
    try demo.quit()
  }
}
