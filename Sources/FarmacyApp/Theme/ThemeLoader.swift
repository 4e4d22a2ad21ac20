import Foundation
import TOMLKit
import TerminalKit

/// A theme file that cannot be used, naming the file, the line and the key.
package struct ThemeError: Error, Hashable, Sendable, CustomStringConvertible {
  package var path: String
  package var line: Int?
  package var key: String?
  package var message: String

  package var description: String {
    var place = path
    if let line { place += ":\(line)" }
    if let key { place += " (\(key))" }
    return "\(place): \(message)"
  }
}

/// Reads theme files and chooses the theme to start with.
///
/// A theme file names a style per role under `[styles]`; roles left out keep the default
/// theme's style:
///
/// ```toml
/// name = "light"
/// [styles]
/// selection = { fg = "white", bg = "blue", bold = true }
/// border = { fg = "#808080" }
/// ```
///
/// Colours are `default`, the ANSI names (`red`, `bright-black`…), a palette index 0–255 or
/// `#rrggbb`; modifiers are `bold`, `dim`, `italic`, `underline` and `reverse`, each `true` or
/// `false`.
package enum ThemeLoader {
  private static let colourNames: [String: Color] = [
    "default": .default, "black": .black, "red": .red, "green": .green, "yellow": .yellow, "blue": .blue,
    "magenta": .magenta, "cyan": .cyan, "white": .white, "bright-black": .brightBlack, "gray": .brightBlack,
    "grey": .brightBlack, "bright-red": .brightRed, "bright-green": .brightGreen, "bright-yellow": .brightYellow,
    "bright-blue": .brightBlue, "bright-magenta": .brightMagenta, "bright-cyan": .brightCyan,
    "bright-white": .brightWhite,
  ]
  private static let modifierNames: [(String, Modifiers)] = [
    ("bold", .bold), ("dim", .dim), ("italic", .italic), ("underline", .underline), ("reverse", .reverse),
  ]

  /// The theme to start with, and a warning to show when the wish could not be met.
  ///
  /// `NO_COLOR` (set and not empty) always gives the monochrome theme. Otherwise `name` is a
  /// path to a `.toml` file, a file `$XDG_CONFIG_HOME/farmacy/themes/<name>.toml`, or a
  /// built-in theme; anything else, or a file with a mistake, falls back to the default theme
  /// with a warning that says why.
  package static func choose(name: String?, environment: [String: String]) -> (theme: Theme, warning: String?) {
    if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return (.monochrome, nil) }
    guard let name, !name.isEmpty else { return (.dark, nil) }
    var path: String?
    if name.contains("/") || name.hasSuffix(".toml") {
      path = name
    } else {
      let candidate = configDirectory(environment) + "/themes/\(name).toml"
      if FileManager.default.fileExists(atPath: candidate) { path = candidate }
    }
    if let path {
      do {
        return (try load(path: path), nil)
      } catch {
        return (.dark, "\(error); using the default theme")
      }
    }
    if let builtIn = Theme.builtIn(named: name) { return (builtIn, nil) }
    return (
      .dark, "no theme \"\(name)\" (built in: \(Theme.builtInNames.joined(separator: ", "))); using the default theme"
    )
  }

  /// Reads and parses a theme file.
  package static func load(path: String) throws(ThemeError) -> Theme {
    let text: String
    do {
      text = try String(contentsOfFile: path, encoding: .utf8)
    } catch {
      throw ThemeError(path: path, message: "cannot be read")
    }
    return try parse(text, path: path)
  }

  /// Parses the text of a theme file; `path` only names it in errors.
  package static func parse(_ text: String, path: String) throws(ThemeError) -> Theme {
    let table: TOMLTable
    do {
      table = try TOMLTable(string: text)
    } catch let error as TOMLParseError {
      throw ThemeError(path: path, line: error.source.begin.line, message: error.description)
    } catch {
      throw ThemeError(path: path, message: "is not valid TOML")
    }
    for key in table.keys where key != "name" && key != "styles" {
      throw ThemeError(
        path: path, line: line(of: key, in: text), key: key, message: "unknown key; expected name and [styles]")
    }
    var theme = Theme.dark
    theme.name = table["name"]?.string ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    guard let stylesValue = table["styles"] else { return theme }
    guard let styles = stylesValue.table else {
      throw ThemeError(
        path: path, line: line(of: "styles", in: text), key: "styles", message: "must be a table [styles]")
    }
    for key in styles.keys {
      guard let role = Theme.Role(rawValue: key) else {
        throw ThemeError(path: path, line: line(of: key, in: text), key: "styles.\(key)", message: "unknown style")
      }
      guard let entry = styles[key]?.table else {
        throw ThemeError(
          path: path, line: line(of: key, in: text), key: "styles.\(key)",
          message: "must be a table such as { fg = \"cyan\", bold = true }")
      }
      theme.styles[role] = try style(entry, key: "styles.\(key)", path: path, line: line(of: key, in: text))
    }
    return theme
  }

  private static func style(_ entry: TOMLTable, key: String, path: String, line: Int?) throws(ThemeError) -> Style {
    var style = Style()
    for field in entry.keys {
      let value = entry[field]
      switch field {
      case "fg", "bg":
        guard let color = color(value) else {
          throw ThemeError(
            path: path, line: line, key: "\(key).\(field)",
            message: "not a colour; use a name (red, bright-black…), 0–255 or #rrggbb")
        }
        if field == "fg" { style.foreground = color } else { style.background = color }
      default:
        guard let modifier = modifierNames.first(where: { $0.0 == field })?.1 else {
          throw ThemeError(
            path: path, line: line, key: "\(key).\(field)",
            message: "unknown attribute; use fg, bg, bold, dim, italic, underline, reverse")
        }
        guard let flag = value?.bool else {
          throw ThemeError(path: path, line: line, key: "\(key).\(field)", message: "must be true or false")
        }
        if flag { style.modifiers.insert(modifier) }
      }
    }
    return style
  }

  private static func color(_ value: (any TOMLValueConvertible)?) -> Color? {
    if let index = value?.int, (0...255).contains(index) { return .indexed(UInt8(index)) }
    guard let text = value?.string?.lowercased() else { return nil }
    if text.hasPrefix("#") { return Color(hex: text) }
    return colourNames[text]
  }

  /// The TOML text of `theme`, as the files in `themes/` are written.
  package static func text(of theme: Theme, comment: String) -> String {
    var lines = ["# \(comment)", "name = \"\(theme.name)\"", "", "[styles]"]
    for role in Theme.Role.allCases {
      let style = theme[role]
      var parts: [String] = []
      if let fg = style.foreground { parts.append("fg = \(describe(fg))") }
      if let bg = style.background { parts.append("bg = \(describe(bg))") }
      for (name, modifier) in modifierNames where style.modifiers.contains(modifier) { parts.append("\(name) = true") }
      lines.append(
        "\(role.rawValue) = { \(parts.joined(separator: ", ")) }".replacingOccurrences(of: "{  }", with: "{}"))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  private static func describe(_ color: Color) -> String {
    switch color {
    case .indexed(let index): return "\(index)"
    case .rgb(let r, let g, let b): return "\"#" + [r, g, b].map { String(format: "%02x", $0) }.joined() + "\""
    default:
      let name = colourNames.filter { $0.value == color && $0.key != "gray" && $0.key != "grey" }.map(\.key).first
      return "\"\(name ?? "default")\""
    }
  }

  /// The 1-based line where `key` is assigned or `[key]` opens, if found.
  static func line(of key: String, in text: String) -> Int? { ConfigText.line(of: key, in: text) }

  private static func configDirectory(_ environment: [String: String]) -> String {
    if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return xdg + "/farmacy" }
    let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    return home + "/.config/farmacy"
  }
}
