import Foundation

/// Makes a throwaway self-signed certificate for serving odoo-sim over HTTPS on loopback, with
/// the `openssl` command-line tool.
///
/// The certificate names `127.0.0.1`, `::1` and `localhost`, is valid for two days, and is its
/// own CA: a client trusts it by taking the certificate file as its CA bundle
/// (`CurlConfiguration.caBundlePath`, `curl --cacert`), with peer and host verification on.
package enum SelfSignedCertificate {
  package struct Failure: Error, CustomStringConvertible {
    package var description: String
  }

  /// Writes `cert.pem` and `key.pem` (ECDSA P-256) into `directory` and returns their paths.
  ///
  /// - Parameter commonName: The subject's common name, so that two certificates made for a
  ///   test can be told apart.
  /// - Throws: ``Failure`` when `openssl` is missing or fails.
  package static func generate(in directory: String, commonName: String = "odoo-sim") throws -> SimTLSFiles {
    let files = SimTLSFiles(
      certificatePath: directory + "/cert.pem", privateKeyPath: directory + "/key.pem")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
      "-days", "2", "-subj", "/CN=\(commonName)",
      "-addext", "subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost",
      "-keyout", files.privateKeyPath, "-out", files.certificatePath,
    ]
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    let errors = directory + "/openssl-errors.txt"
    _ = FileManager.default.createFile(atPath: errors, contents: nil)
    process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errors))
    do {
      try process.run()
    } catch {
      throw Failure(description: "cannot run openssl: \(error)")
    }
    process.waitUntilExit()
    guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: files.certificatePath) else {
      let message = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
      throw Failure(
        description: "openssl failed (status \(process.terminationStatus)); is it installed? "
          + message.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    try? FileManager.default.removeItem(atPath: errors)
    return files
  }
}
