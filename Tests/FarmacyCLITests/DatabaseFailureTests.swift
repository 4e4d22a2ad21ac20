import FarmacyTestSupport
import Foundation
import GRDB
import Testing

@Suite struct DatabaseFailureTests {
  @Test func missingFolder_givesOneClearMessage_andStatus73() throws {
    let farmacy = try Farmacy()
    let result = try farmacy.runArguments(["orders", "list", "--db", farmacy.folder.file("nope/x.sqlite")], useDatabaseOption: false)
    #expect(result.status == 73)
    #expect(result.standardError.hasPrefix("farmacy: cannot open the database"))
    #expect(result.standardError.contains("folder does not exist"))
    #expect(result.standardError.split(separator: "\n").count == 1)
  }

  @Test func corruptFile_givesOneClearMessage_andStatus74() throws {
    let farmacy = try Farmacy()
    try Data("definitely not sqlite".utf8).write(to: URL(fileURLWithPath: farmacy.database))
    let result = try farmacy.run("orders", "list")
    #expect(result.status == 74)
    #expect(result.standardError.contains("is damaged or is not a Farmacy database"))
    let json = try farmacy.run("orders", "list", "--json")
    #expect(try Farmacy.jsonError(json)["code"] as? String == "corrupt")
  }

  @Test func lockedDatabase_givesStatus75_afterTheBusyTimeout() throws {
    let farmacy = try Farmacy(seedOrders: 2)
    let other = try DatabaseQueue(path: farmacy.database)
    try other.inDatabase { db in
      try db.execute(sql: "BEGIN IMMEDIATE; INSERT INTO sync_cursor (name, updated_at_ms) VALUES ('x', 0)")
      let result = try farmacy.run(
        "orders", "create", "--vendor", "Alpenvet", "--line", "TAB-00001:1", "--busy-timeout", "0")
      #expect(result.status == 75)
      #expect(result.standardError.contains("locked by another process"))
      // Reading still works while another process writes (WAL).
      #expect(try farmacy.run("orders", "list").status == 0)
      try db.execute(sql: "ROLLBACK")
    }
    #expect(try farmacy.run("orders", "create", "--vendor", "Alpenvet", "--line", "TAB-00001:1").status == 0)
  }

  @Test func readOnlyDatabase_givesStatus73() throws {
    let farmacy = try Farmacy(seedOrders: 2)
    let binary = BuiltProducts.path("farmacy")
    let arguments = ["orders", "create", "--vendor", "Alpenvet", "--line", "TAB-00001:1", "--db", farmacy.database]
    let result: ProcessResult
    if geteuid() == 0 {
      // Root writes anywhere; run as nobody, who can read the file but not write it.
      chmod(farmacy.folder.path, 0o755)
      result = try ChildProcess.run(
        "/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", binary] + arguments, in: farmacy.folder)
    } else {
      chmod(farmacy.database, 0o444)
      result = try ChildProcess.run(binary, arguments, in: farmacy.folder)
    }
    #expect(result.status == 73, "\(result.standardError)")
    #expect(result.standardError.contains("read-only"))
  }

  @Test func defaultLocation_followsXDGDataHome_andFarmacyDB() throws {
    let farmacy = try Farmacy()
    let xdg = farmacy.folder.file("xdg")
    let path = try farmacy.runArguments(["db", "path"], environment: ["XDG_DATA_HOME": xdg], useDatabaseOption: false)
    #expect(path.standardOutput == xdg + "/farmacy/farmacy.sqlite\n")
    let seeded = try farmacy.runArguments(
      ["demo", "seed", "--orders", "3"], environment: ["XDG_DATA_HOME": xdg], useDatabaseOption: false)
    #expect(seeded.status == 0, "\(seeded.standardError)")
    #expect(FileManager.default.fileExists(atPath: xdg + "/farmacy/farmacy.sqlite"))
    let viaEnvironment = try farmacy.runArguments(
      ["db", "path"], environment: ["FARMACY_DB": "/elsewhere/f.sqlite", "XDG_DATA_HOME": xdg], useDatabaseOption: false)
    #expect(viaEnvironment.standardOutput == "/elsewhere/f.sqlite\n")
  }

  @Test func seed_refusesToOverwrite_unlessReset() throws {
    let farmacy = try Farmacy(seedOrders: 5)
    let again = try farmacy.run("demo", "seed", "--orders", "5")
    #expect(again.status == 65)
    #expect(again.standardError.contains("already holds 5 orders"))
    let reset = try farmacy.run("demo", "seed", "--orders", "7", "--reset", "--json")
    #expect(try Farmacy.json(reset)["orders"] as? Int == 7)
  }

  @Test func dbCheck_reportsASoundDatabase() throws {
    let farmacy = try Farmacy(seedOrders: 5)
    let check = try Farmacy.json(try farmacy.run("db", "check", "--json"))
    #expect(check["ok"] as? Bool == true)
    #expect(check["journal_mode"] as? String == "wal")
    #expect(check["orders"] as? Int == 5)
  }
}
