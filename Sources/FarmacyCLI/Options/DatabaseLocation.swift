import Foundation

/// Where the database file is, and whether a person chose it.
struct DatabaseLocation: Equatable {
  var path: String
  /// True for the XDG default, whose folder Farmacy may create; false for `--db` or `FARMACY_DB`.
  var isDefault: Bool

  /// `--db`, then `FARMACY_DB`, then `$XDG_DATA_HOME/farmacy/farmacy.sqlite`, then
  /// `~/.local/share/farmacy/farmacy.sqlite`.
  static func resolve(explicit: String?, environment: [String: String], fileName: String = "farmacy.sqlite")
    -> DatabaseLocation
  {
    if let explicit, !explicit.isEmpty { return DatabaseLocation(path: expand(explicit, environment), isDefault: false) }
    if let fromEnvironment = environment["FARMACY_DB"], !fromEnvironment.isEmpty {
      return DatabaseLocation(path: expand(fromEnvironment, environment), isDefault: false)
    }
    return DatabaseLocation(path: dataDirectory(environment) + "/" + fileName, isDefault: true)
  }

  /// `$XDG_DATA_HOME/farmacy`, or `~/.local/share/farmacy` when unset or not absolute (as the
  /// XDG specification asks).
  static func dataDirectory(_ environment: [String: String]) -> String {
    if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") { return xdg + "/farmacy" }
    let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    return home + "/.local/share/farmacy"
  }

  private static func expand(_ path: String, _ environment: [String: String]) -> String {
    guard path == "~" || path.hasPrefix("~/") else { return path }
    let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    return home + path.dropFirst()
  }
}
