import Foundation
import Synchronization

/// Runs async work from a synchronous command and waits for it.
///
/// The command line's commands are synchronous (`ParsableCommand`); the few that talk to Odoo
/// call async code. The work runs as a task on Swift's pool while the main thread, which has
/// nothing else to do, waits on a semaphore.
func blockingAwait<Value: Sendable>(_ work: @escaping @Sendable () async throws -> Value) throws -> Value {
  let result = Mutex<Result<Value, any Error>?>(nil)
  let done = DispatchSemaphore(value: 0)
  Task {
    do {
      let value = try await work()
      result.withLock { $0 = .success(value) }
    } catch {
      result.withLock { $0 = .failure(error) }
    }
    done.signal()
  }
  done.wait()
  guard let outcome = result.withLock({ $0 }) else { preconditionFailure("the task ended without a result") }
  return try outcome.get()
}
