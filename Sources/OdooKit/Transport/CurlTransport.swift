import CCurl
import Foundation
import Synchronization

/// How ``CurlTransport`` connects.
package struct CurlConfiguration: Sendable, Equatable {
  /// Connections (libcurl handles, each kept alive) at most.
  package var maxConnections = 10
  /// How long a request waits for a free connection before failing with `.poolExhausted`.
  package var acquireTimeout: Duration = .seconds(30)
  /// A connection unused this long is closed.
  package var idleTimeout: Duration = .seconds(300)
  package var connectTimeout: Duration = .seconds(10)
  /// The whole request, connection included.
  package var totalTimeout: Duration = .seconds(60)
  /// Verify the server's TLS certificate and name. Turning it off is for test servers only.
  package var verifiesPeer = true
  /// A CA bundle file instead of the system's.
  package var caBundlePath: String?
  /// A reply larger than this is refused as malformed rather than filling memory.
  package var maxResponseBytes = 64 * 1_024 * 1_024
  package var userAgent = "Farmacy/0.1 (libcurl)"
  /// Keep connections open between requests. Off means a new connection for every request,
  /// which only the benchmarks want, as their baseline.
  package var reusesConnections = true
  /// How long a worker that just finished a request keeps watching for the next one before it
  /// goes to sleep. A caller that sends its next request at once then skips the wake-up of a
  /// sleeping thread; the price is at most this much CPU time after a burst of requests, by
  /// one worker at a time. Zero sleeps at once.
  package var spinBeforeSleeping: Duration = .microseconds(100)

  package init() {}
}

/// Sends HTTP requests with libcurl over a pool of kept-alive connections.
///
/// Each connection is one libcurl easy handle owned by one worker thread: the handle is created,
/// used and freed on that thread only, as libcurl requires. Callers enter through
/// ``send(_:label:)``, which queues the request and suspends on a continuation that a worker
/// resumes, so no thread of Swift's cooperative pool ever blocks on the network. Workers start
/// on demand up to ``CurlConfiguration/maxConnections`` and end after
/// ``CurlConfiguration/idleTimeout`` without work, closing their connection. A worker that has
/// just answered watches the queue for ``CurlConfiguration/spinBeforeSleeping`` before it
/// sleeps, so that a caller's next request usually starts without waking a thread.
///
/// `@unchecked Sendable` is sound because the only state shared between threads — the queue,
/// the worker counts and the shutdown flag in ``Shared`` — is read and written only while
/// holding `condition`'s lock (the `enqueued` counter a spinning worker reads without it is an
/// atomic); the easy handles never leave their worker thread.
package final class CurlTransport: HTTPTransport, @unchecked Sendable {
  package let configuration: CurlConfiguration

  /// A queued request. `@unchecked Sendable`: `claimed` is read and written only under
  /// `condition`'s lock; everything else is immutable.
  private final class Job: @unchecked Sendable {
    let request: HTTPRequest
    let continuation: CheckedContinuation<HTTPResponse, any Error>
    let label: String
    var claimed = false

    init(request: HTTPRequest, label: String, continuation: CheckedContinuation<HTTPResponse, any Error>) {
      self.request = request
      self.label = label
      self.continuation = continuation
    }
  }

  private struct Shared {
    var queue: [Job] = []
    var workers = 0
    var idleWorkers = 0
    var isShutDown = false
    /// Connections opened so far, for tests and metrics.
    var connectionsOpened = 0
    /// Requests handed to libcurl so far.
    var requestsSent = 0
    /// Whether a worker is spinning for the next request instead of sleeping.
    var hasSpinner = false
  }

  private let condition = NSCondition()
  /// Bumped for every queued request, read without the lock by a spinning worker.
  private let enqueued = Atomic<Int>(0)
  private var shared = Shared()

  private static let globalInit: Bool = curl_global_init(ccurl_global_all()) == CURLE_OK

  package init(configuration: CurlConfiguration = CurlConfiguration()) {
    _ = Self.globalInit
    self.configuration = configuration
  }

  deinit { shutdown() }

  /// Stops the workers after their current request; later sends fail.
  package func shutdown() {
    condition.lock()
    shared.isShutDown = true
    let pending = shared.queue
    shared.queue.removeAll()
    condition.broadcast()
    condition.unlock()
    for job in pending {
      job.continuation.resume(throwing: OdooError(code: .transport(curlCode: -1, detail: "client shut down"), method: job.label))
    }
  }

  /// Connections opened since the transport was made (a new TCP connection each).
  package var connectionsOpened: Int {
    condition.lock()
    defer { condition.unlock() }
    return shared.connectionsOpened
  }

  /// Requests handed to libcurl since the transport was made (whatever became of them).
  package var requestsSent: Int {
    condition.lock()
    defer { condition.unlock() }
    return shared.requestsSent
  }

  /// Connections busy with a request now.
  package var busyConnections: Int {
    condition.lock()
    defer { condition.unlock() }
    return shared.workers - shared.idleWorkers
  }

  package func send(_ request: HTTPRequest, label: String) async throws(OdooError) -> HTTPResponse {
    do {
      return try await withCheckedThrowingContinuation { continuation in
        let job = Job(request: request, label: label, continuation: continuation)
        enqueue(job)
      }
    } catch let error as OdooError {
      throw error
    } catch {
      throw OdooError(code: .transport(curlCode: -1, detail: "\(error)"), method: label)
    }
  }

  private func enqueue(_ job: Job) {
    condition.lock()
    if shared.isShutDown {
      condition.unlock()
      job.continuation.resume(throwing: OdooError(code: .transport(curlCode: -1, detail: "client shut down"), method: job.label))
      return
    }
    shared.queue.append(job)
    enqueued.add(1, ordering: .releasing)
    let startWorker = shared.idleWorkers == 0 && shared.workers < configuration.maxConnections
    if startWorker { shared.workers += 1 }
    // Every connection is busy: this request waits, and must not wait for ever.
    let mustWait = !startWorker && shared.idleWorkers < shared.queue.count
    // A spinning worker takes the request without being woken: it looks at the queue under the
    // lock before it sleeps.
    if !shared.hasSpinner { condition.signal() }
    condition.unlock()
    if startWorker {
      let thread = Thread { [self] in workerLoop() }
      thread.name = "farmacy.curl"
      thread.start()
    }
    guard mustWait else { return }
    let timeout = configuration.acquireTimeout
    Task { [self] in
      try? await Task.sleep(for: timeout)
      expire(job)
    }
  }

  /// Fails `job` with `.poolExhausted` if it is still waiting for a connection.
  private func expire(_ job: Job) {
    condition.lock()
    let expired = !job.claimed && shared.queue.contains { $0 === job }
    if expired { shared.queue.removeAll { $0 === job } }
    condition.unlock()
    if expired { job.continuation.resume(throwing: OdooError(code: .poolExhausted, method: job.label)) }
  }

  // MARK: - Worker threads

  private func workerLoop() {
    guard let connection = Connection(configuration: configuration) else {
      condition.lock()
      shared.workers -= 1
      condition.unlock()
      return
    }
    condition.lock()
    shared.connectionsOpened += 1
    condition.unlock()
    let idleSeconds = Double(configuration.idleTimeout.components.seconds)
    condition.lock()
    shared.idleWorkers += 1
    var justFinished = false
    while true {
      // Here the lock is held and this worker is counted idle.
      var deadline = Date(timeIntervalSinceNow: idleSeconds)
      if justFinished && shared.queue.isEmpty && !shared.isShutDown && !shared.hasSpinner
        && configuration.spinBeforeSleeping > .zero
      {
        // Watch for the next request without the lock, yielding the CPU on every turn.
        shared.hasSpinner = true
        let seen = enqueued.load(ordering: .acquiring)
        condition.unlock()
        let until = ContinuousClock.now + configuration.spinBeforeSleeping
        while enqueued.load(ordering: .acquiring) == seen && ContinuousClock.now < until { sched_yield() }
        condition.lock()
        shared.hasSpinner = false
      }
      justFinished = false
      while shared.queue.isEmpty && !shared.isShutDown {
        if !condition.wait(until: deadline) {
          if shared.queue.isEmpty {
            // Idle for too long: close this connection.
            shared.idleWorkers -= 1
            shared.workers -= 1
            condition.unlock()
            return
          }
          deadline = Date(timeIntervalSinceNow: idleSeconds)
        }
      }
      shared.idleWorkers -= 1
      if shared.isShutDown {
        shared.workers -= 1
        condition.unlock()
        return
      }
      let job = shared.queue.removeFirst()
      job.claimed = true
      shared.requestsSent += 1
      condition.unlock()
      let result = perform(job.request, label: job.label, on: connection)
      // Count this worker idle again before the caller resumes, so that a caller sending its
      // next request at once finds this connection instead of opening another.
      condition.lock()
      shared.idleWorkers += 1
      condition.unlock()
      job.continuation.resume(with: result)
      justFinished = true
      condition.lock()
    }
  }

  /// One worker's libcurl handle, with what stays the same from one request to the next: the
  /// options that depend only on the configuration are set once, and the header list is kept
  /// while requests ask for the same headers. Created, used and freed on its worker thread.
  private final class Connection {
    let handle: UnsafeMutableRawPointer
    let errorBuffer: UnsafeMutablePointer<CChar>
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var headerListSource: [(String, String)]?

    init?(configuration: CurlConfiguration) {
      guard let handle = curl_easy_init() else { return nil }
      self.handle = handle
      errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
      errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
      _ = ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
      _ = ccurl_setopt_long(handle, CURLOPT_TCP_NODELAY, 1)
      _ = ccurl_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1)
      _ = ccurl_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, "")
      _ = ccurl_setopt_string(handle, CURLOPT_USERAGENT, configuration.userAgent)
      _ = ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, CurlTransport.milliseconds(configuration.connectTimeout))
      _ = ccurl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, configuration.verifiesPeer ? 1 : 0)
      _ = ccurl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, configuration.verifiesPeer ? 2 : 0)
      if let ca = configuration.caBundlePath { _ = ccurl_setopt_string(handle, CURLOPT_CAINFO, ca) }
      _ = ccurl_setopt_long(handle, CURLOPT_FORBID_REUSE, configuration.reusesConnections ? 0 : 1)
      _ = ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer))
      _ = ccurl_setopt_write_function(handle) { data, size, count, context in
        guard let data, let context else { return 0 }
        return Unmanaged<Accumulator>.fromOpaque(context).takeUnretainedValue()
          .appendBody(UnsafeRawBufferPointer(start: data, count: size * count))
      }
      _ = ccurl_setopt_header_function(handle) { data, size, count, context in
        guard let data, let context else { return 0 }
        Unmanaged<Accumulator>.fromOpaque(context).takeUnretainedValue()
          .addHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count))
        return size * count
      }
    }

    deinit {
      curl_easy_cleanup(handle)
      curl_slist_free_all(headerList)
      errorBuffer.deallocate()
    }

    /// The header list for `headers` (plus an empty `Expect:`), built again only when they
    /// differ from the last request's.
    func headers(_ headers: [(String, String)]) -> UnsafeMutablePointer<curl_slist>? {
      if let source = headerListSource, source.count == headers.count,
        zip(source, headers).allSatisfy({ $0.0 == $1.0 && $0.1 == $1.1 })
      {
        return headerList
      }
      curl_slist_free_all(headerList)
      var list: UnsafeMutablePointer<curl_slist>?
      for (name, value) in headers { list = curl_slist_append(list, "\(name): \(value)") }
      // No 100-continue round trip for larger bodies.
      list = curl_slist_append(list, "Expect:")
      headerList = list
      headerListSource = headers
      return list
    }
  }

  /// Collects a response as libcurl hands it over. Lives on the worker's stack for one request.
  private final class Accumulator {
    var body = Data()
    var headers: [String: [String]] = [:]
    let limit: Int
    var tooLarge = false
    init(limit: Int) { self.limit = limit }

    func appendBody(_ bytes: UnsafeRawBufferPointer) -> Int {
      if body.count + bytes.count > limit {
        tooLarge = true
        return 0
      }
      body.append(contentsOf: bytes)
      return bytes.count
    }

    /// One header line as libcurl passes it (`Name: value\r\n`, or a status line).
    func addHeaderLine(_ line: UnsafeRawBufferPointer) {
      if line.starts(with: "HTTP/".utf8) {
        // A new response (after a redirect or 100 Continue): forget earlier headers.
        headers.removeAll()
        return
      }
      guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
      func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
      var nameEnd = colon
      while nameEnd > 0, isSpace(line[nameEnd - 1]) { nameEnd -= 1 }
      var nameStart = 0
      while nameStart < nameEnd, isSpace(line[nameStart]) { nameStart += 1 }
      var valueStart = colon + 1
      var valueEnd = line.count
      while valueStart < valueEnd, isSpace(line[valueStart]) { valueStart += 1 }
      while valueEnd > valueStart, isSpace(line[valueEnd - 1]) { valueEnd -= 1 }
      // Header names are ASCII; lower-case them byte by byte.
      let name = String(
        decoding: line[nameStart..<nameEnd].lazy.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
      let value = String(decoding: UnsafeRawBufferPointer(rebasing: line[valueStart..<valueEnd]), as: UTF8.self)
      headers[name, default: []].append(value)
    }
  }

  private func perform(_ request: HTTPRequest, label: String, on connection: Connection) -> Result<HTTPResponse, any Error> {
    let handle = connection.handle
    let accumulator = Accumulator(limit: configuration.maxResponseBytes)
    let context = Unmanaged.passUnretained(accumulator).toOpaque()
    connection.errorBuffer[0] = 0

    let code: CURLcode = request.body.withUnsafeBytes { bytes in
      _ = ccurl_setopt_string(handle, CURLOPT_URL, request.url)
      _ = ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Self.milliseconds(request.timeout ?? configuration.totalTimeout))
      // libcurl resends a request by itself when a reused connection was closed under it.
      // A request that must not run twice gets a connection of its own instead.
      _ = ccurl_setopt_long(handle, CURLOPT_FRESH_CONNECT, request.isIdempotent && configuration.reusesConnections ? 0 : 1)
      _ = ccurl_setopt_slist(handle, CURLOPT_HTTPHEADER, connection.headers(request.headers))
      _ = ccurl_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
      _ = ccurl_setopt_pointer(handle, CURLOPT_HEADERDATA, context)
      switch request.method {
      case .get:
        _ = ccurl_setopt_pointer(handle, CURLOPT_POSTFIELDS, nil)
        _ = ccurl_setopt_long(handle, CURLOPT_HTTPGET, 1)
      case .post:
        _ = ccurl_setopt_long(handle, CURLOPT_POST, 1)
        _ = ccurl_setopt_pointer(handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
        _ = ccurl_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(bytes.count))
      }
      let code = curl_easy_perform(handle)
      // The body is only valid inside this closure: let no later request see its address.
      _ = ccurl_setopt_pointer(handle, CURLOPT_POSTFIELDS, nil)
      return code
    }

    if accumulator.tooLarge {
      return .failure(
        OdooError(code: .malformedReply("reply larger than \(configuration.maxResponseBytes) bytes"), method: label))
    }
    guard code == CURLE_OK else {
      let detail = String(cString: connection.errorBuffer)
      let message = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
      if code == CURLE_OPERATION_TIMEDOUT {
        return .failure(OdooError(code: .timeout, method: label, remoteMessage: message))
      }
      return .failure(OdooError(code: .transport(curlCode: Int32(code.rawValue), detail: message), method: label))
    }
    var status = 0
    _ = ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
    return .success(HTTPResponse(status: status, headers: accumulator.headers, body: accumulator.body))
  }

  fileprivate static func milliseconds(_ duration: Duration) -> Int {
    Int(duration.components.seconds * 1_000 + duration.components.attoseconds / 1_000_000_000_000_000)
  }
}
