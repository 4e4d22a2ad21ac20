import Foundation
import Synchronization

/// Carries messages from any thread or actor to the terminal thread, and wakes it.
///
/// The terminal thread sleeps in `poll()` on the terminal's input and on this inbox's
/// ``wakeDescriptor`` (the read end of a pipe). ``post(_:)`` appends under a `Mutex` and, only
/// when the inbox goes from empty to non-empty, writes one byte to the pipe; so a burst of
/// messages costs one wake-up, and the terminal thread handles them all in the same frame.
/// Posting never blocks on the terminal thread and never suspends, so actors and the
/// cooperative thread pool are never held up by the screen.
///
/// ```swift
/// let inbox = try Inbox<EngineEvent>()
/// Task.detached { for await event in engine.events { inbox.post(event) } }
/// ```
public final class Inbox<Message: Sendable>: Sendable {
  private let messages = Mutex<[Message]>([])
  private let readDescriptor: Int32
  private let writeDescriptor: Int32

  /// Creates the inbox and its wake-up pipe (non-blocking, close-on-exec).
  ///
  /// - Throws: ``SystemCallError`` when the pipe cannot be created.
  public init() throws {
    var descriptors: [Int32] = [-1, -1]
    guard pipe(&descriptors) == 0 else { throw SystemCallError("pipe", errno: errno) }
    // pipe2 is not visible from Swift on Linux; set the flags one by one.
    for descriptor in descriptors {
      _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
      _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
    }
    readDescriptor = descriptors[0]
    writeDescriptor = descriptors[1]
  }

  deinit {
    close(readDescriptor)
    close(writeDescriptor)
  }

  /// Becomes readable when messages are waiting. Pass it to
  /// ``TerminalBackend/readEvents(timeout:wakeDescriptor:)``; only ``drain()`` reads it.
  public var wakeDescriptor: Int32 { readDescriptor }

  /// Queues a message for the terminal thread. Safe from any thread; never blocks for long.
  public func post(_ message: Message) {
    let wasEmpty = messages.withLock { queue in
      queue.append(message)
      return queue.count == 1
    }
    if wasEmpty {
      var byte: UInt8 = 1
      // A full pipe means a wake-up is already pending, so EAGAIN is fine to ignore.
      _ = write(writeDescriptor, &byte, 1)
    }
  }

  /// Takes every waiting message, oldest first.
  public func drain() -> [Message] {
    // Empty the pipe *before* taking the messages: a post that lands in between then leaves
    // its byte in the pipe and the next wait returns at once. The other order could lose
    // that wake-up and leave a message waiting until some other event arrives.
    var scratch = [UInt8](repeating: 0, count: 64)
    while read(readDescriptor, &scratch, scratch.count) > 0 {}
    return messages.withLock { queue in
      defer { queue.removeAll(keepingCapacity: true) }
      return queue
    }
  }

  /// Posts every element of `stream` until it finishes; run it in a task of its own.
  public func forward(_ stream: AsyncStream<Message>) async {
    for await message in stream { post(message) }
  }
}
