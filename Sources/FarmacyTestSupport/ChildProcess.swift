import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Runs the package's built executables from tests.
package enum BuiltProducts {
  /// The folder holding the test runner, which SwiftPM shares with the package's executables.
  package static var directory: String {
    if let override = ProcessInfo.processInfo.environment["FARMACY_BUILD_DIR"] { return override }
    let runner = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    var folder = (runner as NSString).deletingLastPathComponent
    // The runner may live inside `<Package>PackageTests.xctest/…`; the executables are beside the bundle.
    while folder.contains(".xctest") { folder = (folder as NSString).deletingLastPathComponent }
    return folder
  }

  package static func path(_ name: String) -> String { directory + "/" + name }
}

/// The outcome of a finished child process.
package struct ProcessResult: Sendable {
  package var status: Int32
  package var standardOutput: String
  package var standardError: String
}

/// Starts programs for end-to-end tests, with output captured in files (no pipes to fill up).
package final class ChildProcess: @unchecked Sendable {
  // `@unchecked Sendable`: every stored property is a `let` set in `init`; `Process` itself is
  // only asked for its pid and waited on, which Foundation allows from any thread.
  package let process: Process
  private let outputPath: String
  private let errorPath: String

  /// Starts `executable` with `arguments`, adding `environment` to this process's environment.
  package init(
    _ executable: String, _ arguments: [String], environment: [String: String] = [:], workingDirectory: TemporaryDirectory
  ) throws {
    process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let id = UUID().uuidString.prefix(8)
    outputPath = workingDirectory.file("out-\(id).txt")
    errorPath = workingDirectory.file("err-\(id).txt")
    _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
    _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
    process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
    process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
    process.standardInput = FileHandle.nullDevice
    try process.run()
  }

  /// Output written so far.
  package var standardOutputSoFar: String {
    (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
  }

  package func kill(signal: Int32) { _ = Glibc.kill(process.processIdentifier, signal) }

  /// Waits for the process to end and returns its status and output. A process killed by a
  /// signal reports `128 + signal`, as shells do.
  package func wait() -> ProcessResult {
    process.waitUntilExit()
    let status =
      process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    return ProcessResult(
      status: status, standardOutput: standardOutputSoFar,
      standardError: (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "")
  }

  /// Waits until the standard output contains `marker`, the process ends, or `deadline` passes.
  ///
  /// Polls the output file every few milliseconds: the child writes to a file, not a pipe, so
  /// there is nothing to block on. Returns whether the marker appeared.
  package func waitForOutput(containing marker: String, deadline: Duration = .seconds(30)) -> Bool {
    let end = ContinuousClock.now + deadline
    while ContinuousClock.now < end {
      if standardOutputSoFar.contains(marker) { return true }
      if !process.isRunning { return standardOutputSoFar.contains(marker) }
      usleep(2_000)
    }
    return false
  }

  /// Runs a program to completion.
  package static func run(
    _ executable: String, _ arguments: [String], environment: [String: String] = [:], in directory: TemporaryDirectory
  ) throws -> ProcessResult {
    try ChildProcess(executable, arguments, environment: environment, workingDirectory: directory).wait()
  }
}
