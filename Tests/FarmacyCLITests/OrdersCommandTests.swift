import FarmacyTestSupport
import Foundation
import Testing

@Suite struct OrdersCommandTests {
  @Test func seedThenList_printsAnAlignedTable_newestFirst() throws {
    let farmacy = try Farmacy(seedOrders: 300)
    let result = try farmacy.run("orders", "list", "--limit", "5")
    #expect(result.status == 0)
    let lines = result.standardOutput.split(separator: "\n").map(String.init)
    #expect(lines.first?.hasPrefix("Reference  Vendor") == true)
    #expect(lines[2].hasPrefix("P00300"))
    #expect(lines.last?.hasPrefix("5 of 300 order(s); next page: --after ") == true)
    #expect(result.standardError.isEmpty)
  }

  @Test func listJSON_isStable_andPagesWithTheCursor() throws {
    let farmacy = try Farmacy(seedOrders: 120)
    let first = try Farmacy.json(try farmacy.run("orders", "list", "--limit", "100", "--sort", "reference", "--ascending", "--json"))
    #expect(first["total_count"] as? Int == 120)
    let orders = try #require(first["orders"] as? [[String: Any]])
    #expect(orders.count == 100)
    #expect(orders.first?["reference"] as? String == "P00001")
    let keys = Set(orders[0].keys)
    #expect(keys == [
      "id", "odoo_id", "reference", "vendor", "state", "state_label", "priority", "date_order", "date_planned",
      "total", "currency", "line_count", "sync", "revision",
    ])
    let cursor = try #require(first["next_cursor"] as? String)
    let second = try Farmacy.json(
      try farmacy.run("orders", "list", "--limit", "100", "--sort", "reference", "--ascending", "--after", cursor, "--json"))
    let rest = try #require(second["orders"] as? [[String: Any]])
    #expect(rest.map { $0["reference"] as? String } == (101...120).map { String(format: "P%05d", $0) })
    #expect(second["next_cursor"] == nil || second["next_cursor"] is NSNull)
  }

  @Test func filtersAndSearch_narrowTheList() throws {
    let farmacy = try Farmacy(seedOrders: 300)
    let locked = try Farmacy.json(try farmacy.run("orders", "list", "--state", "locked", "--json", "--limit", "1000"))
    let lockedOrders = try #require(locked["orders"] as? [[String: Any]])
    #expect(!lockedOrders.isEmpty)
    #expect(lockedOrders.allSatisfy { $0["state"] as? String == "locked" })
    let vendor = try Farmacy.json(try farmacy.run("orders", "list", "--vendor", "alpenvet", "--json", "--limit", "1000"))
    let vendorOrders = try #require(vendor["orders"] as? [[String: Any]])
    #expect(vendorOrders.allSatisfy { ($0["vendor"] as? [String: Any])?["name"] as? String == "Alpenvet Großhandel GmbH" })
    let search = try Farmacy.json(try farmacy.run("orders", "list", "--search", "P00042", "--json"))
    #expect((search["orders"] as? [[String: Any]])?.map { $0["reference"] as? String } == ["P00042"])
  }

  @Test func createEditConfirmCancel_endToEnd() throws {
    let farmacy = try Farmacy(seedOrders: 10)
    let created = try farmacy.run(
      "orders", "create", "--vendor", "Northbridge", "--line", "TAB-00001:12", "--line", "TAB-00003:2.5@13.90",
      "--origin", "Clinic request #7", "--json")
    #expect(created.status == 0, "\(created.standardError)")
    let body = try Farmacy.json(created)
    let order = try #require(body["order"] as? [String: Any])
    #expect(order["reference"] as? String == "L00001")
    #expect(order["sync"] as? String == "pending")
    #expect(body["job_id"] as? Int == 1)
    let lines = try #require(order["lines"] as? [[String: Any]])
    #expect(lines.count == 2)
    #expect(lines[1]["unit_price"] as? String == "13.90")
    #expect(lines[1]["quantity"] as? String == "2.5")

    let edited = try farmacy.run(
      "orders", "edit", "L00001", "--set-line", "1:quantity=20", "--remove-line", "2", "--add-line", "TAB-00005:4",
      "--set", "vendor_reference=SO-1", "--set", "priority=urgent")
    #expect(edited.status == 0, "\(edited.standardError)")
    #expect(edited.standardOutput.hasPrefix("Saved L00001"))

    let shown = try Farmacy.json(try farmacy.run("orders", "show", "L00001", "--json"))
    #expect(shown["priority"] as? String == "urgent")
    #expect(shown["vendor_reference"] as? String == "SO-1")
    #expect((shown["lines"] as? [[String: Any]])?.map { $0["product_code"] as? String } == ["TAB-00001", "TAB-00005"])
    #expect((shown["lines"] as? [[String: Any]])?.first?["quantity"] as? String == "20")
    #expect(shown["available_actions"] as? [String] == ["send", "confirm", "cancel"])

    let confirmed = try farmacy.run("orders", "confirm", "L00001")
    #expect(confirmed.status == 0)
    #expect(confirmed.standardOutput.hasPrefix("Confirmed L00001 (Purchase Order"))

    let removal = try farmacy.run("orders", "edit", "L00001", "--remove-line", "1")
    #expect(removal.status == 65)
    #expect(removal.standardError.contains("cannot delete a line of a confirmed order"))

    let again = try farmacy.run("orders", "confirm", "L00001")
    #expect(again.status == 69)
    #expect(again.standardError == "farmacy: cannot confirm an order in state \"Purchase Order\"\n")

    let cancelled = try farmacy.run("orders", "cancel", "L00001")
    #expect(cancelled.standardOutput.hasPrefix("Cancelled L00001"))
    let pending = try Farmacy.json(try farmacy.run("orders", "list", "--sync", "pending", "--json"))
    #expect(pending["total_count"] as? Int == 1)
  }

  @Test func invalidInput_isRefused_withFieldAndRule() throws {
    let farmacy = try Farmacy(seedOrders: 0)
    let zero = try farmacy.run("orders", "create", "--vendor", "Alpenvet", "--line", "TAB-00001:0", "--json")
    #expect(zero.status == 65)
    let error = try Farmacy.jsonError(zero)
    #expect(error["code"] as? String == "validation")
    let issues = try #require(error["issues"] as? [[String: Any]])
    #expect(issues.first?["field"] as? String == "lines[1].quantity")
    #expect(issues.first?["rule"] as? String == "must_be_positive")
    #expect(zero.standardOutput.isEmpty)

    let escape = try farmacy.run("orders", "create", "--vendor", "Alpenvet", "--line", "TAB-00001:1", "--origin", "\u{1B}[2J")
    #expect(escape.status == 65)
    #expect(escape.standardError.contains("origin: must not contain control characters (found U+001B)"))
    #expect(!escape.standardError.contains("\u{1B}"))

    for (arguments, status, message) in [
      (["orders", "create", "--vendor", "nobody", "--line", "TAB-00001:1"], Int32(66), "no vendor matches"),
      (["orders", "create", "--vendor", "Alpenvet", "--line", "NOPE-1:1"], 66, "no product with code"),
      (["orders", "create", "--vendor", "Alpenvet", "--line", "TAB-00001"], 65, "expected CODE:QTY"),
      (["orders", "create", "--vendor", "Alpenvet", "--line", "TAB-00001:1@1.234"], 65, "at most 2 decimals"),
      (["orders", "show", "P99999"], 66, "no order \"P99999\""),
      (["orders", "list", "--state", "shipped"], 64, "unknown state"),
      (["orders", "list", "--sort", "colour"], 64, "unknown sort field"),
    ] {
      let result = try farmacy.runArguments(arguments)
      #expect(result.status == status, "\(arguments): \(result.standardError)")
      #expect(result.standardError.contains(message), "\(arguments): \(result.standardError)")
    }
    let list = try Farmacy.json(try farmacy.run("orders", "list", "--json"))
    #expect(list["total_count"] as? Int == 0, "refused commands must write nothing")
  }

  @Test func hostileTextInTheDatabase_isNeverPrintedRaw() throws {
    let farmacy = try Farmacy(seedOrders: 3)
    let sql = "UPDATE purchase_order SET vendor_name = 'Evil' || char(27) || '[2J' || char(8238) || 'rednev' WHERE reference = 'P00001'"
    let result = try ChildProcess.run("/usr/bin/sqlite3", [farmacy.database, sql], in: farmacy.folder)
    #expect(result.status == 0)
    for arguments in [["orders", "list"], ["orders", "show", "P00001"]] {
      let output = try farmacy.runArguments(arguments)
      #expect(output.status == 0)
      #expect(output.standardOutput.contains("Evil\u{FFFD}[2J\u{FFFD}rednev"))
      #expect(!output.standardOutput.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E })
    }
  }

  @Test func wideCharacters_keepColumnsAligned() throws {
    let farmacy = try Farmacy(seedOrders: 400)
    let result = try farmacy.run("orders", "list", "--search", "東京", "--limit", "3")
    let lines = result.standardOutput.split(separator: "\n").dropLast().map(String.init)
    // The "Ordered" column starts at the same display column on every row.
    let positions = lines.map { line -> Int in
      var width = 0
      for character in line {
        if character.isNumber && width > 12 { return width }
        width += character.unicodeScalars.first.map { (0x4E00...0x9FFF).contains($0.value) } == true ? 2 : 1
      }
      return -1
    }
    #expect(positions.count == 5)
    #expect(Set(positions.dropFirst(2)).count == 1, "\(result.standardOutput)")
  }
}
