import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A deliberately small HTTP/1.1 client on a blocking socket, for tests that must see exactly
/// what happens on the wire: a reset, a close without an answer, or silence until a deadline.
///
/// Each request runs on its own thread (never on the cooperative pool, which the server under
/// test needs) and opens its own connection.
enum LoopbackHTTPClient {
  enum Outcome: Equatable {
    case response(status: Int, headers: [String: String], body: String)
    /// The connection was reset (ECONNRESET) or refused.
    case reset
    /// The server closed the connection without a complete answer.
    case closedWithoutAnswer
    /// Nothing arrived before the deadline.
    case timedOut

    var status: Int? { if case .response(let status, _, _) = self { status } else { nil } }
    var body: String? { if case .response(_, _, let body) = self { body } else { nil } }
    func header(_ name: String) -> String? {
      if case .response(_, let headers, _) = self { headers[name.lowercased()] } else { nil }
    }
  }

  static func send(
    port: Int, method: String = "POST", path: String, headers: [String: String] = [:], body: [UInt8] = [],
    timeout: Double = 10
  ) async -> Outcome {
    await withCheckedContinuation { continuation in
      let thread = Thread {
        continuation.resume(
          returning: sendBlocking(
            port: port, method: method, path: path, headers: headers, body: body, timeout: timeout))
      }
      thread.start()
    }
  }

  static func json(port: Int, path: String, _ value: String, headers: [String: String] = [:], timeout: Double = 10)
    async -> Outcome
  {
    var all = headers
    all["Content-Type"] = "application/json"
    return await send(port: port, path: path, headers: all, body: Array(value.utf8), timeout: timeout)
  }

  private static func sendBlocking(
    port: Int, method: String, path: String, headers: [String: String], body: [UInt8], timeout: Double
  ) -> Outcome {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return .reset }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var seconds = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &seconds, socklen_t(MemoryLayout<timeval>.size))
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard connected == 0 else { return .reset }
    var head =
      "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Length: \(body.count)\r\nConnection: close\r\n"
    for (name, value) in headers { head += "\(name): \(value)\r\n" }
    head += "\r\n"
    let request = Array(head.utf8) + body
    var sent = 0
    while sent < request.count {
      let written = request[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
      if written <= 0 { return errno == ECONNRESET || errno == EPIPE ? .reset : .closedWithoutAnswer }
      sent += written
    }
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
      let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
      if count > 0 {
        received.append(contentsOf: buffer[0..<count])
        if let outcome = parse(received) { return outcome }
        continue
      }
      if count == 0 { return parse(received) ?? .closedWithoutAnswer }
      if errno == EAGAIN || errno == EWOULDBLOCK { return .timedOut }
      if errno == EINTR { continue }
      return errno == ECONNRESET ? .reset : .closedWithoutAnswer
    }
  }

  /// A complete response (by Content-Length), or nil while more is needed.
  private static func parse(_ bytes: [UInt8]) -> Outcome? {
    let separator: [UInt8] = [13, 10, 13, 10]
    guard let end = (0..<max(0, bytes.count - 3)).first(where: { Array(bytes[$0..<$0 + 4]) == separator }) else {
      return nil
    }
    let head = String(decoding: bytes[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
    guard let statusLine = head.first, statusLine.split(separator: " ").count >= 2,
      let status = Int(statusLine.split(separator: " ")[1])
    else { return nil }
    var headers: [String: String] = [:]
    for line in head.dropFirst() {
      guard let colon = line.firstIndex(of: ":") else { continue }
      headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    let body = Array(bytes[(end + 4)...])
    if let length = headers["content-length"].flatMap({ Int($0) }) {
      guard body.count >= length else { return nil }
      return .response(status: status, headers: headers, body: String(decoding: body[0..<length], as: UTF8.self))
    }
    return nil
  }
}
