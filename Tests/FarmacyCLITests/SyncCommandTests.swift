import FarmacyTestSupport
import Foundation
#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif
import Testing

/// `farmacy sync`, `status`, `queue`, `conflicts` and `audit`, end to end with the real binary.
@Suite(.serialized) struct SyncCommandTests {
  /// The environment of a run against an odoo-sim at `url`.
  static func odoo(_ url: String) -> [String: String] {
    ["FARMACY_ODOO_URL": url, "FARMACY_ODOO_DB": "farmacy", "FARMACY_ODOO_USER": "buyer", "FARMACY_ODOO_PASSWORD": "buyer"]
  }

  @Test func demoSync_pullsThenPushesALocalOrder() throws {
    let farmacy = try Farmacy()
    let environment = ["XDG_DATA_HOME": farmacy.folder.file("data")]
    let first = try farmacy.runArguments(["sync", "--demo", "--demo-orders", "40", "--json"], environment: environment)
    #expect(first.status == 0, "\(first.standardError)")
    let pulled = try Farmacy.json(first)
    #expect(pulled["pulled_new"] as? Int == 40)
    #expect(FileManager.default.fileExists(atPath: farmacy.folder.file("demo-odoo.json")))

    let created = try farmacy.run("orders", "create", "--vendor", "Alpenvet", "--line", "TAB-00001:12", "--json")
    #expect(created.status == 0, "\(created.standardError)")
    let queued = try farmacy.run("queue", "list", "--json")
    let jobs = try #require(try JSONSerialization.jsonObject(with: Data(queued.standardOutput.utf8)) as? [[String: Any]])
    #expect(jobs.count == 1)
    #expect(jobs.first?["kind"] as? String == "create")

    let second = try farmacy.runArguments(["sync", "--demo", "--demo-orders", "40", "--json"], environment: environment)
    #expect(try Farmacy.json(second)["pushed"] as? Int == 1)
    let shown = try Farmacy.json(try farmacy.run("orders", "show", "L00001", "--json"))
    #expect((shown["reference"] as? String)?.hasPrefix("P") == true)
    #expect(shown["sync"] as? String == "synced")

    let status = try Farmacy.json(try farmacy.run("status", "--json"))
    let queue = try #require(status["queue"] as? [[String: Any]])
    #expect(queue.allSatisfy { $0["count"] as? Int == 0 })
    #expect((status["breaker"] as? [String: Any])?["state"] as? String == "closed")
    #expect((status["server"] as? [String: Any])?["protocol"] as? String == "jsonrpc")

    let audit = try farmacy.run("audit", "--order", "L00001")
    #expect(audit.standardOutput.contains("sync.pushed"))
    #expect(audit.standardOutput.contains("order.created"))
  }

  @Test func sync_withoutConfiguration_saysHowToConfigure() throws {
    let farmacy = try Farmacy()
    let result = try farmacy.runArguments(["sync"], environment: ["XDG_CONFIG_HOME": farmacy.folder.file("config")])
    #expect(result.status == 69)
    #expect(result.standardError.contains("FARMACY_ODOO_URL"))
    #expect(result.standardError.contains("--demo"))
  }

  @Test func sync_usesTheConfiguredProtocol() throws {
    let farmacy = try Farmacy()
    let (sim, url, _) = try OdooCheckTests.startSimulator(version: "17.0", in: farmacy.folder)
    defer { sim.kill(signal: SIGTERM); _ = sim.wait() }
    var environment = Self.odoo(url)
    environment["FARMACY_ODOO_PROTOCOL"] = "web"
    let result = try farmacy.run("sync", "--quiet", environment: environment)
    #expect(result.status == 0, "\(result.standardError)")
    let stats = try #require(URL(string: url + "/sim/stats"))
    let body = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: stats)) as? [String: Any])
    let endpoints = try #require(body["by_endpoint"] as? [String: Int])
    #expect(endpoints["/web/session/authenticate"] != nil)
    #expect(endpoints["/web/dataset/call_kw"] ?? 0 > 0)
    #expect(endpoints["/jsonrpc"] == nil)
  }

  /// Calls `execute_kw` on the odoo-sim at `url` as its administrator; returns the result.
  @discardableResult
  static func execute(_ url: String, _ model: String, _ method: String, _ arguments: String, keywords: String = "{}")
    async throws -> Any
  {
    let body = """
      {"jsonrpc":"2.0","method":"call","id":1,"params":{"service":"object","method":"execute_kw",
      "args":["farmacy",2,"admin","\(model)","\(method)",\(arguments),\(keywords)]}}
      """
    var request = URLRequest(url: try #require(URL(string: url + "/jsonrpc")))
    request.httpMethod = "POST"
    request.httpBody = Data(body.utf8)
    request.setValue("application/json", forHTTPHeaderField: "Content-Type")
    let (data, _) = try await URLSession.shared.data(for: request)
    let reply = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    return try #require(reply["result"], "odoo-sim answered \(reply)")
  }

  /// Pulls from the odoo-sim, creates L00001 with a line of TAB-00001 and pushes it; returns
  /// the order's Odoo id.
  static func pushNewOrder(
    _ farmacy: Farmacy, _ environment: [String: String], sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> Int {
    #expect(try farmacy.run("sync", "--quiet", environment: environment).status == 0, sourceLocation: sourceLocation)
    let created = try farmacy.run("orders", "create", "--vendor", "Alpenvet", "--line", "TAB-00001:3")
    #expect(created.status == 0, "\(created.standardError)", sourceLocation: sourceLocation)
    #expect(try farmacy.run("sync", "--quiet", environment: environment).status == 0, sourceLocation: sourceLocation)
    let order = try Farmacy.json(try farmacy.run("orders", "show", "L00001", "--json"), sourceLocation: sourceLocation)
    return try #require(order["odoo_id"] as? Int, sourceLocation: sourceLocation)
  }

  @Test func conflicts_areShownAndResolvedFromTheCommandLine() async throws {
    let farmacy = try Farmacy()
    let (sim, url, _) = try OdooCheckTests.startSimulator(version: "17.0", in: farmacy.folder)
    defer { sim.kill(signal: SIGTERM); _ = sim.wait() }
    let environment = Self.odoo(url)
    let odooID = try Self.pushNewOrder(farmacy, environment)

    // Both sides change the notes.
    #expect(try farmacy.run("orders", "edit", "L00001", "--set", "notes=Ours").status == 0)
    try await Self.execute(url, "purchase.order", "write", #"[[\#(odooID)],{"notes":"Theirs"}]"#)

    #expect(try farmacy.run("sync", "--quiet", environment: environment).status == 0)
    let listed = try farmacy.run("conflicts", "list", "--json")
    let conflicts = try #require(try JSONSerialization.jsonObject(with: Data(listed.standardOutput.utf8)) as? [[String: Any]])
    #expect(conflicts.map { $0["field"] as? String } == ["notes"])
    #expect(try farmacy.run("conflicts", "show", "L00001").standardOutput.contains("Theirs"))

    let unknown = try farmacy.run("conflicts", "resolve", "L00001", "--take", "local", "--field", "origin=remote")
    #expect(unknown.status == 65)
    #expect(unknown.standardError.contains("origin is not in conflict"))
    let resolved = try farmacy.run("conflicts", "resolve", "L00001", "--take", "remote")
    #expect(resolved.status == 0, "\(resolved.standardError)")
    #expect(try farmacy.run("sync", "--quiet", environment: environment).status == 0)
    let after = try Farmacy.json(try farmacy.run("orders", "show", "L00001", "--json"))
    #expect((after["notes"] as? String)?.contains("Theirs") == true)
    #expect(after["sync"] as? String == "synced")
    #expect(try farmacy.run("audit", "--order", "L00001").standardOutput.contains("sync.conflict_resolved"))
  }

  @Test func conflicts_lineAddedOnBothSides_keepsBothCopiesInOdoo() async throws {
    let farmacy = try Farmacy()
    let (sim, url, _) = try OdooCheckTests.startSimulator(version: "17.0", in: farmacy.folder)
    defer { sim.kill(signal: SIGTERM); _ = sim.wait() }
    let environment = Self.odoo(url)
    let odooID = try Self.pushNewOrder(farmacy, environment)

    // Both sides add a line of the same product, with different quantities.
    let added = try farmacy.run("orders", "edit", "L00001", "--add-line", "TAB-00002:5")
    #expect(added.status == 0, "\(added.standardError)")
    let products = try #require(
      try await Self.execute(url, "product.product", "search", #"[[["default_code","=","TAB-00002"]]]"#) as? [Int])
    let product = try #require(products.first)
    try await Self.execute(
      url, "purchase.order", "write",
      #"[[\#(odooID)],{"order_line":[[0,0,{"product_id":\#(product),"product_qty":7}]]}]"#)
    #expect(try farmacy.run("sync", "--quiet", environment: environment).status == 0)

    let shown = try farmacy.run("conflicts", "show", "L00001")
    #expect(shown.standardOutput.contains("lines[TAB-00002].quantity"))
    #expect(
      shown.standardOutput.contains("--keep-both LINE keeps both copies of a line added here and in Odoo: TAB-00002"),
      "\(shown.standardOutput)")
    let shownJSON = try farmacy.run("conflicts", "show", "L00001", "--json")
    let conflicts = try #require(
      try JSONSerialization.jsonObject(with: Data(shownJSON.standardOutput.utf8)) as? [[String: Any]])
    #expect(!conflicts.isEmpty)
    #expect(conflicts.allSatisfy { $0["line"] as? String == "TAB-00002" && $0["keep_both"] as? Bool == true })

    let notTwin = try farmacy.run("conflicts", "resolve", "L00001", "--take", "local", "--keep-both", "TAB-00001")
    #expect(notTwin.status == 65)
    #expect(
      notTwin.standardError.contains(
        "line TAB-00001 was not added on both sides, so it cannot be kept twice; lines added on both sides: TAB-00002"),
      "\(notTwin.standardError)")
    let picked = try farmacy.run(
      "conflicts", "resolve", "L00001", "--take", "local", "--keep-both", "TAB-00002", "--field",
      "lines[TAB-00002].quantity=remote")
    #expect(picked.status == 65)
    #expect(picked.standardError.contains("cannot take a side when both copies of line TAB-00002 are kept"))

    let resolved = try farmacy.run("conflicts", "resolve", "L00001", "--take", "remote", "--keep-both", "TAB-00002", "--json")
    #expect(resolved.status == 0, "\(resolved.standardError)")
    #expect(try Farmacy.json(resolved)["kept_both"] as? [String] == ["TAB-00002"])
    #expect(try farmacy.run("sync", "--quiet", environment: environment).status == 0)

    let lines = try #require(
      try await Self.execute(
        url, "purchase.order.line", "search_read", #"[[["order_id","=",\#(odooID)]]]"#,
        keywords: #"{"fields":["product_id","product_qty"]}"#) as? [[String: Any]])
    let quantities = lines.filter { ($0["product_id"] as? [Any])?.first as? Int == product }.compactMap {
      $0["product_qty"] as? Double
    }
    #expect(quantities.sorted() == [5, 7], "\(lines)")
    let after = try Farmacy.json(try farmacy.run("orders", "show", "L00001", "--json"))
    #expect(after["sync"] as? String == "synced")

    let audit = try farmacy.run("audit", "--order", "L00001", "--json")
    let entries = try #require(try JSONSerialization.jsonObject(with: Data(audit.standardOutput.utf8)) as? [[String: Any]])
    let resolution = try #require(entries.first { $0["action"] as? String == "sync.conflict_resolved" })
    let details = try #require(
      try JSONSerialization.jsonObject(with: Data((resolution["details"] as? String ?? "").utf8)) as? [String: Any])
    #expect(details["kept_both"] as? [String] == ["TAB-00002"])
    let choices = try #require(details["choices"] as? [[String: Any]])
    #expect(!choices.isEmpty && choices.allSatisfy { $0["chosen"] as? String == "both" })
  }

  @Test func queue_retryAndDiscard_refuseUnknownJobs() throws {
    let farmacy = try Farmacy()
    #expect(try farmacy.run("queue", "retry").status == 64)
    let discard = try farmacy.run("queue", "discard", "42")
    #expect(discard.status == 66)
    #expect(discard.standardError.contains("no unfinished job 42"))
  }
}
