import Foundation
import SyncEngine

#if canImport(Glibc)
  import Glibc
#endif

/// Keeps the full-screen app's memory close to what it uses, over a day of syncing.
///
/// <malloc.h> is not part of the Glibc module, so `malloc_trim` is looked up by name; on another
/// C library the call does nothing.
///
/// glibc's arenas are left as they are: with two for the whole process (2 MB less during a
/// push), the terminal thread waited on the engine's allocations, hundreds of lock hand-overs
/// and up to 4 ms per keypress.
enum ProcessMemory {
  /// Hands the memory the allocator holds free back to the system. A pull of thousands of
  /// orders parses them all before it writes them; once written, that memory is free but
  /// glibc keeps it mapped, so an all-day process would keep the size of its largest pull.
  static func releaseFreeMemory() {
    #if os(Linux)
      typealias MallocTrim = @convention(c) (Int) -> Int32
      guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
      _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
    #endif
  }

  /// Hands memory back after a pull of 500 orders or more: a pull parses thousands of orders
  /// before writing them, and a round that changed nothing leaves nothing to give back.
  struct ReleaseAfterLargePulls: SyncEventHandler {
    var name: String { "memory" }

    func accepts(_ event: SyncEvent) -> Bool {
      guard case .pullFinished(let inserted, let updated, let merged, _, let deleted, _) = event else { return false }
      return inserted + updated + merged + deleted >= 500
    }

    func handle(_ envelope: SyncEnvelope) async throws { ProcessMemory.releaseFreeMemory() }
  }
}
