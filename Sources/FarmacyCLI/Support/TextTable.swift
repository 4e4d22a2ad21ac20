import Foundation
import TerminalKit

/// A plain aligned table for the terminal: a header row, a rule, and rows, with columns as wide
/// as their widest cell (up to a maximum), numbers aligned right.
struct TextTable {
  struct Column {
    var title: String
    var alignRight = false
    var maxWidth = 40
  }

  var columns: [Column]
  var rows: [[String]] = []

  init(_ columns: [Column]) { self.columns = columns }

  /// A table of text columns with `headers`, filled with `rows` (cleaned for the terminal).
  init(headers: [String], rows: [[String]], maxColumnWidth: Int = 48) {
    columns = headers.map { Column(title: $0, maxWidth: maxColumnWidth) }
    for row in rows { append(row) }
  }

  mutating func append(_ row: [String]) { rows.append(row.map { TerminalText.safe($0) }) }

  var rendered: String {
    var widths = columns.map { DisplayWidth.of($0.title) }
    for row in rows {
      for (index, cell) in row.enumerated() where index < widths.count {
        widths[index] = min(max(widths[index], DisplayWidth.of(cell)), columns[index].maxWidth)
      }
    }
    func line(_ cells: [String]) -> String {
      cells.enumerated().map { index, cell in
        let column = columns[index]
        let cut = DisplayWidth.truncate(cell, toWidth: widths[index])
        return TerminalText.pad(cut, to: widths[index], alignRight: column.alignRight)
      }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
    }
    var lines = [line(columns.map(\.title)), widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")]
    lines += rows.map(line)
    return lines.joined(separator: "\n")
  }
}
