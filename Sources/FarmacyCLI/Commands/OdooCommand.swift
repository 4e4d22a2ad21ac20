import ArgumentParser
import Foundation
import OdooKit

/// `farmacy odoo`: the connection to Odoo.
struct OdooCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "odoo", abstract: "Check the connection to Odoo.", subcommands: [OdooCheck.self])
}

/// `farmacy odoo check`: a compatibility self-test against the configured server.
struct OdooCheck: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Check that the configured Odoo works with Farmacy, step by step.",
    discussion: """
      Checks, in order: the configuration, that the server answers and which version it is, \
      the protocol Farmacy will use, that the login or API key is accepted (and when the key \
      expires, if Odoo says), read and write rights on purchase orders, and the field names of \
      this version. Each failure comes with the next step to take.

      Configuration: --config FILE (default $XDG_CONFIG_HOME/farmacy/config.toml) with an [odoo] \
      table, overridden by FARMACY_ODOO_URL, FARMACY_ODOO_DB, FARMACY_ODOO_USER, \
      FARMACY_ODOO_PASSWORD or FARMACY_ODOO_API_KEY, and FARMACY_ODOO_PROTOCOL.
      """)

  @Option(help: ArgumentHelp("The configuration file.", valueName: "file")) var config: String?
  @Option(help: ArgumentHelp("Force a protocol: jsonrpc, web or json2.", valueName: "protocol")) var `protocol`: String?
  @Flag(help: "Do not verify the server's TLS certificate (test servers only).") var insecure = false
  @Flag(help: "Print JSON.") var json = false

  struct Item: Encodable {
    enum Status: String, Encodable { case ok, failed, warning, skipped }
    var check: String
    var status: Status
    var detail: String
    var next_step: String?
  }

  func run() throws {
    try blockingAwait { try await runChecks() }
  }

  private func runChecks() async throws {
    var items: [Item] = []
    let environment = ProcessInfo.processInfo.environment
    var settings: OdooSettings?
    do {
      settings = try OdooSettingsLoader.load(explicitConfig: config, environment: environment)
      if settings == nil {
        items.append(
          Item(
            check: "configuration", status: .failed, detail: "no Odoo server is configured",
            next_step:
              "set FARMACY_ODOO_URL, FARMACY_ODOO_DB, FARMACY_ODOO_USER and FARMACY_ODOO_API_KEY, or write an [odoo] table in \(OdooSettingsLoader.configPath(explicit: config, environment: environment))"
          ))
      }
    } catch {
      items.append(Item(check: "configuration", status: .failed, detail: error.description, next_step: "fix the setting named"))
    }
    if var settings {
      if insecure { settings.insecure = true }
      if let text = `protocol` {
        guard let kind = OdooProtocolKind(rawValue: text) else {
          throw ValidationError("unknown protocol '\(text)'; use jsonrpc, web or json2")
        }
        settings.protocolKind = kind
      }
      if settings.insecure {
        Output.standardError("farmacy: warning: TLS certificate checks are off; use this only with a test server")
      }
      items.append(
        Item(
          check: "configuration", status: .ok,
          detail: "\(settings.url), database \(settings.database), user \(settings.user), "
            + (settings.secretIsAPIKey ? "API key" : "password")))
      items += await Self.checks(settings)
    }
    report(items)
    if items.contains(where: { $0.status == .failed }) { throw ExitCode(ExitStatus.notAllowed.rawValue) }
  }

  /// Runs the checks against the server; stops at the first failure that makes the rest moot.
  static func checks(_ settings: OdooSettings) async -> [Item] {
    var items: [Item] = []
    let client = OdooClient(
      endpoint: settings.endpoint, transport: CurlTransport(configuration: settings.transportConfiguration),
      retryPolicy: RetryPolicy(maxAttempts: 2), protocolKind: settings.protocolKind)
    let version: OdooServerVersion
    do {
      version = try await client.detectVersion()
      items.append(Item(check: "reachable", status: .ok, detail: "Odoo \(version) answers at \(settings.url)"))
    } catch {
      items.append(
        Item(
          check: "reachable", status: .failed, detail: error.description,
          next_step: "check the URL, that the server is up, and proxy settings (HTTPS_PROXY, NO_PROXY)"))
      return items
    }
    if version.major < 16 {
      items.append(
        Item(
          check: "version", status: .warning, detail: "Odoo \(version) is older than Farmacy knows (16 to 19)",
          next_step: "expect differences in the purchase model"))
    }
    let connection: OdooClient.Connection
    do {
      connection = try await client.connect()
    } catch {
      let next =
        error.code == .accessDenied
        ? "check the user and the password or API key (Odoo's Preferences → Account Security → New API Key)"
        : "see the message; run again with --protocol to try another protocol"
      items.append(Item(check: "login", status: .failed, detail: error.description, next_step: next))
      return items
    }
    let why: String =
      switch connection.protocolKind {
      case .json2: "the server has JSON-2 and an API key is configured"
      case .webSession: settings.protocolKind == nil ? "Odoo 19 deprecates /jsonrpc; no API key for JSON-2" : "chosen"
      case .jsonRPC: settings.protocolKind == nil ? "the server has no JSON-2" : "chosen"
      }
    items.append(Item(check: "protocol", status: .ok, detail: "\(connection.protocolKind.rawValue) (\(why))"))
    items.append(Item(check: "login", status: .ok, detail: "accepted as user id \(connection.uid)"))
    items.append(await keyExpiry(client, settings: settings, uid: connection.uid))
    do {
      let count = try await client.searchCount("purchase.order")
      items.append(Item(check: "read purchase orders", status: .ok, detail: "\(count) purchase orders visible"))
    } catch {
      items.append(
        Item(
          check: "read purchase orders", status: .failed, detail: error.description,
          next_step: "give the user the Purchase / User group in Odoo"))
    }
    do {
      let result = try await client.call(
        OdooCall(
          model: "purchase.order", method: "check_access_rights", arguments: [("operation", "write")],
          keywords: ["raise_exception": false]))
      if result.bool == true {
        items.append(Item(check: "write purchase orders", status: .ok, detail: "allowed"))
      } else {
        items.append(
          Item(
            check: "write purchase orders", status: .failed, detail: "the user may read but not write purchase orders",
            next_step: "give the user the Purchase / User group, or use Farmacy read-only"))
      }
    } catch {
      items.append(
        Item(
          check: "write purchase orders", status: .warning, detail: "could not be checked: \(error.description)",
          next_step: nil))
    }
    let fields = connection.fields
    items.append(
      Item(
        check: "field names", status: .ok,
        detail: "line unit \(fields.lineUnit), line taxes \(fields.lineTaxes), notes \(fields.orderNotes), locking by "
          + (fields.locksWithBoolean ? "the locked flag" : "state done")))
    return items
  }

  /// When the API key expires, if Odoo tells (18+ keys have an expiry date).
  static func keyExpiry(_ client: OdooClient, settings: OdooSettings, uid: Int) async -> Item {
    guard settings.secretIsAPIKey else {
      return Item(check: "key expiry", status: .skipped, detail: "a password is configured, not an API key")
    }
    do {
      let keys = try await client.searchRead(
        "res.users.apikeys", domain: [["user_id", "=", .int(uid)]], fields: ["name", "expiration_date"])
      let dates = keys.compactMap { $0["expiration_date"]?.string }.sorted()
      guard let soonest = dates.first else {
        return Item(check: "key expiry", status: .ok, detail: "the user's keys do not expire")
      }
      return Item(
        check: "key expiry", status: .ok, detail: "the soonest of the user's keys expires on \(soonest) UTC",
        next_step: "make a new key before then")
    } catch {
      return Item(check: "key expiry", status: .skipped, detail: "Odoo does not report key expiry to this user")
    }
  }

  func report(_ items: [Item]) {
    if json {
      struct Report: Encodable {
        var ok: Bool
        var checks: [Item]
      }
      Output.standardOutput(JSONOutput.encode(Report(ok: !items.contains { $0.status == .failed }, checks: items)))
      return
    }
    for item in items {
      let mark =
        switch item.status {
        case .ok: "✓"
        case .failed: "✗"
        case .warning: "!"
        case .skipped: "-"
        }
      Output.standardOutput("\(mark) \(TerminalText.pad(item.check, to: 24))\(TerminalText.safe(item.detail))")
      if let next = item.next_step, item.status != .ok {
        Output.standardOutput("  \(String(repeating: " ", count: 24))→ \(TerminalText.safe(next))")
      }
    }
  }
}
