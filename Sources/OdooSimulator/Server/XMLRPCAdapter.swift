import Foundation

/// `POST /xmlrpc/2/<service>` (integer fault codes) and the legacy `/xmlrpc/<service>`
/// (string fault codes), odoo-api.md §1.3 and §2.2.
struct XMLRPCAdapter: Sendable {
  let services: RPCServices
  let stats: RequestStats

  func prepare(_ request: SimHTTPRequest) -> PreparedCall {
    let legacy = !request.path.hasPrefix("/xmlrpc/2/")
    let service = String(request.path.split(separator: "/").last ?? "")
    let endpoint = request.path
    let parsed: (method: String, params: [OdooValue])
    do {
      parsed = try XMLRPCCodec.parseCall(request.body)
    } catch {
      let failure = OdooServerError(.exception, "\(error)")
      return .immediate(endpoint: endpoint, Self.fault(failure, legacy: legacy))
    }
    let target = RPCServices.target(service: service, method: parsed.method, args: parsed.params)
    let services = services
    let stats = stats
    let source = request.remoteAddress
    return PreparedCall(
      endpoint: endpoint, model: target.model, method: target.method,
      run: {
        stats.record(endpoint: endpoint, model: target.model, method: target.method)
        do throws(OdooServerError) {
          let result = try services.dispatch(
            service: service, method: parsed.method, args: parsed.params, source: source)
          do throws(XMLRPCCodec.MarshalError) {
            return .xml(try XMLRPCCodec.response(result))
          } catch {
            // The call committed, but its answer cannot be marshalled: Odoo's client gets a
            // fault even though the change happened (odoo/odoo#62364 for button_cancel).
            stats.recordError("builtins.TypeError")
            return Self.fault(OdooServerError(.typeError, error.message), legacy: legacy)
          }
        } catch {
          stats.recordError(error.code.pythonName)
          return Self.fault(error, legacy: legacy)
        }
      },
      fail: { Self.fault($0, legacy: legacy) })
  }

  /// Odoo's fault for an exception: code by class; the message for user errors and the
  /// traceback for the rest.
  static func fault(_ error: OdooServerError, legacy: Bool) -> SimHTTPResponse {
    let code = error.code.xmlRPCFaultCode
    if legacy {
      let text: String =
        switch error.code {
        case .accessDenied: "AccessDenied"
        case .missingError: "warning -- MissingError\n\n\(error.message)"
        case .accessError: "warning -- AccessError\n\n\(error.message)"
        case _ where error.code.isUserError: "warning -- UserError\n\n\(error.message)"
        default: error.message
        }
      return .xml(XMLRPCCodec.fault(code: .string(text), message: code == 1 ? error.traceback : error.message))
    }
    return .xml(XMLRPCCodec.fault(code: .int(code), message: code == 1 ? error.traceback : error.message))
  }
}

/// JSON-2: `POST /json/2/<model>/<method>` with a bearer API key, named arguments and bare JSON
/// answers (Odoo 19, odoo-api.md §1.4).
struct JSON2Adapter: Sendable {
  let engine: OdooEngine
  let stats: RequestStats

  func prepare(_ request: SimHTTPRequest) -> PreparedCall {
    let endpoint = "/json/2"
    let parts = request.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    guard parts.count == 4 else {
      return .immediate(
        endpoint: endpoint,
        .html(status: 404, title: "Not Found", description: "The requested URL was not found on the server."))
    }
    let model = parts[2]
    let method = parts[3]
    guard request.method == "POST" else {
      return .immediate(
        endpoint: endpoint,
        .html(status: 405, title: "Method Not Allowed", description: "The method is not allowed for the requested URL.")
      )
    }
    let engine = engine
    let stats = stats
    return PreparedCall(
      endpoint: endpoint, model: model, method: method,
      run: {
        stats.record(endpoint: endpoint, model: model, method: method)
        let response = Self.handle(request, model: model, method: method, engine: engine)
        if response.status >= 400, let name = (try? JSONCodec.parse(response.body))?["name"]?.stringValue {
          stats.recordError(name)
        }
        return response
      },
      fail: { Self.error($0) })
  }

  private static func handle(_ request: SimHTTPRequest, model: String, method: String, engine: OdooEngine)
    -> SimHTTPResponse
  {
    let authorization = request.headers["authorization"] ?? ""
    let lowered = authorization.lowercased()
    var key = ""
    if lowered.hasPrefix("bearer"), authorization.count > 6,
      authorization[authorization.index(authorization.startIndex, offsetBy: 6)].isWhitespace
    {
      key = authorization.dropFirst(6).trimmingCharacters(in: .whitespaces)
    }
    guard !key.isEmpty, let account = engine.account(apiKey: key) else {
      var response = error(OdooServerError(.unauthorized, "Invalid apikey", arguments: ["Invalid apikey", 401]))
      response.headers.append(("WWW-Authenticate", "bearer"))
      return response
    }
    guard request.mediaType == "application/json" else {
      return error(
        OdooServerError(
          .exception, "415 Unsupported Media Type: Request must be of type application/json",
          arguments: ["415 Unsupported Media Type: Request must be of type application/json"]), status: 415,
        name: "werkzeug.exceptions.UnsupportedMediaType")
    }
    let body: OdooValue
    if request.body.isEmpty {
      body = .object([:])
    } else if let parsed = try? JSONCodec.parse(request.body) {
      body = parsed
    } else {
      return error(
        OdooServerError(.exception, "Invalid JSON data"), status: 400, name: "werkzeug.exceptions.BadRequest")
    }
    guard case .object(let arguments) = body else {
      return error(
        OdooServerError(.exception, "Request body must be a JSON object"), status: 400,
        name: "werkzeug.exceptions.BadRequest")
    }
    do throws(OdooServerError) {
      let result = try engine.callNamed(uid: account.uid, model: model, method: method, arguments: arguments)
      return SimHTTPResponse(
        status: 200, headers: [("Content-Type", "application/json; charset=utf-8")],
        body: JSONCodec.encode(result ?? .null))
    } catch {
      return Self.error(error)
    }
  }

  /// The JSON-2 error body: `name`, `message`, `arguments`, `context`, then `debug`.
  static func error(_ error: OdooServerError, status: Int? = nil, name: String? = nil) -> SimHTTPResponse {
    let body = JSONCodec.encodeOrdered([
      ("name", .string(name ?? error.code.pythonName)), ("message", .string(error.message)),
      ("arguments", .array(error.arguments)), ("context", .object([:])), ("debug", .string(error.traceback)),
    ])
    return SimHTTPResponse(
      status: status ?? error.code.json2Status, headers: [("Content-Type", "application/json; charset=utf-8")],
      body: body)
  }
}
