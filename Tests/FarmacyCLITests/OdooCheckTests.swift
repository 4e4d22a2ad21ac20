import FarmacyTestSupport
import Foundation
import Testing

/// `farmacy odoo check` against a real odoo-sim process on loopback.
@Suite(.serialized) struct OdooCheckTests {
  /// Starts `odoo-sim --port 0` and returns it with its URL and the printed API keys by login.
  static func startSimulator(version: String, in folder: TemporaryDirectory) throws -> (
    ChildProcess, url: String, keys: [String: String]
  ) {
    let sim = try ChildProcess(
      BuiltProducts.path("odoo-sim"), ["--port", "0", "--version", version, "--orders", "20"], workingDirectory: folder)
    #expect(sim.waitForOutput(containing: "control:"))
    let output = sim.standardOutputSoFar
    let url = output.split(separator: "\n").first { $0.contains("listening on ") }
      .map { String($0.split(separator: " ").last ?? "") } ?? ""
    var keys: [String: String] = [:]
    for line in output.split(separator: "\n") where line.contains(" / ") {
      let parts = line.split(separator: "/").map { $0.trimmingCharacters(in: .whitespaces) }
      if parts.count >= 3 { keys[parts[0]] = String(parts[2].split(separator: " ").first ?? "") }
    }
    return (sim, url, keys)
  }

  func check(_ farmacy: Farmacy, _ environment: [String: String], _ extra: [String] = []) throws -> ProcessResult {
    try farmacy.runArguments(
      ["odoo", "check"] + extra, environment: environment.merging(["XDG_CONFIG_HOME": farmacy.folder.file("config")]) { a, _ in a },
      useDatabaseOption: false)
  }

  @Test func nothingConfigured_saysWhatToSet() throws {
    let farmacy = try Farmacy()
    let result = try check(farmacy, [:])
    #expect(result.status == 69)
    #expect(result.standardOutput.contains("✗ configuration"))
    #expect(result.standardOutput.contains("FARMACY_ODOO_URL"))
  }

  @Test func purchaseUser_onOdoo17_passesEveryCheck() throws {
    let farmacy = try Farmacy()
    let (sim, url, _) = try Self.startSimulator(version: "17.0", in: farmacy.folder)
    defer { sim.kill(signal: SIGTERM); _ = sim.wait() }
    let environment = [
      "FARMACY_ODOO_URL": url, "FARMACY_ODOO_DB": "farmacy", "FARMACY_ODOO_USER": "buyer", "FARMACY_ODOO_PASSWORD": "buyer",
    ]
    let result = try check(farmacy, environment, ["--json"])
    #expect(result.status == 0, "\(result.standardOutput)")
    let report = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    #expect(report["ok"] as? Bool == true)
    let checks = try #require(report["checks"] as? [[String: Any]])
    let byName = Dictionary(uniqueKeysWithValues: checks.map { ($0["check"] as? String ?? "", $0) })
    #expect(byName["protocol"]?["detail"] as? String == "jsonrpc (the server has no JSON-2)")
    #expect((byName["field names"]?["detail"] as? String)?.contains("product_uom,") == true)
    #expect(!result.standardOutput.contains("\"buyer\""), "the password must not be printed")
  }

  @Test func apiKey_onOdoo19_choosesJSON2() throws {
    let farmacy = try Farmacy()
    let (sim, url, keys) = try Self.startSimulator(version: "19.0", in: farmacy.folder)
    defer { sim.kill(signal: SIGTERM); _ = sim.wait() }
    let key = try #require(keys["admin"])
    let environment = [
      "FARMACY_ODOO_URL": url, "FARMACY_ODOO_DB": "farmacy", "FARMACY_ODOO_USER": "admin", "FARMACY_ODOO_API_KEY": key,
    ]
    let result = try check(farmacy, environment)
    #expect(result.status == 0, "\(result.standardOutput)")
    #expect(result.standardOutput.contains("✓ protocol                json2"))
    #expect(result.standardOutput.contains("product_uom_id"))
    #expect(!result.standardOutput.contains(key))
  }

  @Test func wrongPassword_andReadOnlyUser_failWithANextStep() throws {
    let farmacy = try Farmacy()
    let (sim, url, _) = try Self.startSimulator(version: "17.0", in: farmacy.folder)
    defer { sim.kill(signal: SIGTERM); _ = sim.wait() }
    let base = ["FARMACY_ODOO_URL": url, "FARMACY_ODOO_DB": "farmacy"]
    let wrong = try check(farmacy, base.merging(["FARMACY_ODOO_USER": "buyer", "FARMACY_ODOO_PASSWORD": "nope"]) { a, _ in a })
    #expect(wrong.status == 69)
    #expect(wrong.standardOutput.contains("✗ login"))
    #expect(wrong.standardOutput.contains("→ check the user and the password or API key"))
    let viewer = try check(farmacy, base.merging(["FARMACY_ODOO_USER": "viewer", "FARMACY_ODOO_PASSWORD": "viewer"]) { a, _ in a })
    #expect(viewer.status == 69)
    #expect(viewer.standardOutput.contains("✓ read purchase orders"))
    #expect(viewer.standardOutput.contains("✗ write purchase orders"))
  }

  @Test func unreachableServer_failsAtReachable() throws {
    let farmacy = try Farmacy()
    let result = try check(
      farmacy,
      ["FARMACY_ODOO_URL": "http://127.0.0.1:1", "FARMACY_ODOO_DB": "x", "FARMACY_ODOO_USER": "u", "FARMACY_ODOO_PASSWORD": "p"])
    #expect(result.status == 69)
    #expect(result.standardOutput.contains("✗ reachable"))
    #expect(result.standardOutput.contains("HTTPS_PROXY"))
  }

  @Test func configFile_withASecretReadableByOthers_isRefused() throws {
    let farmacy = try Farmacy()
    let path = farmacy.folder.file("farmacy.toml")
    try """
      [odoo]
      url = "http://127.0.0.1:1"
      database = "farmacy"
      user = "buyer"
      password = "hunter2"
      """.write(toFile: path, atomically: true, encoding: .utf8)
    chmod(path, 0o644)
    let result = try check(farmacy, [:], ["--config", path])
    #expect(result.status == 69)
    #expect(result.standardOutput.contains("readable by other users; run `chmod 600 \(path)` first"))
    #expect(!result.standardOutput.contains("hunter2"))
    chmod(path, 0o600)
    let private_ = try check(farmacy, [:], ["--config", path])
    #expect(private_.standardOutput.contains("✓ configuration"))
  }

  @Test func configFile_withAnUnknownKey_namesTheLineAndKey() throws {
    let farmacy = try Farmacy()
    let path = farmacy.folder.file("farmacy.toml")
    try "[odoo]\nurl = \"http://x\"\ndatabse = \"typo\"\n".write(toFile: path, atomically: true, encoding: .utf8)
    let result = try check(farmacy, [:], ["--config", path])
    #expect(result.standardOutput.contains("\(path):3 (odoo.databse): unknown key"))
    try "[odoo\nurl = 1\n".write(toFile: path, atomically: true, encoding: .utf8)
    let broken = try check(farmacy, [:], ["--config", path])
    #expect(broken.standardOutput.contains("\(path):1"))
  }
}
