import CCurl
import Foundation

/// Where and how ``SMTPMailer`` sends mail.
package struct SMTPConfiguration: Sendable, Equatable {
  /// `smtp://host:port` (STARTTLS is required when `requiresTLS`) or `smtps://host:port`.
  package var url: String
  package var from: String
  package var recipients: [String]
  package var user: String?
  /// Never printed.
  package var password: String?
  /// Refuse to send without TLS (STARTTLS on `smtp://`). On by default.
  package var requiresTLS = true
  package var caBundlePath: String?
  package var timeout: Duration = .seconds(30)

  package init(url: String, from: String, recipients: [String], user: String? = nil, password: String? = nil) {
    self.url = url
    self.from = from
    self.recipients = recipients
    self.user = user
    self.password = password
  }
}

/// Sends plain-text e-mail through libcurl's SMTP client, for notifications.
///
/// Each message is one `curl_easy_perform` on a thread of its own: the easy handle is created,
/// used and freed on that thread only, and the caller's task waits on a continuation, so no
/// thread of Swift's cooperative pool blocks on the network.
package struct SMTPMailer: Sendable {
  package let configuration: SMTPConfiguration

  package init(configuration: SMTPConfiguration) {
    self.configuration = configuration
  }

  /// The message as sent: headers, a blank line, the body with CRLF line ends.
  package static func message(from: String, to: [String], subject: String, body: String, date: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
    func clean(_ text: String) -> String {
      String(text.unicodeScalars.filter { $0 != "\r" && $0 != "\n" }.map(Character.init))
    }
    let lines = [
      "Date: \(formatter.string(from: date))", "From: \(clean(from))", "To: \(to.map(clean).joined(separator: ", "))",
      "Subject: \(clean(subject))", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: 8bit", "",
    ]
    // libcurl doubles a leading dot on the wire itself (RFC 5321 §4.5.2), so lines go as they are.
    let bodyLines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    return (lines + bodyLines).joined(separator: "\r\n") + "\r\n"
  }

  /// Sends one message; throws an ``OdooError`` with `.transport` when the server refuses it.
  package func send(subject: String, body: String) async throws {
    let message = Self.message(
      from: configuration.from, to: configuration.recipients, subject: subject, body: body, date: Date())
    let configuration = configuration
    let outcome: (code: Int32, detail: String) = await withCheckedContinuation { continuation in
      let thread = Thread { continuation.resume(returning: Self.perform(configuration, message: message)) }
      thread.name = "farmacy-smtp"
      thread.start()
    }
    guard outcome.code == 0 else {
      throw OdooError(code: .transport(curlCode: outcome.code, detail: outcome.detail), method: "smtp")
    }
  }

  /// The upload's state, read by libcurl's read callback on the sending thread only.
  private final class Upload {
    let bytes: [UInt8]
    var offset = 0
    init(_ text: String) { bytes = Array(text.utf8) }
  }

  private static func perform(_ configuration: SMTPConfiguration, message: String) -> (Int32, String) {
    guard let handle = curl_easy_init() else { return (-1, "libcurl could not start") }
    defer { curl_easy_cleanup(handle) }
    var recipients: UnsafeMutablePointer<curl_slist>?
    for recipient in configuration.recipients { recipients = curl_slist_append(recipients, "<\(recipient)>") }
    defer { curl_slist_free_all(recipients) }
    let upload = Upload(message)
    let context = Unmanaged.passUnretained(upload).toOpaque()
    var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    let code = errorBuffer.withUnsafeMutableBufferPointer { buffer -> CURLcode in
      _ = ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, buffer.baseAddress)
      _ = ccurl_setopt_string(handle, CURLOPT_URL, configuration.url)
      _ = ccurl_setopt_string(handle, CURLOPT_MAIL_FROM, "<\(configuration.from)>")
      _ = ccurl_setopt_slist(handle, CURLOPT_MAIL_RCPT, recipients)
      _ = ccurl_setopt_long(handle, CURLOPT_UPLOAD, 1)
      _ = ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
      _ = ccurl_setopt_long(
        handle, CURLOPT_TIMEOUT_MS, Int(configuration.timeout.components.seconds * 1_000))
      if configuration.requiresTLS { _ = ccurl_setopt_long(handle, CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue)) }
      if let ca = configuration.caBundlePath { _ = ccurl_setopt_string(handle, CURLOPT_CAINFO, ca) }
      if let user = configuration.user { _ = ccurl_setopt_string(handle, CURLOPT_USERNAME, user) }
      if let password = configuration.password { _ = ccurl_setopt_string(handle, CURLOPT_PASSWORD, password) }
      _ = ccurl_setopt_pointer(handle, CURLOPT_READDATA, context)
      _ = ccurl_setopt_read_function(handle) { target, size, count, context in
        guard let target, let context else { return 0 }
        let upload = Unmanaged<Upload>.fromOpaque(context).takeUnretainedValue()
        let room = size * count
        let chunk = min(room, upload.bytes.count - upload.offset)
        guard chunk > 0 else { return 0 }
        upload.bytes.withUnsafeBufferPointer { source in
          UnsafeMutableRawPointer(target).copyMemory(from: source.baseAddress! + upload.offset, byteCount: chunk)
        }
        upload.offset += chunk
        return chunk
      }
      return curl_easy_perform(handle)
    }
    withExtendedLifetime(upload) {}
    let detail = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return (Int32(code.rawValue), detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail)
  }
}
