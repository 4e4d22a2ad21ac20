import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Keeps the full-screen app's memory close to what it uses, over a day of syncing.
///
/// <malloc.h> is not part of the Glibc module, so its two functions are looked up by name; on
/// another C library both calls do nothing.
enum ProcessMemory {
  /// Keeps glibc's allocator to two arenas. By default each thread that allocates under
  /// contention gets an arena of its own (up to eight per core), and each keeps the memory it
  /// freed; the sync engine's threads come and go over the pool, so an all-day process grows
  /// by several megabytes for no gain. Call it before other threads start.
  static func limitMallocArenas() {
    #if os(Linux)
      typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
      let arenaMax: Int32 = -8  // M_ARENA_MAX
      guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
      _ = unsafeBitCast(symbol, to: Mallopt.self)(arenaMax, 2)
    #endif
  }

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
}
