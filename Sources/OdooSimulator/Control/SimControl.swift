import Foundation

/// The `/sim/` control and inspection endpoints. They are answered before any Odoo route or
/// fault, and no Odoo route leads here.
///
/// | request | effect |
/// |---|---|
/// | `GET /sim/health` | version, database, counts |
/// | `GET /sim/stats`, `POST /sim/stats/reset` | request counts by endpoint, `model.method`, error, fault |
/// | `GET /sim/state[?model=M]` | a dump of the purchase orders (or of every record of `M`) |
/// | `GET /sim/duplicates` | orders sharing an external id name, an origin or a vendor reference |
/// | `POST /sim/reset` | back to the seeded data; sessions, cooldown and stats cleared |
/// | `GET /sim/faults`, `POST /sim/faults` | read or change latency, slow calls, rates, seed |
/// | `POST /sim/faults/next` | queue a fault for the next matching request(s) |
/// | `POST /sim/faults/clear` | no faults at all |
/// | `POST /sim/outage` | refuse connections for `seconds` |
/// | `POST /sim/sessions/expire` | end every web session now; `lifetime_s` changes the idle limit |
/// | `POST /sim/orders/<id>/flags` | `billed` / `received`: the admin switch for the cancel guard |
/// | `POST /sim/activity` | start (`rate` per second) or stop (`rate` 0) remote activity; `steps` runs that many now |
/// | `POST /sim/save` | write the state file now |
struct SimControl {
  let simulator: SimulatedOdoo

  func handle(_ request: SimHTTPRequest) -> SimHTTPResponse {
    let body = request.body.isEmpty ? .object([:]) : ((try? JSONCodec.parse(request.body)) ?? .null)
    guard case .object(let arguments) = body else { return problem(400, "the body must be a JSON object") }
    let engine = simulator.engine
    let parts = request.path.split(separator: "/").map(String.init)
    switch (request.method, parts.dropFirst().joined(separator: "/")) {
    case ("GET", "health"), ("GET", ""):
      return .json([
        "ok": true, "version": .string(engine.version.rawValue), "database": .string(engine.databaseName),
        "orders": .int(engine.withDatabase { $0.count("purchase.order") }),
      ])
    case ("GET", "stats"):
      return .json(simulator.stats.snapshot)
    case ("POST", "stats/reset"):
      simulator.stats.reset()
      return ok()
    case ("GET", "state"):
      return .json(engine.stateDump(model: request.query["model"]))
    case ("GET", "duplicates"):
      return .json(engine.duplicateOrders())
    case ("POST", "reset"):
      engine.reset()
      simulator.stats.reset()
      if arguments["faults"]?.isTruthy == true { simulator.faults.clear() }
      return ok()
    case ("GET", "faults"):
      return .json(simulator.faults.snapshot)
    case ("POST", "faults"):
      do {
        try applyFaultSettings(arguments)
      } catch {
        return problem(400, error.reason)
      }
      return .json(simulator.faults.snapshot)
    case ("POST", "faults/next"):
      guard let kindName = arguments["kind"]?.stringValue, let kind = FaultKind(rawValue: kindName) else {
        return problem(400, "kind must be one of \(FaultKind.allCases.map(\.rawValue).joined(separator: ", "))")
      }
      simulator.faults.schedule(
        ScheduledFault(
          kind: kind, count: arguments["count"]?.intValue ?? 1, endpoint: arguments["endpoint"]?.stringValue,
          model: arguments["model"]?.stringValue, method: arguments["method"]?.stringValue))
      return .json(simulator.faults.snapshot)
    case ("POST", "faults/clear"):
      simulator.faults.clear()
      return .json(simulator.faults.snapshot)
    case ("POST", "outage"):
      simulator.faults.startOutage(seconds: arguments["seconds"]?.doubleValue ?? 0)
      return .json(simulator.faults.snapshot)
    case ("POST", "sessions/expire"):
      if let lifetime = arguments["lifetime_s"]?.doubleValue { engine.setSessionLifetime(lifetime) }
      engine.expireAllSessions()
      return ok()
    case ("POST", "activity"):
      if let steps = arguments["steps"]?.intValue {
        let done = (0..<max(0, steps)).compactMap { _ in simulator.activity.step() }
        return .json(["steps": .array(done.map { .string($0.description) })])
      }
      simulator.activity.setRate(arguments["rate"]?.doubleValue ?? 0)
      return .json(["rate": .double(simulator.activity.rate)])
    case ("POST", "save"):
      guard let path = simulator.stateFile else { return problem(400, "no --state file was given") }
      do {
        try StateFile.save(engine, to: path)
      } catch {
        return problem(500, "\(error)")
      }
      return ok()
    case ("POST", let route)
    where parts.count == 4 && parts[1] == "orders" && parts[3] == "flags" && route.hasSuffix("/flags"):
      guard let id = Int(parts[2]) else { return problem(400, "bad order id") }
      do {
        try engine.setOrderFlags(
          orderID: id, billed: arguments["billed"].map(\.isTruthy), received: arguments["received"].map(\.isTruthy))
      } catch {
        return problem(404, error.message)
      }
      return ok()
    default:
      return problem(404, "no such control endpoint: \(request.method) \(request.path)")
    }
  }

  private struct SettingsError: Error {
    var reason: String
  }

  private func applyFaultSettings(_ arguments: [String: OdooValue]) throws(SettingsError) {
    var rates: [FaultKind: Double] = [:]
    if let given = arguments["rates"] {
      guard case .object(let members) = given else { throw SettingsError(reason: "rates must be an object") }
      for (name, value) in members {
        guard let kind = FaultKind(rawValue: name), let rate = value.doubleValue, (0...1).contains(rate) else {
          throw SettingsError(reason: "bad rate \(name): \(value.pythonRepr)")
        }
        rates[kind] = rate
      }
      guard rates.values.reduce(0, +) <= 1 else { throw SettingsError(reason: "the rates add up to more than 1") }
    }
    simulator.faults.update { settings in
      if let value = arguments["latency_ms"]?.intValue { settings.latencyMilliseconds = max(0, value) }
      if let value = arguments["jitter_ms"]?.intValue { settings.jitterMilliseconds = max(0, value) }
      if let value = arguments["slow_rate"]?.doubleValue { settings.slowRate = min(1, max(0, value)) }
      if let value = arguments["slow_ms"]?.intValue { settings.slowMilliseconds = max(0, value) }
      if let value = arguments["hang_limit_s"]?.doubleValue { settings.hangLimitSeconds = max(0, value) }
      if let value = arguments["seed"]?.intValue { settings.seed = UInt64(truncatingIfNeeded: value) }
      if arguments["rates"] != nil { settings.rates = rates }
    }
  }

  private func ok() -> SimHTTPResponse { .json(["ok": true]) }

  private func problem(_ status: Int, _ message: String) -> SimHTTPResponse {
    .json(["ok": false, "error": .string(message)], status: status)
  }
}

extension OdooEngine {
  /// The purchase orders (id, name, state, vendor, totals, external ids) or, with `model`,
  /// every record of that model as `read` shows it.
  package func stateDump(model: String?) -> OdooValue {
    withDatabase { database in
      var counts: [String: OdooValue] = [:]
      for name in database.schema.models.keys { counts[name] = .int(database.count(name)) }
      var dump: [String: OdooValue] = [
        "version": .string(database.version.rawValue), "database": .string(databaseName), "counts": .object(counts),
      ]
      if let model {
        dump["records"] = .array(
          ((try? database.read(model, ids: database.ids(model), fields: nil, classicRead: false)) ?? []).map(\.wireForm)
        )
        return .object(dump)
      }
      let fields =
        ["name", "state", "partner_id", "partner_ref", "origin", "amount_total", "write_date", "order_line"]
        + (database.version.hasLockedFlag ? ["locked"] : [])
      let orders =
        (try? database.read("purchase.order", ids: database.ids("purchase.order"), fields: fields, classicRead: false))
        ?? []
      dump["orders"] = .array(
        orders.map { order in
          var row = order.wireForm.objectValue ?? [:]
          if let id = row["id"]?.intValue {
            row["external_ids"] = .array(database.xmlids(model: "purchase.order", id: id).map(OdooValue.string))
          }
          return .object(row)
        })
      return .object(dump)
    }
  }

  /// Groups of orders created through the API that look like one order made twice: the same
  /// external id name under different modules, or the same vendor with the same origin or the
  /// same vendor reference. Seeded orders are left out (their origins repeat by design).
  package func duplicateOrders() -> OdooValue {
    withDatabase { database in
      let created = database.ids("purchase.order").filter {
        database.record("purchase.order", $0)?["create_uid"]?.intValue != SeedIDs.odooBot
      }
      func groups(by field: String) -> [OdooValue] {
        var buckets: [String: [Int]] = [:]
        for id in created {
          guard let row = database.record("purchase.order", id), let value = row[field]?.stringValue, !value.isEmpty
          else { continue }
          buckets["\(row["partner_id"]?.intValue ?? 0)|\(value)", default: []].append(id)
        }
        return buckets.filter { $0.value.count > 1 }.sorted { $0.key < $1.key }.map { key, ids in
          let parts = key.split(separator: "|", maxSplits: 1)
          return [
            "partner_id": .int(Int(parts[0]) ?? 0), field: .string(parts.count > 1 ? String(parts[1]) : ""),
            "order_ids": .array(ids.sorted().map(OdooValue.int)),
          ]
        }
      }
      var byName: [String: Set<Int>] = [:]
      for dataID in database.ids("ir.model.data") {
        guard let row = database.record("ir.model.data", dataID), row["model"]?.stringValue == "purchase.order",
          let name = row["name"]?.stringValue, let resID = row["res_id"]?.intValue
        else { continue }
        byName[name, default: []].insert(resID)
      }
      let byExternalID: [OdooValue] = byName.filter { $0.value.count > 1 }.sorted { $0.key < $1.key }.map {
        ["name": .string($0.key), "order_ids": .array($0.value.sorted().map(OdooValue.int))]
      }
      let origin = groups(by: "origin")
      let reference = groups(by: "partner_ref")
      return [
        "by_external_id": .array(byExternalID), "by_origin": .array(origin), "by_partner_ref": .array(reference),
        "count": .int(byExternalID.count + origin.count + reference.count),
      ]
    }
  }
}
