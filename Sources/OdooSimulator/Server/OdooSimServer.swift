import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import Synchronization

/// The request context: Hummingbird's core storage plus the connection, which faults need to
/// reset, drop or hold.
struct SimRequestContext: RequestContext {
  var coreContext: CoreRequestContextStorage
  let channel: any Channel

  init(source: ApplicationRequestContextSource) {
    coreContext = .init(source: source)
    channel = source.channel
  }
}

/// Thrown after the connection was closed on purpose; Hummingbird then gives up on it.
private struct ConnectionClosedOnPurpose: Error {}

/// Serves a ``SimulatedOdoo`` over HTTP/1.1 with Hummingbird, and turns its outcomes into
/// socket behaviour: a reset is a TCP RST (`SO_LINGER` 0), a dropped reply closes the
/// connection after the call committed, a hang holds the connection until the client leaves.
struct SimResponder: HTTPResponder {
  typealias Context = SimRequestContext
  let simulator: SimulatedOdoo

  func respond(to request: Request, context: SimRequestContext) async throws -> Response {
    var request = request
    let buffer = try await request.collectBody(upTo: 64 * 1_024 * 1_024)
    var headers: [String: String] = [:]
    for field in request.headers { headers[field.name.canonicalName] = field.value }
    var query: [String: String] = [:]
    for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
    let address = context.channel.remoteAddress?.ipAddress ?? "unknown"
    let simRequest = SimHTTPRequest(
      method: request.method.rawValue, path: request.uri.path, query: query, headers: headers,
      body: Array(buffer.readableBytesView), remoteAddress: address)
    switch await simulator.handle(simRequest) {
    case .respond(let response):
      return Self.response(response)
    case .resetConnection:
      try await Self.reset(context.channel)
      throw ConnectionClosedOnPurpose()
    case .dropAfterCommit:
      try? await context.channel.close()
      throw ConnectionClosedOnPurpose()
    case .hang:
      await Self.hold(context.channel, limit: simulator.faults.settings.hangLimitSeconds, faults: simulator.faults)
      try? await context.channel.close()
      throw ConnectionClosedOnPurpose()
    }
  }

  static func response(_ response: SimHTTPResponse) -> Response {
    var fields = HTTPFields()
    for (name, value) in response.headers {
      if let field = HTTPField.Name(name) { fields.append(HTTPField(name: field, value: value)) }
    }
    return Response(
      status: HTTPResponse.Status(code: response.status), headers: fields,
      body: ResponseBody(byteBuffer: ByteBuffer(bytes: response.body)))
  }

  /// Closes with a TCP reset rather than a clean shutdown.
  static func reset(_ channel: any Channel) async throws {
    if let provider = channel as? any SocketOptionProvider {
      try? await provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
    }
    try? await channel.close()
  }

  /// Waits until the client closes the connection, `limit` seconds pass (through the fault
  /// injector's sleep, so tests decide how long that is), or the hangs are released.
  static func hold(_ channel: any Channel, limit: Double, faults: FaultInjector) async {
    let id = UUID()
    // Neither event can be awaited with cancellation, so each releases the hold instead.
    channel.closeFuture.whenComplete { _ in faults.release(id) }
    if let watch = try? await channel.pipeline.handler(type: ConnectionWatch.self).get() {
      watch.whenClientLeaves { faults.release(id) }
    }
    await withTaskGroup(of: Void.self) { group in
      group.addTask { await faults.sleep(.milliseconds(Int64(limit * 1_000))) }
      group.addTask { await faults.waitForRelease(id) }
      await group.next()
      group.cancelAll()
    }
  }
}

/// Watches each connection: refuses it during an outage window (reset as soon as it is
/// accepted, before a byte is read), and tells a held request when the client has gone.
///
/// The server allows half-closed connections, so a client that gives up leaves the channel open
/// with its input closed; the `inputClosed` event is how a hung request learns it may stop.
final class ConnectionWatch: ChannelInboundHandler, RemovableChannelHandler, Sendable {
  typealias InboundIn = NIOAny

  private struct State {
    var clientGone = false
    var callbacks: [@Sendable () -> Void] = []
  }

  let faults: FaultInjector
  private let state = Mutex(State())

  init(faults: FaultInjector) { self.faults = faults }

  func handlerAdded(context: ChannelHandlerContext) {
    if context.channel.isActive { refuseDuringOutage(context) }
  }

  func channelActive(context: ChannelHandlerContext) {
    refuseDuringOutage(context)
    context.fireChannelActive()
  }

  func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
    if let event = event as? ChannelEvent, event == .inputClosed { clientLeft() }
    context.fireUserInboundEventTriggered(event)
  }

  func channelInactive(context: ChannelHandlerContext) {
    clientLeft()
    context.fireChannelInactive()
  }

  /// Runs `callback` once the client has closed its side (at once if it already has).
  func whenClientLeaves(_ callback: @escaping @Sendable () -> Void) {
    let gone = state.withLock { state in
      if !state.clientGone { state.callbacks.append(callback) }
      return state.clientGone
    }
    if gone { callback() }
  }

  private func clientLeft() {
    let callbacks = state.withLock { state in
      state.clientGone = true
      defer { state.callbacks = [] }
      return state.callbacks
    }
    for callback in callbacks { callback() }
  }

  private func refuseDuringOutage(_ context: ChannelHandlerContext) {
    guard faults.isInOutage else { return }
    let channel = context.channel
    guard let provider = channel as? any SocketOptionProvider else {
      channel.close(promise: nil)
      return
    }
    provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in channel.close(promise: nil) }
  }
}

/// The certificate and private key odoo-sim serves HTTPS with (PEM files).
package struct SimTLSFiles: Sendable, Equatable {
  /// The certificate chain, leaf first.
  package var certificatePath: String
  package var privateKeyPath: String

  package init(certificatePath: String, privateKeyPath: String) {
    self.certificatePath = certificatePath
    self.privateKeyPath = privateKeyPath
  }
}

/// A running simulator on a loopback port.
///
/// Start one with ``start(_:host:port:tls:)``; `port: 0` picks a free port, which ``port``
/// reports. With `tls`, it serves HTTPS instead of HTTP. ``stop()`` shuts it down.
///
/// ```swift
/// let simulator = SimulatedOdoo(engine: OdooEngine(configuration: .init(version: .v19)))
/// let server = try await OdooSimServer.start(simulator)
/// // talk to server.baseURL …
/// await server.stop()
/// ```
package final class OdooSimServer: Sendable {
  package let simulator: SimulatedOdoo
  package let host: String
  package let port: Int
  /// Whether it serves HTTPS.
  package let usesTLS: Bool
  private let task: Task<Void, any Error>

  private init(simulator: SimulatedOdoo, host: String, port: Int, usesTLS: Bool, task: Task<Void, any Error>) {
    self.simulator = simulator
    self.host = host
    self.port = port
    self.usesTLS = usesTLS
    self.task = task
  }

  /// `http://host:port`, or `https://host:port` with TLS.
  package var baseURL: String { "\(usesTLS ? "https" : "http")://\(host):\(port)" }

  /// Starts serving `simulator` and returns once the socket is listening.
  ///
  /// - Parameter tls: Serve HTTPS with this certificate and key; `nil` serves plain HTTP.
  /// - Throws: When the certificate or key cannot be read, or the address cannot be bound.
  package static func start(
    _ simulator: SimulatedOdoo, host: String = "127.0.0.1", port: Int = 0, tls: SimTLSFiles? = nil
  ) async throws -> OdooSimServer {
    let (ports, portsContinuation) = AsyncStream.makeStream(of: Int.self, bufferingPolicy: .bufferingNewest(1))
    var logger = Logger(label: "odoo-sim")
    logger.logLevel = .critical
    let faults = simulator.faults
    let http1 = HTTPServerBuilder.http1(
      configuration: .init(additionalChannelHandlers: [ConnectionWatch(faults: faults)]))
    let server: HTTPServerBuilder
    if let tls {
      let certificates = try NIOSSLCertificate.fromPEMFile(tls.certificatePath)
      let key = try NIOSSLPrivateKey(file: tls.privateKeyPath, format: .pem)
      server = try .tls(
        http1,
        tlsConfiguration: .makeServerConfiguration(
          certificateChain: certificates.map { .certificate($0) }, privateKey: .privateKey(key)))
    } else {
      server = http1
    }
    let application = Application(
      responder: SimResponder(simulator: simulator),
      server: server,
      configuration: .init(address: .hostname(host, port: port), serverName: nil),
      onServerRunning: { channel in
        portsContinuation.yield(channel.localAddress?.port ?? port)
        portsContinuation.finish()
      },
      logger: logger)
    let task = Task {
      // If the server cannot bind, end the wait for its port so that start() reports why.
      defer { portsContinuation.finish() }
      try await application.run()
    }
    var iterator = ports.makeAsyncIterator()
    guard let bound = await iterator.next() else {
      task.cancel()
      // The server stopped before listening: report why.
      try await task.value
      throw StartFailure(description: "odoo-sim stopped before it was listening")
    }
    return OdooSimServer(simulator: simulator, host: host, port: bound, usesTLS: tls != nil, task: task)
  }

  /// Stops accepting, closes connections and waits for the server to finish.
  package func stop() async {
    simulator.activity.stop()
    simulator.faults.releaseHangs()
    task.cancel()
    _ = try? await task.value
  }

  /// Waits until the server stops (for the `odoo-sim` command).
  package func wait() async throws { try await task.value }

  package struct StartFailure: Error, CustomStringConvertible {
    package var description: String
  }
}
