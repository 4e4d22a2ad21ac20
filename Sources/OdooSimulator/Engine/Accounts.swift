import Foundation

/// One login of the simulated database.
package struct Account: Sendable, Codable, Equatable {
  package var uid: Int
  package var login: String
  package var password: String
  package var name: String
  package var role: UserRole
  /// 40-hex API keys, usable in place of the password for RPC only.
  package var apiKeys: [String]
  package var active = true

  package init(uid: Int, login: String, password: String, name: String, role: UserRole, apiKeys: [String]) {
    self.uid = uid
    self.login = login
    self.password = password
    self.name = name
    self.role = role
    self.apiKeys = apiKeys
  }
}

/// Odoo's login cooldown: after `threshold` failures from one source, every attempt from it is
/// refused for `duration` after the last failure, even with the right password
/// (odoo-api.md §7). A success clears the count. Pure: the time is passed in.
package struct LoginCooldownStateMachine: Sendable {
  package var threshold = 5
  package var duration: TimeInterval = 60
  private var failures: [String: (count: Int, last: Date)] = [:]

  package init(threshold: Int = 5, duration: TimeInterval = 60) {
    self.threshold = threshold
    self.duration = duration
  }

  /// Whether `source` is cooling down at `now` (`_on_login_cooldown`).
  package func isCoolingDown(_ source: String, now: Date) -> Bool {
    guard threshold > 0, let entry = failures[source] else { return false }
    return entry.count >= threshold && now.timeIntervalSince(entry.last) < duration
  }

  package mutating func recordFailure(_ source: String, now: Date) {
    failures[source] = ((failures[source]?.count ?? 0) + 1, now)
  }

  package mutating func recordSuccess(_ source: String) { failures[source] = nil }

  package mutating func reset() { failures = [:] }
}

/// A web session (`session_id` cookie) and when it was last used.
package struct WebSession: Sendable, Equatable {
  package var uid: Int
  package var lastUsed: Date
}

/// Users, keys, the login cooldown and web sessions: everything authentication needs.
package struct AccountBook: Sendable {
  package var accounts: [Account]
  package var cooldown = LoginCooldownStateMachine()
  package var sessions: [String: WebSession] = [:]
  /// Sessions idle longer than this expire (`sessions.max_inactivity_seconds`, 7 days).
  package var sessionLifetime: TimeInterval = 7 * 86_400
  private var sessionCounter: UInt64 = 0
  private var sessionSeed: UInt64

  package init(accounts: [Account], seed: UInt64) {
    self.accounts = accounts
    sessionSeed = seed
  }

  package func account(uid: Int) -> Account? { accounts.first { $0.uid == uid } }

  package func account(login: String) -> Account? { accounts.first { $0.login == login && $0.active } }

  /// Checks a password (or, when `allowAPIKey`, an API key) with the cooldown around it, as
  /// `res.users._login` and `check` do. Throws AccessDenied.
  package mutating func verify(login: String?, uid: Int?, secret: String, source: String, allowAPIKey: Bool, now: Date)
    throws(OdooServerError) -> Account
  {
    if cooldown.isCoolingDown(source, now: now) {
      throw OdooServerError(.accessDenied, OdooServerError.cooldownMessage)
    }
    let candidate = login.flatMap { account(login: $0) } ?? uid.flatMap { account(uid: $0) }
    guard let candidate, candidate.active,
      candidate.password == secret || (allowAPIKey && candidate.apiKeys.contains(secret))
    else {
      cooldown.recordFailure(source, now: now)
      throw OdooServerError.accessDenied()
    }
    cooldown.recordSuccess(source)
    return candidate
  }

  /// The account owning a JSON-2 bearer key (no cooldown applies to keys).
  package func account(apiKey: String) -> Account? {
    accounts.first { $0.active && $0.apiKeys.contains(apiKey) }
  }

  /// Opens a web session and returns its id (a fresh one each time: Odoo rotates on login).
  package mutating func openSession(uid: Int, now: Date) -> String {
    sessionCounter += 1
    var generator = SplitMix(seed: sessionSeed ^ (sessionCounter &* 0x9E37_79B9_7F4A_7C15))
    let id = (0..<5).map { _ in String(generator.next(), radix: 16).leftPadded(16) }.joined().prefix(70)
    let sessionID = String(id)
    sessions[sessionID] = WebSession(uid: uid, lastUsed: now)
    return sessionID
  }

  /// The user of a live session, touching it; `nil` when missing or idle too long.
  package mutating func useSession(_ id: String, now: Date) -> Int? {
    guard let session = sessions[id] else { return nil }
    guard now.timeIntervalSince(session.lastUsed) < sessionLifetime else {
      sessions[id] = nil
      return nil
    }
    sessions[id]?.lastUsed = now
    return session.uid
  }

  package mutating func destroySession(_ id: String) { sessions[id] = nil }

  /// Ends every session at once (the "session expiry" fault).
  package mutating func expireAllSessions() { sessions = [:] }
}

/// A tiny deterministic generator for ids and keys (SplitMix64).
struct SplitMix: RandomNumberGenerator {
  private var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// 40 lowercase hex characters, the shape of an Odoo API key.
  mutating func apiKey() -> String {
    (0..<3).map { _ in String(next(), radix: 16).leftPadded(16) }.joined().prefix(40).description
  }
}

extension String {
  func leftPadded(_ width: Int) -> String {
    count >= width ? self : String(repeating: "0", count: width - count) + self
  }
}
