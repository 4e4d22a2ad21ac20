import FarmacyDemoData
import FarmacyDomain
import Foundation
import Synchronization

/// How a simulated database starts.
package enum SeedKind: Sendable, Equatable, Codable {
  /// Company, currencies, units, taxes and users only.
  case empty
  /// The demo pharmacy of ``DemoDataGenerator``: `orders` orders from `seed`, dated before
  /// `today` (start of the current UTC day when `nil`).
  case demo(orders: Int, seed: UInt64, today: Date?)
}

/// Everything that decides what a fresh simulator holds and how it behaves.
package struct OdooEngineConfiguration: Sendable {
  package var databaseName = "farmacy"
  package var version: OdooVersion = .v17
  package var seed: SeedKind = .demo(orders: 2_000, seed: 42, today: nil)
  /// The admin's API key; generated from ``keySeed`` when `nil`.
  package var adminAPIKey: String?
  /// Seeds the generated API keys and session ids, so that runs are reproducible.
  package var keySeed: UInt64 = 42
  /// Two-step approval: orders of a purchase user at or above this total go to "To Approve".
  package var secondApprovalFrom: Double?
  /// `po_lock = 'lock'`: approval locks the order at once.
  package var lockOnApproval = false
  /// Idle seconds after which a web session expires.
  package var sessionLifetime: TimeInterval = 7 * 86_400
  package var loginCooldownThreshold = 5
  package var loginCooldownDuration: TimeInterval = 60

  package init(
    databaseName: String = "farmacy", version: OdooVersion = .v17,
    seed: SeedKind = .demo(orders: 2_000, seed: 42, today: nil), adminAPIKey: String? = nil, keySeed: UInt64 = 42
  ) {
    self.databaseName = databaseName
    self.version = version
    self.seed = seed
    self.adminAPIKey = adminAPIKey
    self.keySeed = keySeed
  }
}

/// The simulated Odoo server: its database, users and sessions, behind one lock.
///
/// Every protocol adapter (JSON-RPC, web session, XML-RPC, JSON-2) is a thin layer that
/// authenticates and then calls ``call(uid:model:method:args:kwargs:)`` or
/// ``callNamed(uid:model:method:arguments:)``. Tests and the demo can call those directly,
/// in-process, with no HTTP at all.
///
/// Each call runs under the lock as one transaction, which is what Odoo's serializable
/// PostgreSQL transactions amount to for a client: calls never interleave, and a call that
/// fails changes nothing. The transaction time comes from the injected `clock`.
package final class OdooEngine: Sendable {
  package let configuration: OdooEngineConfiguration
  private let clock: @Sendable () -> Date
  private let state: Mutex<State>

  struct State: Sendable {
    var database: Database
    var accounts: AccountBook
  }

  /// Creates and seeds a simulator.
  ///
  /// - Parameters:
  ///   - configuration: Database name, version persona, seeding and company settings.
  ///   - clock: The time source for transaction times, sessions and the login cooldown.
  package init(
    configuration: OdooEngineConfiguration = OdooEngineConfiguration(),
    clock: @escaping @Sendable () -> Date = { Date() }
  ) {
    self.configuration = configuration
    self.clock = clock
    state = Mutex(Self.freshState(configuration, now: clock()))
  }

  package var version: OdooVersion { configuration.version }
  package var databaseName: String { configuration.databaseName }
  package var now: Date { clock() }

  /// The logins of this database, with their passwords and API keys.
  package var accounts: [Account] { state.withLock { $0.accounts.accounts } }

  static func defaultAccounts(_ configuration: OdooEngineConfiguration) -> [Account] {
    var generator = SplitMix(seed: configuration.keySeed ^ 0x0D00_51A1)
    let adminKey = configuration.adminAPIKey ?? generator.apiKey()
    let buyerKey = generator.apiKey()
    let viewerKey = generator.apiKey()
    let colleagueKey = generator.apiKey()
    return [
      Account(
        uid: SeedIDs.admin, login: "admin", password: "admin", name: "Mitchell Admin", role: .administrator,
        apiKeys: [adminKey]),
      Account(
        uid: SeedIDs.buyer, login: "buyer", password: "buyer", name: "Bea Buyer", role: .purchaseUser,
        apiKeys: [buyerKey]),
      Account(
        uid: SeedIDs.viewer, login: "viewer", password: "viewer", name: "Vic Viewer", role: .readOnly,
        apiKeys: [viewerKey]),
      Account(
        uid: SeedIDs.colleague, login: "colleague", password: "colleague", name: "Cora Colleague", role: .purchaseUser,
        apiKeys: [colleagueKey]),
    ]
  }

  private static func freshState(_ configuration: OdooEngineConfiguration, now: Date) -> State {
    let accounts = defaultAccounts(configuration)
    var database = Database(version: configuration.version)
    database.seedBase(accounts: accounts, now: now)
    if case .demo(let orders, let seed, let today) = configuration.seed {
      let anchor = today ?? Date(timeIntervalSince1970: (now.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400)
      database.seedDemo(DemoDataGenerator(seed: seed, count: orders, anchor: anchor), now: now)
    }
    if var company = database.record("res.company", SeedIDs.company) {
      if let threshold = configuration.secondApprovalFrom {
        company["po_double_validation"] = "two_step"
        company["po_double_validation_amount"] = .double(threshold)
      }
      if configuration.lockOnApproval { company["po_lock"] = "lock" }
      database.put("res.company", SeedIDs.company, company)
    }
    var book = AccountBook(accounts: accounts, seed: configuration.keySeed)
    book.sessionLifetime = configuration.sessionLifetime
    book.cooldown = LoginCooldownStateMachine(
      threshold: configuration.loginCooldownThreshold, duration: configuration.loginCooldownDuration)
    return State(database: database, accounts: book)
  }

  /// Puts the database back to its seeded state; sessions and the cooldown are cleared.
  package func reset() {
    let fresh = Self.freshState(configuration, now: clock())
    state.withLock { $0 = fresh }
  }

  /// Replaces the database with a saved one (see ``StateFile``); the version must match.
  package func restore(_ saved: OdooValue) throws(OdooServerError) {
    let database = try Database.restoring(saved)
    guard database.version == version else {
      throw OdooServerError(
        .valueError, "the state file is for Odoo \(database.version.rawValue), not \(version.rawValue)")
    }
    state.withLock { $0.database = database }
  }

  // MARK: - Authentication

  private func checkDatabase(_ name: String) throws(OdooServerError) {
    guard name == configuration.databaseName else {
      throw OdooServerError(.operationalError, "FATAL:  database \"\(name)\" does not exist\n")
    }
  }

  /// `common.login` / `common.authenticate`: the uid, or `nil` (`False`) for bad credentials
  /// or during the cooldown. API keys are accepted.
  package func login(database: String, login: String, password: String, source: String) throws(OdooServerError) -> Int?
  {
    try checkDatabase(database)
    let now = clock()
    return state.withLock { state in
      try? state.accounts.verify(login: login, uid: nil, secret: password, source: source, allowAPIKey: true, now: now)
        .uid
    }
  }

  /// `res.users.check` for `object.execute(_kw)`: AccessDenied unless `uid` and the password or
  /// key match. Failures count towards the cooldown.
  package func checkCredentials(database: String, uid: Int, password: String, source: String) throws(OdooServerError)
    -> Account
  {
    try checkDatabase(database)
    let now = clock()
    return try state.withLock { state throws(OdooServerError) in
      try state.accounts.verify(login: nil, uid: uid, secret: password, source: source, allowAPIKey: true, now: now)
    }
  }

  /// `/web/session/authenticate`: checks the password (never an API key: those are for
  /// non-interactive use only) and opens a new session.
  package func authenticateSession(database: String, login: String, password: String, source: String)
    throws(OdooServerError) -> (account: Account, sessionID: String)
  {
    guard database == configuration.databaseName else { throw OdooServerError(.accessError, "Database not found.") }
    let now = clock()
    return try state.withLock { state throws(OdooServerError) in
      let account = try state.accounts.verify(
        login: login, uid: nil, secret: password, source: source, allowAPIKey: false, now: now)
      return (account, state.accounts.openSession(uid: account.uid, now: now))
    }
  }

  /// The account a web session belongs to, or `nil` when it is missing or expired.
  package func sessionAccount(_ sessionID: String) -> Account? {
    let now = clock()
    return state.withLock { state in
      state.accounts.useSession(sessionID, now: now).flatMap { state.accounts.account(uid: $0) }
    }
  }

  package func destroySession(_ sessionID: String) { state.withLock { $0.accounts.destroySession(sessionID) } }

  /// Ends every web session now (the "session expiry" fault).
  package func expireAllSessions() { state.withLock { $0.accounts.expireAllSessions() } }

  /// Changes how long idle web sessions live.
  package func setSessionLifetime(_ seconds: TimeInterval) { state.withLock { $0.accounts.sessionLifetime = seconds } }

  /// The account of a JSON-2 bearer key.
  package func account(apiKey: String) -> Account? { state.withLock { $0.accounts.account(apiKey: apiKey) } }

  package func account(uid: Int) -> Account? { state.withLock { $0.accounts.account(uid: uid) } }

  /// Clears the login cooldown of every source.
  package func clearCooldown() { state.withLock { $0.accounts.cooldown.reset() } }

  // MARK: - Calls

  /// Calls `model.method` with positional `args` and keyword `kwargs`, as `execute_kw` and
  /// `/web/dataset/call_kw` do. The `context` keyword becomes the call's context.
  ///
  /// - Returns: The method's result, `nil` standing for Python's `None`.
  /// - Throws: ``OdooServerError`` as the method would raise it; nothing has changed then.
  package func call(uid: Int, model: String, method: String, args: [OdooValue], kwargs: [String: OdooValue] = [:])
    throws(OdooServerError) -> OdooValue?
  {
    var keywords = kwargs
    let context = keywords.removeValue(forKey: "context")?.objectValue ?? [:]
    return try run(uid: uid, context: context) { database, env throws(OdooServerError) in
      let signature = try database.signature(model: model, method: method)
      let bound = try signature.bind(args: args, kwargs: keywords)
      return try Self.execute(&database, model: model, bound: bound, signature: signature, env: env)
    }
  }

  /// Calls `model.method` with JSON-2's named arguments: `ids` and `context` are special, the
  /// rest bind by name. Binding errors become 422 (`UnprocessableEntity`), and `create`
  /// always answers a list.
  package func callNamed(uid: Int, model: String, method: String, arguments: [String: OdooValue])
    throws(OdooServerError) -> OdooValue?
  {
    var named = arguments
    let ids = named.removeValue(forKey: "ids") ?? .array([])
    let context = named.removeValue(forKey: "context")?.objectValue ?? [:]
    let result = try run(uid: uid, context: context) { database, env throws(OdooServerError) in
      let found: MethodSignature?
      do {
        found = try database.signature(model: model, method: method)
      } catch {
        // JSON-2 answers 404 for an unknown model and for an unknown or private method.
        found = nil
      }
      guard let signature = found else {
        throw OdooServerError(
          .notFound, "404: Not Found", arguments: ["The requested URL was not found on the server."])
      }
      let recordIDs: [Int]
      do throws(OdooServerError) {
        recordIDs = try MethodSignature.ids(from: ids)
      } catch {
        throw OdooServerError(.unprocessableEntity, error.message)
      }
      var positional: [OdooValue] = []
      if signature.kind == .records {
        positional = [.array(recordIDs.map(OdooValue.int))]
      } else if !recordIDs.isEmpty {
        throw OdooServerError(.unprocessableEntity, "cannot call \(model).\(method) with ids")
      }
      let bound: BoundCall
      do throws(OdooServerError) {
        bound = try signature.bind(args: positional, kwargs: named)
      } catch {
        throw OdooServerError(.unprocessableEntity, error.message)
      }
      return try Self.execute(&database, model: model, bound: bound, signature: signature, env: env)
    }
    if method == "create", case .int(let id) = result { return .array([.int(id)]) }
    return result
  }

  private static func execute(
    _ database: inout Database, model: String, bound: BoundCall, signature: MethodSignature, env: CallEnvironment
  ) throws(OdooServerError) -> OdooValue? {
    if signature.mutates {
      try database.checkAccess(
        model, signature.name == "create" || signature.name == "load" ? .create : .write, env: env)
    }
    return try database.execute(model: model, call: bound, signature: signature, env: env)
  }

  /// Runs `body` as one transaction for `uid`, at the clock's current time.
  private func run(
    uid: Int, context: [String: OdooValue],
    _ body: (inout Database, CallEnvironment) throws(OdooServerError) -> OdooValue?
  ) throws(OdooServerError) -> OdooValue? {
    let now = clock()
    return try state.withLock { state throws(OdooServerError) -> OdooValue? in
      guard let account = state.accounts.account(uid: uid) else { throw OdooServerError.accessDenied() }
      let env = CallEnvironment(uid: uid, role: account.role, now: now, context: context)
      return try state.database.transaction { (database: inout Database) throws(OdooServerError) -> OdooValue? in
        try body(&database, env)
      }
    }
  }

  /// Reads the database under the lock, for inspection and tests.
  package func withDatabase<T>(_ body: (Database) throws -> T) rethrows -> T {
    try state.withLock { state in try body(state.database) }
  }

  /// Changes the database under the lock, as one transaction, outside any user's rights.
  package func modifyDatabase<T: Sendable>(_ body: (inout Database, Date) throws(OdooServerError) -> T)
    throws(OdooServerError) -> T
  {
    let now = clock()
    return try state.withLock { state throws(OdooServerError) -> T in
      try state.database.transaction { (database: inout Database) throws(OdooServerError) -> T in
        try body(&database, now)
      }
    }
  }

  /// The admin switch: marks an order billed and/or received (`nil` leaves a flag alone).
  package func setOrderFlags(orderID: Int, billed: Bool?, received: Bool?) throws(OdooServerError) {
    try modifyDatabase { database, now throws(OdooServerError) in
      try database.setOrderFlags(orderID, billed: billed, received: received, now: now)
    }
  }

  /// What `/web/session/authenticate` answers: `session_info()`.
  package func sessionInfo(for account: Account) -> OdooValue {
    let partnerID = withDatabase { $0.record("res.users", account.uid)?["partner_id"] ?? .null }
    let info = version.versionInfo
    return [
      "uid": .int(account.uid), "is_system": .bool(account.role == .administrator),
      "is_admin": .bool(account.role == .administrator), "is_public": false, "is_internal_user": true,
      "user_context": ["lang": "en_US", "tz": "Europe/Brussels", "uid": .int(account.uid)],
      "db": .string(databaseName), "server_version": info["server_version"] ?? .null,
      "server_version_info": info["server_version_info"] ?? .null, "name": .string(account.name),
      "username": .string(account.login), "partner_display_name": .string(account.name),
      "partner_id": partnerID, "web.base.url": "http://localhost:8069",
      "user_companies": [
        "current_company": 1,
        "allowed_companies": [
          "1": ["id": 1, "name": "Farmacy Veterinary Pharmacy", "sequence": 10, "parent_id": false, "child_ids": []]
        ],
      ],
      "currencies": ["1": ["symbol": "€", "position": "after", "digits": [69, 2]]],
      "support_url": "https://www.odoo.com/buy",
    ]
  }
}
