import Foundation

/// Runs a command to completion with `posix_spawn`, its output going to a file.
///
/// Foundation's `Process` is not used on purpose: its pipes leak into a daemonising child (a
/// tmux server keeps them open, so reading never ends), and its children inherit the calling
/// thread's blocked signal mask (SIGCHLD, SIGWINCH and SIGTERM stay blocked in tmux and the
/// app under test, so resizes never arrive and `kill` is ignored). Here the child gets an empty
/// signal mask, default signal actions, `/dev/null` as input, and no descriptor above 2.
public enum ChildProcess {
  /// The result of a finished command.
  public struct Result: Sendable {
    /// The exit status, or 128 + the signal number when a signal ended it.
    public var status: Int32
    /// Standard output and standard error, interleaved.
    public var output: String
  }

  public struct SpawnError: Error, CustomStringConvertible {
    public var command: [String]
    public var errno: Int32
    public var description: String { "cannot run \(command.joined(separator: " ")) (errno \(errno))" }
  }

  /// Runs `command` (the first element a path, or a name found on `PATH`) and waits for it.
  public static func run(_ command: [String], environment: [String: String]? = nil) throws -> Result {
    let outputPath = NSTemporaryDirectory() + "tk-spawn-\(getpid())-\(UUID().uuidString).out"
    defer { unlink(outputPath) }

    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var emptyMask = sigset_t()
    sigemptyset(&emptyMask)
    posix_spawnattr_setsigmask(&attributes, &emptyMask)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD, SIGWINCH, SIGTSTP, SIGTTIN, SIGTTOU, SIGUSR1, SIGUSR2, SIGALRM, SIGCONT] {
      sigaddset(&defaults, signal)
    }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    addCloseFrom(&actions, 3)

    let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
    var argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
    var envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup($0) } + [nil]
    defer {
      for pointer in argv { free(pointer) }
      for pointer in envp { free(pointer) }
    }
    var pid = pid_t()
    let spawned = posix_spawnp(&pid, command[0], &actions, &attributes, &argv, &envp)
    guard spawned == 0 else { throw SpawnError(command: command, errno: spawned) }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
      guard errno == EINTR else { throw SpawnError(command: command, errno: errno) }
    }
    let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    return Result(status: decode(status), output: output)
  }

  /// `WIFEXITED`/`WEXITSTATUS` are macros Swift cannot import: decode the status by hand.
  static func decode(_ status: Int32) -> Int32 {
    let signal = status & 0x7F
    return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
  }

  /// `posix_spawn_file_actions_addclosefrom_np` is hidden by Swift's Glibc module; reach it
  /// through the dynamic linker. Without it, the test process's descriptors leak into tmux.
  private static func addCloseFrom(_ actions: inout posix_spawn_file_actions_t, _ lowest: Int32) {
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
      return
    }
    let function = unsafeBitCast(symbol, to: AddCloseFrom.self)
    _ = function(&actions, lowest)
  }
}
