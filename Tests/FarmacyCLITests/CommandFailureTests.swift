import FarmacyStore
import Testing

@testable import FarmacyCLI

@Suite struct CommandFailureTests {
  /// An edit refused because the order changed under it is worth repeating, not a bug.
  @Test func aConcurrentEdit_isReportedAsTryAgain_withTheFieldsNamed() {
    let failure = CommandFailure(ConcurrentEditError(reference: "P00042", fields: ["notes", "lines[TAB-00001].price"]))
    #expect(failure.status == .tryAgain)
    #expect(failure.code == "concurrent_edit")
    #expect(failure.message.hasPrefix("P00042 changed while you were editing it (notes, lines[TAB-00001].price)"))
  }
}

@Suite struct OdooSettingsTests {
  @Test func anAddressWithALoginInside_isRefused_andTheMessageHoldsNoPassword() {
    let environment = [
      "FARMACY_ODOO_URL": "https://buyer:s3cret-pass@erp.example.com/odoo", "FARMACY_ODOO_DB": "pharmacy",
      "FARMACY_ODOO_USER": "buyer", "FARMACY_ODOO_API_KEY": "k-123456", "XDG_CONFIG_HOME": "/nonexistent",
    ]
    do {
      _ = try OdooSettingsLoader.load(explicitConfig: nil, environment: environment)
      Issue.record("accepted")
    } catch {
      #expect(error.description.contains("url"))
      #expect(!error.description.contains("s3cret"))
    }
    var plain = environment
    plain["FARMACY_ODOO_URL"] = "https://erp.example.com/odoo?next=/web@home"
    #expect((try? OdooSettingsLoader.load(explicitConfig: nil, environment: plain))??.url == "https://erp.example.com/odoo?next=/web@home")
  }

  @Test func aTimeoutInQuotesOrOutOfRange_andAFlagInQuotes_areMistakesWithTheirLine() {
    let head = "[odoo]\nurl = \"https://erp.example.com\"\ndatabase = \"p\"\nuser = \"u\"\n"
    for (line, expected) in [
      ("timeout_seconds = \"90s\"", "from 1 to 3600"), ("timeout_seconds = 10000000000000000", "from 1 to 3600"),
      ("insecure = \"yes\"", "true or false"),
    ] {
      do {
        _ = try OdooSettingsLoader.parse(head + line + "\n", path: "config.toml")
        Issue.record("\(line) accepted")
      } catch {
        #expect(error.description.contains(expected), "\(line): \(error)")
        #expect(error.description.contains("config.toml:5"), "\(line): \(error)")
      }
    }
    #expect((try? OdooSettingsLoader.parse(head + "timeout_seconds = 90\n", path: "c"))?["timeout_seconds"] == "90")
  }
}
