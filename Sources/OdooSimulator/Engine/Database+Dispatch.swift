import Foundation

extension Database {
  /// Finds the signature of `model.method` as `call_kw` would, with Odoo's errors for an
  /// unknown model, a private method and a method that does not exist.
  func signature(model: String, method: String) throws(OdooServerError) -> MethodSignature {
    guard schema[model] != nil else { throw OdooServerError(.userError, "Object \(model) doesn't exist") }
    if method.hasPrefix("_") {
      throw OdooServerError(.accessError, "Private methods (such as \(model).\(method)) cannot be called remotely.")
    }
    guard let signature = schema.methods(of: model)[method] else {
      throw OdooServerError(.attributeError, "type object '\(model)' has no attribute '\(method)'")
    }
    return signature
  }

  /// Runs a bound call. Returns the method's Python result, `nil` standing for `None`.
  ///
  /// Recordsets come back as ids; `create` answers an int for a dict and a list for a list.
  mutating func execute(model: String, call: BoundCall, signature: MethodSignature, env: CallEnvironment)
    throws(OdooServerError) -> OdooValue?
  {
    switch call.method {
    case "search":
      let ids = try search(
        model, domain: try Domain.parse(call["domain"]), order: try optionalString(call["order"], "order"),
        offset: try int(call["offset"], "offset") ?? 0, limit: try int(call["limit"], "limit"), env: env)
      return .array(ids.map(OdooValue.int))
    case "search_read":
      if let extra = call.extraKeywords.keys.sorted().first(where: { $0 != "load" }) {
        // Extra keywords go on to `read`, which refuses what it does not know.
        throw OdooServerError(.typeError, "read() got an unexpected keyword argument '\(extra)'")
      }
      let ids = try search(
        model, domain: try Domain.parse(call["domain"]), order: try optionalString(call["order"], "order"),
        offset: try int(call["offset"], "offset") ?? 0, limit: try int(call["limit"], "limit"), env: env)
      let loadMode = call.extraKeywords["load"] ?? "_classic_read"
      return .array(
        try read(model, ids: ids, fields: try fieldList(call["fields"]), classicRead: loadMode == "_classic_read"))
    case "search_count":
      let domain = try Domain.parse(call["domain"])
      let count = try search(model, domain: domain, order: "id", limit: try int(call["limit"], "limit"), env: env).count
      return .int(count)
    case "read":
      let loadMode = call["load"]
      return .array(
        try read(model, ids: call.ids, fields: try fieldList(call["fields"]), classicRead: loadMode == "_classic_read"))
    case "create":
      let argument = call["vals_list"]
      switch argument {
      case .object(let vals):
        return .int(try create(model, [vals], env: env)[0])
      case .array(let items):
        var list: [[String: OdooValue]] = []
        for item in items {
          guard case .object(let vals) = item else {
            throw OdooServerError(.valueError, "create() expects a dict or a list of dicts, got \(item.pythonRepr)")
          }
          list.append(vals)
        }
        return .array(try create(model, list, env: env).map(OdooValue.int))
      default:
        throw OdooServerError(.valueError, "create() expects a dict or a list of dicts, got \(argument.pythonRepr)")
      }
    case "write":
      guard case .object(let vals) = call["vals"] else {
        throw OdooServerError(.valueError, "write() expects a dict of values, got \(call["vals"].pythonRepr)")
      }
      try write(model, ids: call.ids, vals, env: env)
      return .bool(true)
    case "unlink":
      try unlink(model, ids: call.ids, env: env)
      return .bool(true)
    case "name_search":
      let opText = try optionalString(call["operator"], "operator") ?? "ilike"
      guard let op = Domain.Operator(rawValue: opText) else {
        throw OdooServerError(.valueError, "Invalid operator \(opText)")
      }
      return try nameSearch(
        model, name: try optionalString(call["name"], "name") ?? "",
        domain: try Domain.parse(call[version.nameSearchDomainParameter]), op: op,
        limit: try int(call["limit"], "limit"),
        env: env)
    case "fields_get":
      return try fieldsGet(
        model, allFields: try fieldList(call["allfields"]), attributes: try fieldList(call["attributes"]))
    case "load":
      let fields = try fieldList(call["fields"]) ?? []
      guard case .array(let rows) = call["data"] else { throw OdooServerError(.valueError, "load() expects rows") }
      let data = rows.map { $0.arrayValue ?? [] }
      return try load(model, fields: fields, data: data, env: env)
    case "default_get":
      return try defaultGet(model, fields: try fieldList(call["fields_list"]) ?? [], env: env)
    case "exists":
      return .array(call.ids.filter { exists(model, $0) }.map(OdooValue.int))
    case "check_access_rights":
      let operation = AccessOperation(rawValue: try optionalString(call["operation"], "operation") ?? "read") ?? .read
      do {
        try checkAccess(model, operation, env: env)
        return .bool(true)
      } catch {
        if call["raise_exception"].isTruthy { throw error }
        return .bool(false)
      }
    case "context_get":
      let user = record("res.users", env.uid)
      return [
        "lang": user?["lang"] ?? "en_US", "tz": user?["tz"] ?? false, "uid": .int(env.uid),
      ]
    default:
      guard model == "purchase.order" else {
        throw OdooServerError(.attributeError, "type object '\(model)' has no attribute '\(call.method)'")
      }
      return try runButton(call.method, ids: call.ids, arguments: call, env: env)
    }
  }

  private func fieldList(_ value: OdooValue) throws(OdooServerError) -> [String]? {
    switch value {
    case .null, .bool(false): return nil
    case .string(let single): return [single]
    case .array(let items):
      var names: [String] = []
      for item in items {
        guard case .string(let name) = item else {
          throw OdooServerError(.typeError, "field names must be strings, got \(item.pythonRepr)")
        }
        names.append(name)
      }
      return names
    default: throw OdooServerError(.typeError, "expected a list of field names, got \(value.pythonRepr)")
    }
  }

  private func int(_ value: OdooValue, _ name: String) throws(OdooServerError) -> Int? {
    switch value {
    case .null, .bool(false): return nil
    default:
      guard let number = value.intValue else {
        throw OdooServerError(
          .typeError, "'\(value.pythonTypeName)' object cannot be interpreted as an integer (\(name))")
      }
      return number
    }
  }

  private func optionalString(_ value: OdooValue, _ name: String) throws(OdooServerError) -> String? {
    switch value {
    case .null, .bool(false): return nil
    case .string(let text): return text
    default: throw OdooServerError(.typeError, "\(name) must be a string, not \(value.pythonTypeName)")
    }
  }
}
