import Foundation

/// Where things are in the text of a TOML file, for error messages that name a line.
package enum ConfigText {
  /// The 1-based line where `key` is assigned or `[key]` opens, if found.
  package static func line(of key: String, in text: String) -> Int? {
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.hasPrefix("[\(key)]") { return index + 1 }
      if trimmed.hasPrefix(key), trimmed.dropFirst(key.count).trimmingCharacters(in: .whitespaces).hasPrefix("=") {
        return index + 1
      }
    }
    return nil
  }
}
