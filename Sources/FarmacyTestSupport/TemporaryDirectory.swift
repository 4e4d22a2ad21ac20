import Foundation

/// A fresh folder under the system temporary directory, removed when the value is released.
package final class TemporaryDirectory: Sendable {
  package let path: String

  package init(_ label: String = "farmacy") throws {
    let template = NSTemporaryDirectory() + "/\(label)-XXXXXX"
    var bytes = Array(template.utf8CString)
    guard let created = mkdtemp(&bytes) else {
      throw CocoaError(.fileWriteUnknown)
    }
    path = String(cString: created)
  }

  /// A path inside the folder.
  package func file(_ name: String) -> String { path + "/" + name }

  deinit { try? FileManager.default.removeItem(atPath: path) }
}
