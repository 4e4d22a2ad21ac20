// MARK: - Text views of a buffer, for tests and debugging

extension Buffer: CustomStringConvertible {
  /// The text of each row; a wide character appears once (its continuation adds nothing).
  public var lines: [String] {
    (0..<height).map { y in
      var row = ""
      for x in 0..<width { row += self[x, y].symbol }
      return row
    }
  }

  /// The rows between quotes, one per line, so a failing test shows the screen.
  public var description: String {
    let rows = lines.map { "  \"\($0)\"" }.joined(separator: "\n")
    return "Buffer(\(width)×\(height)):\n\(rows)"
  }
}
