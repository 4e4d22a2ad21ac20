import Foundation
import Testing
import TerminalKit

/// Checks that `actual` equals `expected`, cell by cell, and on failure reports the rows that
/// differ and the first cells whose style differs, so a failing widget test shows the screen.
///
/// ```swift
/// expectBuffer(buffer, equals: Buffer(lines: ["┌Orders┐", "└──────┘"]))
/// ```
public func expectBuffer(
  _ actual: Buffer,
  equals expected: Buffer,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  guard actual != expected else { return }
  var report: [String] = []
  if actual.size != expected.size {
    report.append("size \(actual.size), expected \(expected.size)")
  }
  let actualLines = actual.lines
  let expectedLines = expected.lines
  for row in 0..<max(actualLines.count, expectedLines.count) {
    let got = row < actualLines.count ? actualLines[row] : "<missing>"
    let want = row < expectedLines.count ? expectedLines[row] : "<missing>"
    if got != want {
      report.append("row \(row):\n    got  \"\(got)\"\n    want \"\(want)\"")
    }
  }
  if report.isEmpty {
    var styleReports = 0
    for y in 0..<actual.height {
      for x in 0..<actual.width where actual[x, y] != expected[x, y] && styleReports < 8 {
        styleReports += 1
        report.append(
          "cell (\(x), \(y)) \"\(actual[x, y].symbol)\": got \(actual[x, y].style), want \(expected[x, y].style)"
        )
      }
    }
  }
  Issue.record(Comment(rawValue: "Buffers differ:\n" + report.joined(separator: "\n")), sourceLocation: sourceLocation)
}

/// Compares `buffer`'s text with a golden file `Snapshots/<name>.txt` beside the calling test
/// file. A missing file is recorded and the test fails once; set `RECORD_SNAPSHOTS=1` to
/// re-record every snapshot. Styles are not part of the file: check them in the test.
public func expectSnapshot(
  of buffer: Buffer,
  named name: String,
  filePath: String = #filePath,
  sourceLocation: SourceLocation = #_sourceLocation
) throws {
  let directory = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
  let file = directory.appendingPathComponent("\(name).txt")
  let text = buffer.lines.joined(separator: "\n") + "\n"
  let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"].map { !$0.isEmpty && $0 != "0" } ?? false
  if record || !FileManager.default.fileExists(atPath: file.path) {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try text.write(to: file, atomically: true, encoding: .utf8)
    if !record {
      Issue.record("Recorded new snapshot \(name).txt; check it and run again.", sourceLocation: sourceLocation)
    }
    return
  }
  let golden = try String(contentsOf: file, encoding: .utf8)
  if golden != text {
    let goldenLines = golden.split(separator: "\n", omittingEmptySubsequences: false)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    var report: [String] = []
    for row in 0..<max(goldenLines.count, lines.count) {
      let got = row < lines.count ? String(lines[row]) : "<missing>"
      let want = row < goldenLines.count ? String(goldenLines[row]) : "<missing>"
      if got != want { report.append("row \(row):\n    got  \"\(got)\"\n    want \"\(want)\"") }
    }
    Issue.record(
      Comment(rawValue: "Snapshot \(name).txt differs (RECORD_SNAPSHOTS=1 to re-record):\n" + report.joined(separator: "\n")),
      sourceLocation: sourceLocation
    )
  }
}
