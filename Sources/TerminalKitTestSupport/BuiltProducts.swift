import Foundation

/// Finds executables SwiftPM built beside the running test binary.
public enum BuiltProducts {
  /// The build directory (`.build/<triple>/debug`), where the test binary also lives.
  public static var directory: URL {
    let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    return URL(fileURLWithPath: executable).deletingLastPathComponent()
  }

  /// The path of the executable product `name`, if it has been built.
  public static func path(of name: String) -> String? {
    let candidate = directory.appendingPathComponent(name).path
    return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : nil
  }
}
