import Foundation
import TOMLKit
import TerminalKit

/// Reads the `[keys]` table of the config file into the app's key maps.
///
/// Each entry names an action as `map.action` (the names are in ``KeyMaps/names``) and gives
/// one key or a list of keys; a sub-table per map works too:
///
/// ```toml
/// [keys]
/// "orders.sort" = "S"
/// "global.sync_now" = ["F5", "ctrl+y"]
///
/// [keys.queue]
/// retry = "ctrl+t"
/// ```
///
/// Keys are written as help shows them: a character, `ctrl+x`, `alt+x`, `enter`, `esc`, `tab`,
/// `shift+tab`, `up`/`down`/`left`/`right`, `home`, `end`, `pgup`, `pgdn`, `ins`, `del`,
/// `space`, `backspace`, `F1`–`F24`. An entry that cannot be used is named with its line and
/// key in a warning and keeps its default; the rest of the table still applies.
package enum KeyConfigLoader {
  /// The default key maps changed by the `[keys]` table of `text`, and a warning per entry
  /// that could not be used. `path` only names the file in warnings.
  package static func load(_ text: String, path: String) -> (keys: KeyMaps, warnings: [String]) {
    let table: TOMLTable
    do {
      table = try TOMLTable(string: text)
    } catch let error as TOMLParseError {
      return (KeyMaps(), [warning(path, error.source.begin.line, nil, "\(error.description); default keys used")])
    } catch {
      return (KeyMaps(), [warning(path, nil, nil, "is not valid TOML; default keys used")])
    }
    guard let value = table["keys"] else { return (KeyMaps(), []) }
    guard let keysTable = value.table else {
      return (KeyMaps(), [warning(path, line(of: "keys", in: text), "keys", "must be a table [keys]")])
    }
    var entries: [(name: String, value: any TOMLValueConvertible)] = []
    for key in keysTable.keys.sorted() {
      guard let entry = keysTable[key] else { continue }
      if let map = entry.table {
        for action in map.keys.sorted() { if let value = map[action] { entries.append(("\(key).\(action)", value)) } }
      } else {
        entries.append((key, entry))
      }
    }
    var keys = KeyMaps()
    var warnings: [String] = []
    let names = Dictionary(KeyMaps.names.map { ($0.name, $0.keyPath) }) { first, _ in first }
    for (name, value) in entries {
      let place = line(of: name, in: text)
      guard let keyPath = names[name] else {
        warnings.append(
          warning(path, place, "keys.\(name)", "unknown action; use map.action, e.g. orders.sort (see the README)"))
        continue
      }
      let texts = value.string.map { [$0] } ?? value.array?.compactMap { $0.string }
      guard let texts, !texts.isEmpty, texts.count == (value.array?.count ?? 1) else {
        warnings.append(warning(path, place, "keys.\(name)", "must be a key or a list of keys, e.g. \"ctrl+s\""))
        continue
      }
      let events = texts.map(parseKey)
      if let bad = zip(texts, events).first(where: { $0.1 == nil })?.0 {
        warnings.append(
          warning(path, place, "keys.\(name)", "\"\(bad)\" is not a key; write e.g. \"s\", \"ctrl+s\", \"F5\", \"esc\""))
        continue
      }
      keys[keyPath: keyPath] = KeyBinding(events.compactMap { $0 }, help: keys[keyPath: keyPath].help)
    }
    warnings += clashes(in: keys).map { warning(path, nil, "keys", $0) }
    return (keys, warnings)
  }

  /// Two actions of one map (or a map and the global keys) on the same key: the first would
  /// always win, so the warning names both.
  static func clashes(in keys: KeyMaps) -> [String] {
    var byMap: [String: [(String, KeyBinding)]] = [:]
    for (name, keyPath) in KeyMaps.names {
      let map = String(name.prefix { $0 != "." })
      byMap[map, default: []].append((name, keys[keyPath: keyPath]))
    }
    var found: [String] = []
    let global = byMap["global"] ?? []
    for (map, bindings) in byMap.sorted(by: { $0.key < $1.key }) {
      // Forms, the pickers, the retry filter and dialogs take keys before the global ones.
      let others =
        ["global", "form", "picker", "vendor_picker", "retry_preview", "dialog", "audit"].contains(map) ? [] : global
      let all = bindings + others
      for (index, (name, binding)) in bindings.enumerated() {
        for (otherName, other) in all[(index + 1)...] {
          for key in binding.keys where other.keys.contains(key) {
            // Global keys are looked at before a pane's; within a map the first action listed wins.
            let winner = otherName.hasPrefix("global.") ? otherName : name
            found.append("\(key) is bound to both \(name) and \(otherName); \(winner) wins")
          }
        }
      }
    }
    return found
  }

  /// The key written as `text`, as help shows keys: `s`, `S`, `ctrl+s`, `alt+x`, `F5`, `esc`…
  package static func parseKey(_ text: String) -> KeyEvent? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if trimmed == "+" { return .character("+") }
    var parts = trimmed.split(separator: "+", omittingEmptySubsequences: false).map(String.init)
    guard let last = parts.popLast(), !last.isEmpty else { return nil }
    var modifiers: KeyModifiers = []
    for part in parts {
      switch part.lowercased() {
      case "ctrl", "control": modifiers.insert(.control)
      case "alt", "meta": modifiers.insert(.alt)
      case "shift": modifiers.insert(.shift)
      default: return nil
      }
    }
    let key: Key
    if let named = namedKeys[last.lowercased()] {
      key = named
    } else if last.count == 1, let character = last.first {
      guard !character.isWhitespace, character.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F })
      else { return nil }
      // Control letters arrive lowercase; Shift with a character arrives as the shifted character.
      // Some characters change length with case ("ß" is "SS" upper case): those are no key.
      let lower = last.lowercased()
      let upper = last.uppercased()
      if modifiers.contains(.control) {
        guard lower.count == 1, let letter = lower.first else { return nil }
        key = .character(letter)
      } else if modifiers.contains(.shift) {
        guard upper.count == 1, let letter = upper.first else { return nil }
        key = .character(letter)
        modifiers.remove(.shift)
      } else {
        key = .character(character)
      }
    } else if last.lowercased().hasPrefix("f"), let number = Int(last.dropFirst()), (1...24).contains(number) {
      key = .function(number)
    } else {
      return nil
    }
    if key == .tab, modifiers == .shift { return KeyEvent(.backTab) }
    return KeyEvent(key, modifiers: modifiers)
  }

  private static let namedKeys: [String: Key] = [
    "enter": .enter, "return": .enter, "tab": .tab, "backtab": .backTab, "backspace": .backspace, "esc": .escape,
    "escape": .escape, "up": .up, "↑": .up, "down": .down, "↓": .down, "left": .left, "←": .left, "right": .right,
    "→": .right, "home": .home, "end": .end, "pgup": .pageUp, "pageup": .pageUp, "pgdn": .pageDown,
    "pagedown": .pageDown, "ins": .insert, "insert": .insert, "del": .delete, "delete": .delete,
    "space": .character(" "),
  ]

  private static func warning(_ path: String, _ line: Int?, _ key: String?, _ message: String) -> String {
    var place = path
    if let line { place += ":\(line)" }
    if let key { place += " (\(key))" }
    return "\(place): \(message)"
  }

  /// The 1-based line of the entry for `name` (`map.action`): written whole, quoted or not,
  /// or as `action` under `[keys.map]`.
  static func line(of name: String, in text: String) -> Int? {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
    var section = ""
    for (index, line) in lines.enumerated() {
      if line.hasPrefix("[") {
        section = line.trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
        if section == name { return index + 1 }
        continue
      }
      guard let equals = line.firstIndex(of: "=") else { continue }
      let key = line[..<equals].trimmingCharacters(in: CharacterSet(charactersIn: "\" ")).replacingOccurrences(
        of: " ", with: "")
      if key == name || (parts.count == 2 && section == "keys.\(parts[0])" && key == parts[1]) { return index + 1 }
    }
    return nil
  }
}
