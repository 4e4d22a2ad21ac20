import Foundation
import Synchronization
import Testing

@testable import FarmacyCLI

@Suite struct DedicatedThreadExecutorTests {
  /// What the tasks saw, shared between them.
  private final class Record<Value: Sendable>: Sendable {
    let value: Mutex<Value>
    init(_ initial: Value) { value = Mutex(initial) }
  }

  /// Where a piece of work ran.
  private static func threadID() -> UInt { UInt(bitPattern: Int(bitPattern: pthread_self())) }

  @Test func aTaskAndItsChildren_runOnTheExecutorsOneThread() async throws {
    let executor = DedicatedThreadExecutor(name: "farmacy.test")
    defer { executor.stop() }
    let seen = Record<Set<UInt>>([])
    let outside = await Task.detached { Self.threadID() }.value
    await withTaskExecutorPreference(executor) {
      await withTaskGroup(of: Void.self) { group in
        for _ in 0..<32 {
          group.addTask {
            seen.value.withLock { _ = $0.insert(Self.threadID()) }
            await Task.yield()
            seen.value.withLock { _ = $0.insert(Self.threadID()) }
          }
        }
      }
    }
    let threads = seen.value.withLock { $0 }
    #expect(threads.count == 1)
    #expect(!threads.contains(outside))
  }

  @Test func jobsRunInTheOrderTheyCame() async throws {
    let executor = DedicatedThreadExecutor(name: "farmacy.test")
    defer { executor.stop() }
    let order = Record<[Int]>([])
    // All are started before any is awaited: on Swift's pool they could run in any order.
    let tasks = (0..<100).map { index in
      Task(executorPreference: executor) { order.value.withLock { $0.append(index) } }
    }
    for task in tasks { await task.value }
    #expect(order.value.withLock { $0 } == Array(0..<100))
  }

  @Test(.timeLimit(.minutes(1))) func aTaskStillPreferringTheExecutorAfterItStopped_runsElsewhere() async throws {
    let executor = DedicatedThreadExecutor(name: "farmacy.test")
    let onExecutor = await Task(executorPreference: executor) { Self.threadID() }.value
    executor.stop()
    let afterStop = await Task(executorPreference: executor) { Self.threadID() }.value
    #expect(afterStop != onExecutor)
  }
}
