/// How a method is called remotely: its kind decides whether the first positional argument is a
/// list of record ids, and its parameter names let JSON-2's named arguments and XML-RPC's
/// positional ones land in the same place.
package struct MethodSignature: Sendable {
  /// Odoo's decorators, which `api.call_kw` looks at to split the arguments (odoo-api.md §3.1).
  package enum Kind: Sendable {
    /// `@api.model`: no records; all arguments are the method's own.
    case model
    /// `@api.model_create_multi` (`create`): a dict gives an int back, a list gives a list.
    case createMulti
    /// A method on records: `args[0]` is the ids.
    case records
  }

  /// One parameter; `defaultValue == nil` means it is required.
  package struct Parameter: Sendable {
    package var name: String
    package var defaultValue: OdooValue?
    package init(_ name: String, _ defaultValue: OdooValue? = nil) {
      self.name = name
      self.defaultValue = defaultValue
    }
  }

  package var name: String
  package var kind: Kind
  package var parameters: [Parameter]
  /// Whether extra keyword arguments are accepted (`**read_kwargs` of `search_read`).
  package var acceptsExtraKeywords = false
  /// Whether the method changes data, so that read-only users get an AccessError.
  package var mutates = false

  package init(
    _ name: String, _ kind: Kind, _ parameters: [Parameter] = [], extraKeywords: Bool = false, mutates: Bool = false
  ) {
    self.name = name
    self.kind = kind
    self.parameters = parameters
    self.acceptsExtraKeywords = extraKeywords
    self.mutates = mutates
  }

  /// Binds positional and keyword arguments to parameter names, as Python does, raising the
  /// `TypeError` Python would raise.
  ///
  /// - Returns: the ids (for record methods) and every parameter's value, defaults filled in.
  package func bind(args: [OdooValue], kwargs: [String: OdooValue]) throws(OdooServerError) -> BoundCall {
    var positional = args
    var ids: [Int]?
    if kind == .records {
      guard !positional.isEmpty else {
        throw OdooServerError(.typeError, "\(name)() missing 1 required positional argument: 'self'")
      }
      ids = try Self.ids(from: positional.removeFirst())
    }
    var values: [String: OdooValue] = [:]
    guard positional.count <= parameters.count else {
      throw OdooServerError(
        .typeError,
        "\(name)() takes \(parameters.count + 1) positional arguments but \(positional.count + 1 + (ids == nil ? 0 : 1)) were given"
      )
    }
    for (index, value) in positional.enumerated() { values[parameters[index].name] = value }
    var extra: [String: OdooValue] = [:]
    for (key, value) in kwargs {
      if parameters.contains(where: { $0.name == key }) {
        guard values[key] == nil else {
          throw OdooServerError(.typeError, "\(name)() got multiple values for argument '\(key)'")
        }
        values[key] = value
      } else if acceptsExtraKeywords {
        extra[key] = value
      } else {
        throw OdooServerError(.typeError, "\(name)() got an unexpected keyword argument '\(key)'")
      }
    }
    for parameter in parameters where values[parameter.name] == nil {
      guard let fallback = parameter.defaultValue else {
        throw OdooServerError(.typeError, "\(name)() missing 1 required positional argument: '\(parameter.name)'")
      }
      values[parameter.name] = fallback
    }
    return BoundCall(
      method: name, ids: ids ?? [], hasRecords: kind == .records, arguments: values, extraKeywords: extra)
  }

  /// Accepts an id list or a single id, as `browse` does.
  static func ids(from value: OdooValue) throws(OdooServerError) -> [Int] {
    switch value {
    case .int(let id): return [id]
    case .array(let items):
      var ids: [Int] = []
      for item in items {
        guard case .int(let id) = item else {
          throw OdooServerError(.typeError, "Invalid record id: \(item.pythonRepr)")
        }
        ids.append(id)
      }
      return ids
    case .null, .bool(false): return []
    default: throw OdooServerError(.typeError, "Invalid record ids: \(value.pythonRepr)")
    }
  }
}

/// A call with its arguments bound to names: what a model method receives.
package struct BoundCall: Sendable {
  package var method: String
  package var ids: [Int]
  package var hasRecords: Bool
  package var arguments: [String: OdooValue]
  package var extraKeywords: [String: OdooValue] = [:]

  package subscript(name: String) -> OdooValue { arguments[name] ?? .null }
}

extension MethodSignature {
  /// The ORM methods every model has, with 17–19 parameter names.
  static func ormMethods(version: OdooVersion) -> [MethodSignature] {
    [
      MethodSignature(
        "search", .model, [.init("domain"), .init("offset", 0), .init("limit", .null), .init("order", .null)]),
      MethodSignature(
        "search_read", .model,
        [
          .init("domain", .null), .init("fields", .null), .init("offset", 0), .init("limit", .null),
          .init("order", .null),
        ],
        extraKeywords: true),
      MethodSignature("search_count", .model, [.init("domain"), .init("limit", .null)]),
      MethodSignature("read", .records, [.init("fields", .null), .init("load", "_classic_read")]),
      MethodSignature("create", .createMulti, [.init("vals_list")], mutates: true),
      MethodSignature("write", .records, [.init("vals")], mutates: true),
      MethodSignature("unlink", .records, [], mutates: true),
      MethodSignature(
        "name_search", .model,
        [
          .init("name", ""), .init(version.nameSearchDomainParameter, .null), .init("operator", "ilike"),
          .init("limit", 100),
        ]),
      MethodSignature("fields_get", .model, [.init("allfields", .null), .init("attributes", .null)]),
      MethodSignature("load", .model, [.init("fields"), .init("data")], mutates: true),
      MethodSignature("default_get", .model, [.init("fields_list")]),
      MethodSignature("exists", .records),
      MethodSignature("check_access_rights", .model, [.init("operation"), .init("raise_exception", true)]),
    ]
  }
}
