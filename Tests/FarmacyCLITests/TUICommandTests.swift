import FarmacyTestSupport
import Foundation
import Testing

@Suite struct TUICommandTests {
  @Test func noSubcommand_withoutATerminal_explainsAndExitsWithUsageStatus() throws {
    let farmacy = try Farmacy()
    let result = try farmacy.runArguments([], useDatabaseOption: false)
    #expect(result.status == 64)
    #expect(result.standardError.contains("the full-screen app needs a terminal"))
  }

  @Test func unknownRole_isAUsageError() throws {
    let farmacy = try Farmacy()
    let result = try farmacy.runArguments(["--role", "boss"], useDatabaseOption: false)
    #expect(result.status == 64)
    #expect(result.standardError.contains("--role must be staff, manager or support"))
  }
}
