import Foundation
import OdooKit
import TerminalKit
import TerminalKitTestSupport
import Testing

/// The real binary in demo mode under tmux, through the parts of sync a person watches: an
/// outage opening and closing the breaker, a conflict settled by a manager and refused to
/// staff, and resizing in the middle of an edit.
@Suite(.serialized) struct FarmacyTmuxSyncTests {
  @Test func outage_opensTheBreaker_andItClosesAgainWhenOdooIsBack() throws {
    // Rounds every half second and a short recovery, so the breaker's whole cycle takes seconds.
    let demo = try DemoTmuxSession([
      "--demo-orders", "20", "--demo-activity", "0", "--demo-interval", "0.5", "--demo-breaker-recovery", "2",
    ])
    defer { demo.close() }
    let session = demo.session
    try session.waitFor("Orders (20)", timeout: .seconds(60))
    try session.sendKeys("3")
    try session.waitFor("CIRCUIT CLOSED")
    try session.sendKeys(":")
    try session.sendLiteral("outage 6")
    try session.sendKeys("Enter")
    // The sampled state and the transition's event arrive separately: wait for both.
    let open = try session.waitUntil(description: "the breaker open, with its transition", timeout: .seconds(30)) {
      $0.contains("CIRCUIT OPEN") && $0.contains("closed → open")
    }
    #expect(open.contains("Odoo unreachable: circuit open"))
    let closed = try session.waitUntil(description: "the breaker closed again", timeout: .seconds(40)) {
      $0.contains("CIRCUIT CLOSED") && $0.contains("half-open → closed")
    }
    #expect(closed.contains("open → half-open"))
    try demo.quit()
  }

  @Test func conflict_settledByAManager_isGone_andTheKeptValueReachesOdoo() async throws {
    let (demo, reference, client) = try await DemoTmuxSession.withConflict(
      role: "manager", local: "Local ref 7", remote: "Remote ref 9")
    defer { demo.close() }
    let session = demo.session
    try session.waitFor("keep 1 local, take 0 from Odoo")
    // Odoo's value for the field, then back to the local one: the last pick counts.
    try session.sendKeys("l")
    try session.waitFor("keep 0 local, take 1 from Odoo")
    try session.sendKeys("h")
    try session.waitFor("keep 1 local, take 0 from Odoo")
    try session.sendKeys("Enter")
    try session.waitFor("Settle 1 field(s) of \(reference)")
    try session.sendKeys("y")
    try session.waitFor("No open conflicts", timeout: .seconds(20))
    #expect(!(try session.capture()).contains("4 Conflicts (1)"))

    // The settled order goes to Odoo with the next round.
    try session.sendKeys("2")
    try session.sendKeys("C-r")
    try session.waitFor("Nothing waiting", timeout: .seconds(30))
    let found = try await client.searchRead(
      "purchase.order", domain: [["name", "=", .string(reference)]], fields: ["partner_ref"])
    #expect(found.first?["partner_ref"]?.string == "Local ref 7")
    try demo.quit()
  }

  @Test func conflictOnALine_settledWholeLineLocal_restFromOdoo_andOdooGetsTheLinesValues() async throws {
    let demo = try DemoTmuxSession([
      "--demo-orders", "20", "--demo-activity", "0", "--demo-interval", "3600", "--role", "manager",
    ])
    defer { demo.close() }
    let session = demo.session
    // The vendor reference and the first line's quantity and price, edited here…
    let (reference, client) = try await demo.makeConflict(local: "Local ref 7", remote: "Remote ref 9") {
      let detail = try session.waitFor("Lines (")
      let code = String(try #require(detail.firstMatch(of: /│ ([A-Z]{3}-[0-9]{5})\s/)).output.1)
      try session.sendKeys("Enter")
      try session.waitFor("Unit price")
      try session.sendKeys("C-u")
      try session.sendLiteral("77")
      try session.sendKeys("Tab")
      try session.sendKeys("C-u")
      try session.sendLiteral("3.33")
      try session.sendKeys("Enter")
      try session.waitUntil(description: "the line saved") { !$0.contains("Unit price") && $0.contains("3.33") }
      return code
    } remoteEdit: { client, odooID, code in
      // …and in Odoo, through the order's lines as Odoo's own forms write them.
      let lines = try await client.searchRead(
        "purchase.order.line", domain: [["order_id", "=", .int(odooID)]], fields: ["id", "product_id"])
      let line = try #require(
        lines.first { $0["product_id"]?.array?.last?.string?.contains("[\(code)]") == true }, "no \(code) line in Odoo")
      let lineID = try #require(line["id"]?.int)
      return [
        "order_line": .array([
          .array([.int(1), .int(lineID), .object(["product_qty": .double(55), "price_unit": .double(4.44)])])
        ])
      ]
    }
    try session.sendKeys("4")
    try session.waitUntil(description: "the line's fields side by side", timeout: .seconds(15)) {
      $0.contains("\(reference) (3)") && $0.contains("keep 3 local, take 0 from Odoo") && $0.contains("55")
    }
    // Every field from Odoo, then the whole line back to this machine's values with one key.
    try session.sendKeys("O")
    try session.waitFor("keep 0 local, take 3 from Odoo")
    try session.sendKeys("j")
    try session.sendKeys("h")
    let picked = try session.waitFor("keep 2 local, take 1 from Odoo")
    #expect(picked.contains("every field from this machine"))
    try session.sendKeys("Enter")
    try session.waitFor("Settle 3 field(s) of \(reference)")
    try session.sendKeys("y")
    try session.waitFor("No open conflicts", timeout: .seconds(20))

    try session.sendKeys("2")
    try session.sendKeys("C-r")
    try session.waitFor("Nothing waiting", timeout: .seconds(30))
    let order = try await client.searchRead(
      "purchase.order", domain: [["name", "=", .string(reference)]], fields: ["id", "partner_ref"])
    #expect(order.first?["partner_ref"]?.string == "Remote ref 9")
    let odooID = try #require(order.first?["id"]?.int)
    let lines = try await client.searchRead(
      "purchase.order.line", domain: [["order_id", "=", .int(odooID)]], fields: ["product_qty", "price_unit"])
    #expect(lines.contains { $0["product_qty"]?.double == 77 && $0["price_unit"]?.double == 3.33 })
    #expect(!lines.contains { $0["product_qty"]?.double == 55 })
    try demo.quit()
  }

  @Test func conflict_asStaff_isReadOnly_andSettlingIsRefused() async throws {
    let (demo, _, _) = try await DemoTmuxSession.withConflict(role: "staff", local: "Mine", remote: "Theirs")
    defer { demo.close() }
    let session = demo.session
    // The toast about the new conflict sits over the pane's last lines for its five seconds.
    try session.waitFor("Only a manager can settle conflicts; you are viewing them as staff.", timeout: .seconds(15))
    for (number, key) in ["l", "O", "Enter"].enumerated() {
      // Another message first, so each refusal is read from a screen drawn after its key.
      try session.sendKeys(":")
      try session.sendLiteral("nothing\(number)")
      try session.sendKeys("Enter")
      try session.waitFor("Unknown command \"nothing\(number)\"")
      try session.sendKeys(key)
      let refused = try session.waitFor("A staff role cannot settle conflicts; a manager can.")
      #expect(!refused.contains("Settle 1 field(s)"))
      #expect(refused.contains("keep 1 local, take 0 from Odoo"))
    }
    #expect(try session.capture().contains("4 Conflicts (1)"))
    try demo.quit()
  }

  @Test func resizeInTheMiddleOfAnEdit_keepsTheTypedText_andQuitRestoresTheTerminal() throws {
    let (session, directory) = try DemoTmuxSession.inShell(["--demo-orders", "50", "--demo-activity", "0"])
    defer {
      session.close()
      try? FileManager.default.removeItem(at: directory)
    }
    try session.waitFor("Orders (50)", timeout: .seconds(60))
    try session.sendKeys("Enter")
    try session.waitFor("Lines (")
    try session.sendKeys("e")
    try session.waitFor("Vendor reference")
    try session.sendKeys("C-u")
    try session.sendLiteral("Größe 動物")

    try session.resize(width: 200, height: 60)
    // Every part in one condition: a capture can land in the middle of a redraw.
    try session.waitUntil(description: "the dashboard with the form") {
      $0.contains("┌ Sync queue") && $0.contains("┌ Health") && $0.contains("Größe 動物")
    }
    try session.resize(width: 40, height: 10)
    try session.waitFor("needs at least")
    try session.resize(width: 80, height: 24)
    let narrow = try session.waitUntil(description: "the form at 80×24") {
      $0.contains("Vendor reference") && $0.contains("Größe 動物") && !$0.contains("┌ Sync queue")
    }
    // tmux lays the wide characters out by its own table: the form's right border still ends the
    // line at the 80th column, so the app measured them as tmux does.
    let typed = try #require(narrow.split(separator: "\n").first { $0.contains("Größe 動物") })
    #expect(typed.hasSuffix("│"))
    #expect(DisplayWidth.of(String(typed)) == 80)
    try session.sendKeys("Escape")
    try session.waitFor("Edit discarded.")
    try session.sendKeys("q")
    try session.waitFor("[exit:0]", timeout: .seconds(20))
    try DemoTmuxSession.expectTerminalRestored(session)
  }
}
