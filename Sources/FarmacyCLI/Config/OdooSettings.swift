import FarmacyApp
import Foundation
import OdooKit
import TOMLKit

/// How to reach Odoo, from the configuration file and the environment.
struct OdooSettings: Equatable {
  var url: String
  var database: String
  var user: String
  /// A password or an API key; never printed.
  var secret: String
  var secretIsAPIKey: Bool
  /// `nil` chooses from the server's version.
  var protocolKind: OdooProtocolKind?
  var caBundlePath: String?
  var insecure: Bool
  var timeout: Duration

  var endpoint: OdooEndpoint {
    OdooEndpoint(baseURL: url, database: database, login: user, secret: secret, secretIsAPIKey: secretIsAPIKey)
  }

  var transportConfiguration: CurlConfiguration {
    var configuration = CurlConfiguration()
    configuration.caBundlePath = caBundlePath
    configuration.verifiesPeer = !insecure
    configuration.totalTimeout = timeout
    return configuration
  }
}

/// A problem with the configuration, naming the file, the line and the key.
struct ConfigurationError: Error, CustomStringConvertible {
  var path: String?
  var line: Int?
  var key: String?
  var message: String

  var description: String {
    var place = path ?? "the environment"
    if let line { place += ":\(line)" }
    if let key { place += " (\(key))" }
    return "\(place): \(message)"
  }
}

/// Reads `[odoo]` from `config.toml` and `FARMACY_ODOO_*` from the environment (which wins).
///
/// ```toml
/// [odoo]
/// url = "https://erp.example.com"
/// database = "pharmacy"
/// user = "buyer@example.com"
/// api_key_file = "~/.config/farmacy/odoo.key"   # or password_file, or api_key / password
/// protocol = "auto"                              # auto, jsonrpc, web, json2
/// ca_bundle = "/etc/ssl/certs/company-ca.pem"
/// timeout_seconds = 60
/// ```
///
/// A secret kept in a file — the configuration itself or a `*_file` — must not be readable by
/// other users: such a file is refused, so that a leaked secret is noticed before it is used.
enum OdooSettingsLoader {
  static let keys: Set<String> = [
    "url", "database", "user", "password", "api_key", "password_file", "api_key_file", "protocol", "ca_bundle",
    "insecure", "timeout_seconds",
  ]

  /// The configuration file: `--config`, else `$XDG_CONFIG_HOME/farmacy/config.toml`, else
  /// `~/.config/farmacy/config.toml`.
  static func configPath(explicit: String?, environment: [String: String]) -> String {
    if let explicit, !explicit.isEmpty { return explicit }
    if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return xdg + "/farmacy/config.toml" }
    let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    return home + "/.config/farmacy/config.toml"
  }

  /// The settings, or `nil` when nothing names an Odoo server.
  static func load(explicitConfig: String?, environment: [String: String]) throws(ConfigurationError) -> OdooSettings? {
    let path = configPath(explicit: explicitConfig, environment: environment)
    var values: [String: String] = [:]
    var secretFromFile: String?
    if FileManager.default.fileExists(atPath: path) {
      let text: String
      do {
        text = try String(contentsOfFile: path, encoding: .utf8)
      } catch {
        throw ConfigurationError(path: path, message: "cannot be read (\(error.localizedDescription))")
      }
      values = try parse(text, path: path)
      if values["password"] != nil || values["api_key"] != nil {
        try requirePrivate(path, reason: "holds a secret")
      }
      for key in ["password_file", "api_key_file"] {
        guard let file = values[key] else { continue }
        let secretPath = expand(file, environment)
        try requirePrivate(secretPath, reason: "holds a secret")
        do {
          secretFromFile = try String(contentsOfFile: secretPath, encoding: .utf8).trimmingCharacters(
            in: .whitespacesAndNewlines)
        } catch {
          throw ConfigurationError(path: path, line: line(of: key, in: text), key: key, message: "cannot read \(secretPath)")
        }
        values[key == "password_file" ? "password" : "api_key"] = secretFromFile
      }
    } else if explicitConfig != nil {
      throw ConfigurationError(path: path, message: "no such file")
    }
    for (variable, key) in [
      ("FARMACY_ODOO_URL", "url"), ("FARMACY_ODOO_DB", "database"), ("FARMACY_ODOO_USER", "user"),
      ("FARMACY_ODOO_PASSWORD", "password"), ("FARMACY_ODOO_API_KEY", "api_key"), ("FARMACY_ODOO_PROTOCOL", "protocol"),
    ] {
      if let value = environment[variable], !value.isEmpty { values[key] = value }
    }
    guard let url = values["url"] else { return nil }
    guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
      throw ConfigurationError(path: path, key: "url", message: "\"\(url)\" is not an http:// or https:// address")
    }
    // A user and password inside the address would be stored and printed with it; and the
    // file holding them would escape the check that secrets are private.
    let authority = url.drop { $0 != "/" }.dropFirst(2).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
    guard !authority.contains("@") else {
      throw ConfigurationError(
        path: path, key: "url",
        message: "holds a user or password before \"@\"; put the address alone in url, and the login in user "
          + "with api_key or password (or api_key_file)")
    }
    guard let database = values["database"], let user = values["user"] else {
      throw ConfigurationError(path: path, key: values["database"] == nil ? "database" : "user", message: "is required with url")
    }
    let apiKey = values["api_key"]
    guard let secret = apiKey ?? values["password"] else {
      throw ConfigurationError(
        path: path, key: "api_key",
        message: "no API key or password (set api_key_file in the file, or FARMACY_ODOO_API_KEY)")
    }
    var protocolKind: OdooProtocolKind?
    if let text = values["protocol"], text != "auto" {
      guard let kind = OdooProtocolKind(rawValue: text) else {
        throw ConfigurationError(path: path, key: "protocol", message: "\"\(text)\" is not auto, jsonrpc, web or json2")
      }
      protocolKind = kind
    }
    let timeout = values["timeout_seconds"].flatMap(Int.init) ?? 60
    return OdooSettings(
      url: url, database: database, user: user, secret: secret, secretIsAPIKey: apiKey != nil,
      protocolKind: protocolKind, caBundlePath: values["ca_bundle"].map { expand($0, environment) },
      insecure: values["insecure"] == "true", timeout: .seconds(max(1, timeout)))
  }

  /// The `[odoo]` table as strings, refusing unknown keys and wrong types with their line.
  static func parse(_ text: String, path: String) throws(ConfigurationError) -> [String: String] {
    let table: TOMLTable
    do {
      table = try TOMLTable(string: text)
    } catch let error as TOMLParseError {
      throw ConfigurationError(path: path, line: error.source.begin.line, message: error.description)
    } catch {
      throw ConfigurationError(path: path, message: "is not valid TOML")
    }
    guard let odoo = table["odoo"] else { return [:] }
    guard let section = odoo.table else {
      throw ConfigurationError(path: path, line: line(of: "odoo", in: text), key: "odoo", message: "must be a table [odoo]")
    }
    var values: [String: String] = [:]
    for key in section.keys {
      guard keys.contains(key) else {
        throw ConfigurationError(
          path: path, line: line(of: key, in: text), key: "odoo.\(key)",
          message: "unknown key; known keys are \(keys.sorted().joined(separator: ", "))")
      }
      let value = section[key]
      switch key {
      case "timeout_seconds":
        // Quoted ("90s") or out of range is a mistake to show, not a silent 60.
        guard let number = value?.int, (1...3_600).contains(number) else {
          throw ConfigurationError(
            path: path, line: line(of: key, in: text), key: "odoo.\(key)",
            message: "must be a whole number of seconds from 1 to 3600, without quotes")
        }
        values[key] = String(number)
      case "insecure":
        guard let flag = value?.bool else {
          throw ConfigurationError(
            path: path, line: line(of: key, in: text), key: "odoo.\(key)", message: "must be true or false, without quotes")
        }
        values[key] = flag ? "true" : "false"
      default:
        guard let string = value?.string else {
          throw ConfigurationError(path: path, line: line(of: key, in: text), key: "odoo.\(key)", message: "must be a string")
        }
        values[key] = string
      }
    }
    return values
  }

  /// The 1-based line where `key` is assigned or `[key]` opens, if found.
  static func line(of key: String, in text: String) -> Int? { ConfigText.line(of: key, in: text) }

  /// Refuses a file that users other than its owner can read.
  static func requirePrivate(_ path: String, reason: String) throws(ConfigurationError) {
    var info = stat()
    guard stat(path, &info) == 0 else {
      throw ConfigurationError(path: path, message: "does not exist")
    }
    if info.st_mode & 0o077 != 0 {
      throw ConfigurationError(
        path: path, message: "\(reason) and is readable by other users; run `chmod 600 \(path)` first")
    }
  }

  private static func expand(_ path: String, _ environment: [String: String]) -> String {
    guard path.hasPrefix("~/") else { return path }
    let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    return home + path.dropFirst()
  }
}
