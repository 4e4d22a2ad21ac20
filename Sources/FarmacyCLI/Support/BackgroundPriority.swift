import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Gives the terminal thread precedence over the rest of the process.
///
/// The full-screen app draws on the main thread; the sync engine, the store's queries and the
/// HTTP client run on other threads. On Linux, Swift's task priorities do not reach the
/// kernel's scheduler, so on a busy machine a push of thousands of orders competes with the
/// terminal thread as an equal and keypresses wait for a core. Raising the nice value of every
/// other thread needs no privilege and lets the kernel run the terminal thread first; on an
/// idle machine it changes nothing. A thread inherits its creator's value, and the sweep repeats
/// for threads the main thread creates later.
enum BackgroundPriority {
  /// The nice value given to every thread but the main one.
  static let niceness: Int32 = 10

  /// Starts a thread that lowers the other threads after `delay`, then every `interval`. The
  /// delay leaves the first screen's queries at full speed.
  static func start(after delay: Duration = .seconds(1), every interval: Duration = .seconds(1)) {
    #if os(Linux)
      let thread = Thread {
        var wait = delay
        while true {
          Thread.sleep(forTimeInterval: seconds(wait))
          lowerAllButMainThread()
          wait = interval
        }
      }
      thread.name = "background-priority"
      thread.start()
    #endif
  }

  /// Raises every thread of this process but the main one (whose id is the process id) to
  /// ``niceness``; threads already that nice or nicer are left alone.
  static func lowerAllButMainThread() {
    #if os(Linux)
      let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
      let which = __priority_which_t(PRIO_PROCESS.rawValue)
      for name in tasks {
        guard let tid = Int32(name), tid != getpid() else { continue }
        errno = 0
        let current = getpriority(which, id_t(tid))
        if errno == 0, current < niceness { _ = setpriority(which, id_t(tid), niceness) }
      }
    #endif
  }

  private static func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
  }
}
