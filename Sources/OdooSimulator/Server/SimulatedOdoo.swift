import Foundation

/// The whole simulated server, minus the socket: routing, the protocol adapters, faults,
/// statistics and the `/sim/` control endpoints.
///
/// ``handle(_:)`` turns a ``SimHTTPRequest`` into a ``SimHTTPOutcome``. ``OdooSimServer``
/// serves it over HTTP; tests can also call it directly, which exercises every adapter and
/// fault without a socket. Faults never touch `/sim/` requests.
package final class SimulatedOdoo: Sendable {
  package let engine: OdooEngine
  package let faults: FaultInjector
  package let stats: RequestStats
  package let activity: RemoteActivity
  /// Where `/sim/save` and shutdown write the state, if persistence is on.
  package let stateFile: String?
  private let services: RPCServices

  package init(
    engine: OdooEngine, faults: FaultInjector = FaultInjector(), stats: RequestStats = RequestStats(),
    activity: RemoteActivity? = nil, stateFile: String? = nil
  ) {
    self.engine = engine
    self.faults = faults
    self.stats = stats
    self.activity = activity ?? RemoteActivity(engine: engine)
    self.stateFile = stateFile
    services = RPCServices(engine: engine)
  }

  /// Answers one request, applying faults to Odoo routes.
  package func handle(_ request: SimHTTPRequest) async -> SimHTTPOutcome {
    if request.path == "/sim" || request.path.hasPrefix("/sim/") {
      return .respond(SimControl(simulator: self).handle(request))
    }
    let call = prepare(request)
    let decision = faults.decide(endpoint: call.endpoint, model: call.model, method: call.method)
    if decision.outage {
      stats.recordFault("outage")
      return .resetConnection
    }
    await faults.sleep(decision.delay)
    guard let fault = decision.fault else { return .respond(call.run()) }
    stats.recordFault(fault.rawValue)
    switch fault {
    case .http502:
      return .respond(
        .html(
          status: 502, title: "Bad Gateway",
          description: "The proxy server received an invalid response from an upstream server."))
    case .http503:
      return .respond(
        .html(
          status: 503, title: "Service Unavailable",
          description: "The server is temporarily unable to service your request. Please try again later."))
    case .serverError:
      return .respond(
        call.fail(OdooServerError(.serializationFailure, "could not serialize access due to concurrent update\n")))
    case .connectionReset:
      return .resetConnection
    case .hang:
      return .hang
    case .commitThenDrop:
      return .dropAfterCommit(call.run())
    case .sessionExpiry:
      if let session = request.cookie("session_id") { engine.destroySession(session) }
      return .respond(call.run())
    }
  }

  /// Routes a request to its adapter.
  func prepare(_ request: SimHTTPRequest) -> PreparedCall {
    let path = request.path
    let notFound = SimHTTPResponse.html(
      status: 404, title: "Not Found", description: "The requested URL was not found on the server.")
    if path == "/jsonrpc" {
      return JSONRPCAdapter(services: services, stats: stats).prepare(request)
    }
    if path.hasPrefix("/xmlrpc/") {
      let service = path.split(separator: "/").last.map(String.init) ?? ""
      guard ["common", "object", "db"].contains(service), path == "/xmlrpc/2/\(service)" || path == "/xmlrpc/\(service)"
      else {
        return .immediate(endpoint: path, notFound)
      }
      return XMLRPCAdapter(services: services, stats: stats).prepare(request)
    }
    if path.hasPrefix("/web/session/") || path.hasPrefix("/web/dataset/call_kw")
      || path.hasPrefix("/web/dataset/call_button")
      || path == "/web/webclient/version_info" || path == "/web/database/list"
    {
      return WebSessionAdapter(engine: engine, stats: stats).prepare(request)
    }
    if engine.version.hasJSON2 {
      if path.hasPrefix("/json/2/") { return JSON2Adapter(engine: engine, stats: stats).prepare(request) }
      if path == "/web/version" || path == "/json/version" {
        let stats = stats
        let version = engine.version
        return PreparedCall(
          endpoint: path, method: "version",
          run: {
            stats.record(endpoint: path, model: nil, method: nil)
            return .json([
              "version_info": version.versionInfo["server_version_info"] ?? .null, "version": .string(version.rawValue),
            ])
          },
          fail: { JSON2Adapter.error($0) })
      }
    }
    return .immediate(endpoint: path, notFound)
  }
}
