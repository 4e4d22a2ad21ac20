/// A failed system call, with the `errno` it left.
public struct SystemCallError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The call that failed, e.g. `"pipe"`.
  public var call: String
  public var errno: Int32

  public init(_ call: String, errno: Int32) {
    self.call = call
    self.errno = errno
  }

  public var description: String { "\(call) failed with errno \(errno)" }
}
