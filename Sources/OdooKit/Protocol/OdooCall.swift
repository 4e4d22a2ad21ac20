/// One ORM call, independent of the wire: which model and method, on which records, with which
/// arguments.
///
/// Positional arguments carry their parameter names, so the same call can go out positionally
/// over JSON-RPC (`execute_kw(…, args, kwargs)`) or by name over JSON-2, which has no
/// positional form.
package struct OdooCall: Sendable, Equatable {
  package var model: String
  package var method: String
  /// The records the method acts on; `nil` for `@api.model` methods such as `search` or
  /// `create`.
  package var ids: [Int]?
  /// Positional arguments after the ids, with the Python parameter names.
  package var arguments: [(name: String, value: OdooValue)]
  /// Keyword arguments (`context` among them).
  package var keywords: [String: OdooValue]

  package init(
    model: String, method: String, ids: [Int]? = nil, arguments: [(name: String, value: OdooValue)] = [],
    keywords: [String: OdooValue] = [:]
  ) {
    self.model = model
    self.method = method
    self.ids = ids
    self.arguments = arguments
    self.keywords = keywords
  }

  /// Whether running the call twice leaves Odoo as running it once: reads, `write` (the same
  /// values again) unless it creates related records with `(0, 0, values)` commands, the
  /// workflow buttons (Odoo skips records already in the target state) and `load` with an `id`
  /// column (the external id makes a second load update). `create`, a `write` that adds lines
  /// (sent twice, it adds them twice) and any method not known here are unsafe to repeat.
  package var isIdempotent: Bool {
    switch method {
    case "write":
      !arguments.contains { Self.holdsCreateCommand($0.value) }
    case "search", "search_read", "read", "search_count", "fields_get", "name_search", "context_get",
      "button_confirm", "button_approve", "button_cancel", "button_draft", "button_done", "button_lock",
      "button_unlock":
      true
    case "load":
      arguments.first { $0.name == "fields" }?.value.array?.contains("id") ?? false
    default:
      false
    }
  }

  /// Whether `value` holds an x2many `(0, 0, values)` command, which creates a record.
  private static func holdsCreateCommand(_ value: OdooValue) -> Bool {
    switch value {
    case .array(let items):
      if items.count == 3, items[0] == .int(0), case .object = items[2] { return true }
      return items.contains(where: holdsCreateCommand)
    case .object(let fields):
      return fields.values.contains(where: holdsCreateCommand)
    default:
      return false
    }
  }

  /// `model/method`, for errors and metrics.
  package var label: String { "\(model)/\(method)" }

  /// `args` for `execute_kw`: the ids first (when the method acts on records), then the
  /// positional values.
  package var positionalArguments: [OdooValue] {
    var args: [OdooValue] = []
    if let ids { args.append(.array(ids.map { .int($0) })) }
    args += arguments.map(\.value)
    return args
  }

  /// The body of a JSON-2 call: named arguments, `ids` when the method acts on records.
  package var namedArguments: [String: OdooValue] {
    var named = keywords
    for (name, value) in arguments { named[name] = value }
    if let ids { named["ids"] = .array(ids.map { .int($0) }) }
    return named
  }

  package static func == (lhs: OdooCall, rhs: OdooCall) -> Bool {
    lhs.model == rhs.model && lhs.method == rhs.method && lhs.ids == rhs.ids && lhs.keywords == rhs.keywords
      && lhs.arguments.map(\.name) == rhs.arguments.map(\.name) && lhs.arguments.map(\.value) == rhs.arguments.map(\.value)
  }
}
