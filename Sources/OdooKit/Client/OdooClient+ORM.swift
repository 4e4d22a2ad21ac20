import Foundation

// MARK: - Typed ORM methods

extension OdooClient {
  /// `search_read`: the records matching `domain`, with `fields`.
  package func searchRead(
    _ model: String, domain: OdooValue = [], fields: [String], order: String? = nil, limit: Int? = nil, offset: Int = 0,
    context: [String: OdooValue] = [:]
  ) async throws(OdooError) -> [[String: OdooValue]] {
    var keywords: [String: OdooValue] = ["fields": .array(fields.map { .string($0) }), "offset": .int(offset)]
    if let order { keywords["order"] = .string(order) }
    if let limit { keywords["limit"] = .int(limit) }
    if !context.isEmpty { keywords["context"] = .object(context) }
    let result = try await call(
      OdooCall(model: model, method: "search_read", arguments: [("domain", domain)], keywords: keywords))
    return try Self.records(result, label: "\(model)/search_read")
  }

  /// `read`: the given records, with `fields`.
  package func read(_ model: String, ids: [Int], fields: [String]) async throws(OdooError) -> [[String: OdooValue]] {
    let result = try await call(
      OdooCall(model: model, method: "read", ids: ids, arguments: [("fields", .array(fields.map { .string($0) }))]))
    return try Self.records(result, label: "\(model)/read")
  }

  /// `search`: the ids matching `domain`.
  package func search(
    _ model: String, domain: OdooValue = [], order: String? = nil, limit: Int? = nil, offset: Int = 0
  ) async throws(OdooError) -> [Int] {
    var keywords: [String: OdooValue] = ["offset": .int(offset)]
    if let order { keywords["order"] = .string(order) }
    if let limit { keywords["limit"] = .int(limit) }
    let result = try await call(OdooCall(model: model, method: "search", arguments: [("domain", domain)], keywords: keywords))
    return try Self.ids(result, label: "\(model)/search")
  }

  /// `search_count`.
  package func searchCount(_ model: String, domain: OdooValue = []) async throws(OdooError) -> Int {
    let result = try await call(OdooCall(model: model, method: "search_count", arguments: [("domain", domain)]))
    guard let count = result.int else {
      throw OdooError(code: .malformedReply("search_count did not return a number"), method: "\(model)/search_count")
    }
    return count
  }

  /// `create` with a list of value dicts, sent in batches of `batchSize`; the new ids in order.
  package func create(_ model: String, values: [[String: OdooValue]], batchSize: Int = 100) async throws(OdooError)
    -> [Int]
  {
    var ids: [Int] = []
    var start = 0
    while start < values.count {
      let batch = Array(values[start..<min(start + max(1, batchSize), values.count)])
      let result = try await call(
        OdooCall(model: model, method: "create", arguments: [("vals_list", .array(batch.map { .object($0) }))]))
      let created = try Self.ids(result, label: "\(model)/create")
      guard created.count == batch.count else {
        throw OdooError(code: .malformedReply("create returned \(created.count) ids for \(batch.count)"), method: "\(model)/create")
      }
      ids += created
      start += batch.count
    }
    return ids
  }

  /// `write`: the same values on every record of `ids`.
  package func write(_ model: String, ids: [Int], values: [String: OdooValue]) async throws(OdooError) {
    _ = try await call(OdooCall(model: model, method: "write", ids: ids, arguments: [("vals", .object(values))]))
  }

  /// `unlink`.
  package func unlink(_ model: String, ids: [Int]) async throws(OdooError) {
    _ = try await call(OdooCall(model: model, method: "unlink", ids: ids))
  }

  /// The result of `load`: the ids written (in row order) and Odoo's messages.
  package struct LoadResult: Sendable, Equatable {
    package var ids: [Int]
    package var messages: [String]
  }

  /// `load`: imports rows of strings under `fields`; an `id` column holds external ids, so that
  /// loading the same id again updates instead of creating.
  package func load(_ model: String, fields: [String], rows: [[String]]) async throws(OdooError) -> LoadResult {
    let result = try await call(
      OdooCall(
        model: model, method: "load",
        arguments: [
          ("fields", .array(fields.map { .string($0) })),
          ("data", .array(rows.map { .array($0.map { .string($0) }) })),
        ]))
    let messages = (result["messages"]?.array ?? []).compactMap { $0["message"]?.string }
    let ids = (result["ids"]?.array ?? []).compactMap(\.int)
    if ids.isEmpty && !messages.isEmpty {
      throw OdooError(
        code: .userError(exceptionName: "load"), method: "\(model)/load", remoteMessage: messages.joined(separator: "; "))
    }
    return LoadResult(ids: ids, messages: messages)
  }

  /// `fields_get`: field name → attributes.
  package func fieldsGet(_ model: String, attributes: [String] = ["type", "string"]) async throws(OdooError)
    -> [String: OdooValue]
  {
    let result = try await call(
      OdooCall(
        model: model, method: "fields_get", arguments: [("allfields", .array([]))],
        keywords: ["attributes": .array(attributes.map { .string($0) })]))
    guard let fields = result.object else {
      throw OdooError(code: .malformedReply("fields_get did not return an object"), method: "\(model)/fields_get")
    }
    return fields
  }

  /// A workflow button (`button_confirm`, `button_cancel`…) on `ids`.
  @discardableResult
  package func callButton(_ model: String, _ method: String, ids: [Int]) async throws(OdooError) -> OdooValue {
    try await call(OdooCall(model: model, method: method, ids: ids))
  }

  static func records(_ value: OdooValue, label: String) throws(OdooError) -> [[String: OdooValue]] {
    guard let array = value.array else {
      throw OdooError(code: .malformedReply("expected a list of records"), method: label)
    }
    var records: [[String: OdooValue]] = []
    records.reserveCapacity(array.count)
    for element in array {
      guard let record = element.object else {
        throw OdooError(code: .malformedReply("expected a list of records"), method: label)
      }
      records.append(record)
    }
    return records
  }

  static func ids(_ value: OdooValue, label: String) throws(OdooError) -> [Int] {
    if let single = value.int { return [single] }
    guard let array = value.array else { throw OdooError(code: .malformedReply("expected ids"), method: label) }
    var ids: [Int] = []
    for element in array {
      guard let id = element.int else { throw OdooError(code: .malformedReply("expected ids"), method: label) }
      ids.append(id)
    }
    return ids
  }
}
