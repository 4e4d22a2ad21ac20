import Foundation
import OdooKit
import TOMLKit

/// E-mail for notifications: the `[notifications]` table of the configuration file, overridden
/// by `FARMACY_SMTP_URL`, `FARMACY_SMTP_FROM`, `FARMACY_SMTP_TO` (comma-separated),
/// `FARMACY_SMTP_USER` and `FARMACY_SMTP_PASSWORD`.
///
/// ```toml
/// [notifications]
/// smtp_url = "smtp://mail.example.com:587"   # STARTTLS is required unless starttls = false
/// from = "farmacy@pharmacy.example"
/// to = ["purchasing@pharmacy.example"]
/// user = "farmacy"
/// password_file = "~/.config/farmacy/smtp.password"   # chmod 600
/// ```
enum NotificationSettingsLoader {
  static let keys: Set<String> = ["smtp_url", "from", "to", "user", "password_file", "starttls"]

  /// The mail configuration, or `nil` when no SMTP server is named.
  static func load(explicitConfig: String?, environment: [String: String]) throws(ConfigurationError) -> SMTPConfiguration? {
    let path = OdooSettingsLoader.configPath(explicit: explicitConfig, environment: environment)
    var url: String?
    var from: String?
    var to: [String] = []
    var user: String?
    var password: String?
    var starttls = true
    if FileManager.default.fileExists(atPath: path), let text = try? String(contentsOfFile: path, encoding: .utf8),
      let table = try? TOMLTable(string: text), let section = table["notifications"]
    {
      guard let values = section.table else {
        throw ConfigurationError(path: path, key: "notifications", message: "must be a table [notifications]")
      }
      for key in values.keys where !keys.contains(key) {
        throw ConfigurationError(
          path: path, line: OdooSettingsLoader.line(of: key, in: text), key: "notifications.\(key)",
          message: "unknown key; known keys are \(keys.sorted().joined(separator: ", "))")
      }
      url = values["smtp_url"]?.string
      from = values["from"]?.string
      user = values["user"]?.string
      to = values["to"]?.array.map { $0.compactMap { $0.string } } ?? values["to"]?.string.map { [$0] } ?? []
      starttls = values["starttls"]?.bool ?? true
      if let file = values["password_file"]?.string {
        let expanded = file.hasPrefix("~/") ? (environment["HOME"] ?? NSHomeDirectory()) + file.dropFirst() : file
        try OdooSettingsLoader.requirePrivate(expanded, reason: "holds a secret")
        password = try? String(contentsOfFile: expanded, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
      }
    }
    if let value = environment["FARMACY_SMTP_URL"], !value.isEmpty { url = value }
    if let value = environment["FARMACY_SMTP_FROM"], !value.isEmpty { from = value }
    if let value = environment["FARMACY_SMTP_TO"], !value.isEmpty {
      to = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }
    if let value = environment["FARMACY_SMTP_USER"], !value.isEmpty { user = value }
    if let value = environment["FARMACY_SMTP_PASSWORD"], !value.isEmpty { password = value }
    guard let url else { return nil }
    guard url.hasPrefix("smtp://") || url.hasPrefix("smtps://") else {
      throw ConfigurationError(path: path, key: "notifications.smtp_url", message: "\"\(url)\" is not an smtp:// or smtps:// address")
    }
    guard let from, !to.isEmpty else {
      throw ConfigurationError(path: path, key: from == nil ? "notifications.from" : "notifications.to", message: "is required with smtp_url")
    }
    var configuration = SMTPConfiguration(url: url, from: from, recipients: to, user: user, password: password)
    configuration.requiresTLS = starttls || url.hasPrefix("smtps://")
    return configuration
  }
}
