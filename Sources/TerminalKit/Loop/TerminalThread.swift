import Foundation

/// Runs the terminal loop on a thread of its own, outside Swift's cooperative thread pool.
///
/// The terminal loop blocks in `poll()`; doing that on a pool thread would take a thread away
/// from every actor and task. From async code, start the loop here and await its end:
///
/// ```swift
/// let exit = try await TerminalThread.run {
///   try CursesBackend.withTerminal { backend in try runApp(on: backend, inbox: inbox) }
/// }
/// ```
public enum TerminalThread {
  /// Runs `body` on a new thread and returns (or throws) what it returns (or throws).
  public static func run<Result: Sendable>(
    name: String = "terminal",
    _ body: @escaping @Sendable () throws -> Result
  ) async throws -> Result {
    try await withCheckedThrowingContinuation { continuation in
      let thread = Thread {
        continuation.resume(with: Swift.Result { try body() })
      }
      thread.name = name
      thread.start()
    }
  }
}
