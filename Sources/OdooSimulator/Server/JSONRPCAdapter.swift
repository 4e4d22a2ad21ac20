import Foundation

/// The JSON-RPC envelope shared by `/jsonrpc` and the web client's routes (odoo-api.md §1.1,
/// §2.1): HTTP 200 always, `result` left out for `None`, errors as Odoo's error object.
enum JSONRPCEnvelope {
  static func result(id: OdooValue, _ value: OdooValue?, headers: [(String, String)] = []) -> SimHTTPResponse {
    var body: [String: OdooValue] = ["jsonrpc": "2.0", "id": id]
    if let value { body["result"] = value }
    var response = SimHTTPResponse.json(.object(body))
    response.headers += headers
    return response
  }

  static func error(id: OdooValue, _ error: OdooServerError) -> SimHTTPResponse {
    let (code, message): (Int, String) =
      switch error.code {
      case .sessionExpired: (100, "Odoo Session Expired")
      case .notFound: (404, "404: Not Found")
      default: (200, "Odoo Server Error")
      }
    let data: OdooValue = [
      "name": .string(error.code.pythonName), "debug": .string(error.traceback), "message": .string(error.message),
      "arguments": .array(error.arguments), "context": .object([:]),
    ]
    return .json([
      "jsonrpc": "2.0", "id": id, "error": ["code": .int(code), "message": .string(message), "data": data],
    ])
  }

  /// Parses a JSON-RPC body, answering werkzeug's 400 pages for a wrong content type or
  /// malformed JSON, as Odoo's dispatcher does before any handler runs.
  /// A parsed JSON-RPC request, or the answer that rejects it.
  enum Parsed {
    case success((id: OdooValue, params: [String: OdooValue]))
    case failure(SimHTTPResponse)
  }

  static func parse(_ request: SimHTTPRequest, route: String) -> Parsed {
    guard request.mediaType == "application/json" || request.mediaType == "application/json-rpc" else {
      return .failure(
        SimHTTPResponse.html(
          status: 400, title: "Bad Request",
          description:
            "Request inferred type is compatible with ['http'] but '\(route)' is type='json'.\n\nPlease verify the Content-Type request header and try again."
        ))
    }
    guard let body = try? JSONCodec.parse(request.body) else {
      return .failure(SimHTTPResponse.html(status: 400, title: "Bad Request", description: "Invalid JSON data"))
    }
    guard case .object(let envelope) = body else {
      return .failure(SimHTTPResponse.html(status: 400, title: "Bad Request", description: "Invalid JSON-RPC data"))
    }
    let params = envelope["params"] ?? .object([:])
    guard case .object(let members) = params else {
      return .failure(SimHTTPResponse.html(status: 400, title: "Bad Request", description: "Invalid JSON-RPC data"))
    }
    return .success((envelope["id"] ?? .null, members))
  }
}

/// The `common` and `object` services of `/jsonrpc` and `/xmlrpc/2/*` (odoo-api.md §1.1).
///
/// Both wire formats call the same services with positional arguments; only the envelope
/// differs, so this type does the dispatching and each adapter wraps the outcome.
struct RPCServices: Sendable {
  let engine: OdooEngine

  /// Calls `service.method(*args)` from `source`. Returns the Python result (`nil` = None).
  func dispatch(service: String, method: String, args: [OdooValue], source: String) throws(OdooServerError)
    -> OdooValue?
  {
    func string(_ index: Int) throws(OdooServerError) -> String {
      guard index < args.count, case .string(let text) = args[index] else {
        throw OdooServerError(
          .typeError,
          "\(method)() argument \(index + 1) must be str, not \(index < args.count ? args[index].pythonTypeName : "missing")"
        )
      }
      return text
    }
    switch service {
    case "common":
      switch method {
      case "version":
        return engine.version.versionInfo
      case "login":
        guard args.count == 3 else {
          throw OdooServerError(.typeError, "exp_login() takes 3 positional arguments but \(args.count) were given")
        }
        return try engine.login(database: try string(0), login: try string(1), password: try string(2), source: source)
          .map(OdooValue.int) ?? .bool(false)
      case "authenticate":
        guard args.count == 4 else {
          throw OdooServerError(
            .typeError, "exp_authenticate() takes 4 positional arguments but \(args.count) were given")
        }
        return try engine.login(database: try string(0), login: try string(1), password: try string(2), source: source)
          .map(OdooValue.int) ?? .bool(false)
      case "about":
        return "See http://openerp.com"
      default:
        throw OdooServerError(.exception, "Method not found: \(method)")
      }
    case "object":
      guard method == "execute" || method == "execute_kw" else {
        throw OdooServerError(.nameError, "Method not available \(method)")
      }
      guard args.count >= 5 else {
        throw OdooServerError(
          .typeError, "\(method)() missing required positional arguments (db, uid, password, model, method)")
      }
      guard case .int(let uid) = args[1] else { throw OdooServerError.accessDenied() }
      let account = try engine.checkCredentials(
        database: try string(0), uid: uid, password: try string(2), source: source)
      let model = try string(3)
      let name = try string(4)
      if method == "execute" {
        return try engine.call(uid: account.uid, model: model, method: name, args: Array(args.dropFirst(5)))
      }
      let positional = args.count > 5 ? (args[5].arrayValue ?? []) : []
      let keywords = args.count > 6 ? (args[6].objectValue ?? [:]) : [:]
      return try engine.call(uid: account.uid, model: model, method: name, args: positional, kwargs: keywords)
    case "db":
      switch method {
      case "list": return [.string(engine.databaseName)]
      case "server_version": return .string(engine.version.rawValue)
      case "db_exist": return .bool(args.first == .string(engine.databaseName))
      default: throw OdooServerError(.exception, "Method not found: \(method)")
      }
    default:
      throw OdooServerError(.exception, "No such service: \(service)")
    }
  }

  /// The model and method an `object` call names, for statistics and fault filters.
  static func target(service: String, method: String, args: [OdooValue]) -> (model: String?, method: String) {
    guard service == "object", args.count >= 5, let model = args[3].stringValue, let name = args[4].stringValue else {
      return (nil, "\(service).\(method)")
    }
    return (model, name)
  }
}

/// `POST /jsonrpc`.
struct JSONRPCAdapter: Sendable {
  let services: RPCServices
  let stats: RequestStats

  func prepare(_ request: SimHTTPRequest) -> PreparedCall {
    let endpoint = "/jsonrpc"
    switch JSONRPCEnvelope.parse(request, route: endpoint) {
    case .failure(let response):
      return .immediate(endpoint: endpoint, response)
    case .success(let (id, params)):
      let service = params["service"]?.stringValue ?? ""
      let method = params["method"]?.stringValue ?? ""
      let args = params["args"]?.arrayValue ?? []
      let target = RPCServices.target(service: service, method: method, args: args)
      let services = services
      let stats = stats
      let source = request.remoteAddress
      return PreparedCall(
        endpoint: endpoint, model: target.model, method: target.method,
        run: {
          stats.record(endpoint: endpoint, model: target.model, method: target.method)
          do throws(OdooServerError) {
            return JSONRPCEnvelope.result(
              id: id, try services.dispatch(service: service, method: method, args: args, source: source))
          } catch {
            stats.recordError(error.code.pythonName)
            return JSONRPCEnvelope.error(id: id, error)
          }
        },
        fail: { JSONRPCEnvelope.error(id: id, $0) })
    }
  }
}

/// The web client's session routes: `/web/session/*`, `/web/dataset/call_kw`,
/// `/web/webclient/version_info` (odoo-api.md §1.2).
struct WebSessionAdapter: Sendable {
  let engine: OdooEngine
  let stats: RequestStats

  func prepare(_ request: SimHTTPRequest) -> PreparedCall {
    let path = request.path
    let endpoint =
      path.hasPrefix("/web/dataset/call_kw")
      ? "/web/dataset/call_kw"
      : path.hasPrefix("/web/dataset/call_button") ? "/web/dataset/call_button" : path
    switch JSONRPCEnvelope.parse(request, route: path) {
    case .failure(let response):
      return .immediate(endpoint: endpoint, response)
    case .success(let (id, params)):
      let model = params["model"]?.stringValue
      let method = params["method"]?.stringValue
      let engine = engine
      let stats = stats
      return PreparedCall(
        endpoint: endpoint, model: model, method: method ?? endpoint,
        run: {
          stats.record(endpoint: endpoint, model: model, method: method ?? endpoint)
          let response = Self.handle(endpoint: endpoint, id: id, params: params, request: request, engine: engine)
          if let error = try? JSONCodec.parse(response.body)["error"]?["data"]?["name"]?.stringValue {
            stats.recordError(error)
          }
          return response
        },
        fail: { JSONRPCEnvelope.error(id: id, $0) })
    }
  }

  private static func handle(
    endpoint: String, id: OdooValue, params: [String: OdooValue], request: SimHTTPRequest, engine: OdooEngine
  )
    -> SimHTTPResponse
  {
    let sessionID = request.cookie("session_id")
    func sessionAccount() throws(OdooServerError) -> Account {
      guard let sessionID, let account = engine.sessionAccount(sessionID) else {
        throw OdooServerError(.sessionExpired, "Session expired")
      }
      return account
    }
    do throws(OdooServerError) {
      switch endpoint {
      case "/web/webclient/version_info":
        return JSONRPCEnvelope.result(id: id, engine.version.versionInfo)
      case "/web/database/list":
        return JSONRPCEnvelope.result(id: id, [.string(engine.databaseName)])
      case "/web/session/authenticate":
        let (account, newSession) = try engine.authenticateSession(
          database: params["db"]?.stringValue ?? "", login: params["login"]?.stringValue ?? "",
          password: params["password"]?.stringValue ?? "", source: request.remoteAddress)
        return JSONRPCEnvelope.result(
          id: id, engine.sessionInfo(for: account), headers: [("Set-Cookie", cookie(newSession, engine: engine))])
      case "/web/session/get_session_info":
        return JSONRPCEnvelope.result(id: id, engine.sessionInfo(for: try sessionAccount()))
      case "/web/session/destroy":
        _ = try sessionAccount()
        if let sessionID { engine.destroySession(sessionID) }
        return JSONRPCEnvelope.result(
          id: id, nil,
          headers: [("Set-Cookie", "session_id=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; Path=/")])
      case "/web/dataset/call_kw", "/web/dataset/call_button":
        let account = try sessionAccount()
        for name in ["model", "method", "args", "kwargs"] where params[name] == nil {
          throw OdooServerError(.typeError, "call_kw() missing 1 required positional argument: '\(name)'")
        }
        let result = try engine.call(
          uid: account.uid, model: params["model"]?.stringValue ?? "", method: params["method"]?.stringValue ?? "",
          args: params["args"]?.arrayValue ?? [], kwargs: params["kwargs"]?.objectValue ?? [:])
        if endpoint == "/web/dataset/call_button" {
          if case .object = result ?? .null { return JSONRPCEnvelope.result(id: id, result) }
          return JSONRPCEnvelope.result(id: id, .bool(false))
        }
        return JSONRPCEnvelope.result(id: id, result)
      default:
        return .html(status: 404, title: "Not Found", description: "The requested URL was not found on the server.")
      }
    } catch {
      return JSONRPCEnvelope.error(id: id, error)
    }
  }

  private static func cookie(_ sessionID: String, engine: OdooEngine) -> String {
    let lifetime = 7 * 86_400
    let expires = engine.now.addingTimeInterval(TimeInterval(lifetime))
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "GMT")
    formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
    return "session_id=\(sessionID); Expires=\(formatter.string(from: expires)); Max-Age=\(lifetime); HttpOnly; Path=/"
  }
}
