import Foundation
import Synchronization

/// The write end of the relay's pipe, read by the signal handler.
///
/// A global because a C signal handler cannot capture context. An `Atomic` load is lock-free
/// and so safe inside a handler; it is stored before any handler is installed.
private let relayWriteDescriptor = Atomic<Int32>(-1)

/// The signal handler: writes the signal number to the relay's pipe and returns.
///
/// Only async-signal-safe work happens here: an atomic load and `write(2)`. `errno` is
/// preserved for the interrupted code. Everything else happens on the terminal thread when
/// it reads the pipe.
private func relaySignal(_ signal: Int32) {
  let savedErrno = errno
  var byte = UInt8(truncatingIfNeeded: signal)
  let descriptor = relayWriteDescriptor.load(ordering: .relaxed)
  if descriptor >= 0 { _ = write(descriptor, &byte, 1) }
  errno = savedErrno
}

/// Turns signals into bytes on a pipe the terminal thread polls (the self-pipe trick).
///
/// Signal handlers may run on any thread at any moment and may do almost nothing; curses may
/// only be called from the terminal thread. The relay's handlers write the signal number to a
/// pipe, and the terminal thread reads it in its `poll()` loop and does the real work there:
/// restore the screen, suspend, resize.
///
/// Only one relay may exist at a time (there is one terminal). Not `Sendable`: it belongs to
/// the terminal thread.
final class SignalRelay {
  let readDescriptor: Int32
  private let writeDescriptor: Int32
  private var previousActions: [Int32: sigaction] = [:]

  init(signals: [Int32]) throws {
    var descriptors: [Int32] = [-1, -1]
    guard pipe(&descriptors) == 0 else { throw CursesError(.systemCall("pipe", errno: errno)) }
    for descriptor in descriptors {
      _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
      _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
    }
    readDescriptor = descriptors[0]
    writeDescriptor = descriptors[1]
    relayWriteDescriptor.store(writeDescriptor, ordering: .sequentiallyConsistent)
    for signal in signals { install(signal) }
  }

  private func install(_ signal: Int32) {
    var action = sigaction()
    action.__sigaction_handler.sa_handler = relaySignal
    sigemptyset(&action.sa_mask)
    action.sa_flags = SA_RESTART
    var previous = sigaction()
    if sigaction(signal, &action, &previous) == 0, previousActions[signal] == nil {
      previousActions[signal] = previous
    }
  }

  /// The signals received since the last call, in order.
  func drain() -> [Int32] {
    var received: [Int32] = []
    var bytes = [UInt8](repeating: 0, count: 32)
    while true {
      let count = read(readDescriptor, &bytes, bytes.count)
      guard count > 0 else { break }
      received += bytes[0..<count].map { Int32($0) }
    }
    return received
  }

  /// Runs `body` with `signal`'s default action in place and unblocked, then puts the relay's
  /// handler back. Used to really stop on Ctrl-Z: `raise(SIGTSTP)` inside `body`.
  func withDefaultAction(for signal: Int32, _ body: () -> Void) {
    var action = sigaction()
    action.__sigaction_handler.sa_handler = nil  // SIG_DFL
    sigemptyset(&action.sa_mask)
    sigaction(signal, &action, nil)
    var unblock = sigset_t()
    sigemptyset(&unblock)
    sigaddset(&unblock, signal)
    var oldMask = sigset_t()
    pthread_sigmask(SIG_UNBLOCK, &unblock, &oldMask)
    body()
    pthread_sigmask(SIG_SETMASK, &oldMask, nil)
    install(signal)
  }

  /// Puts back the handlers that were there before and closes the pipe.
  func uninstall() {
    for (signal, var previous) in previousActions { sigaction(signal, &previous, nil) }
    previousActions = [:]
    relayWriteDescriptor.store(-1, ordering: .sequentiallyConsistent)
    close(readDescriptor)
    close(writeDescriptor)
  }
}
