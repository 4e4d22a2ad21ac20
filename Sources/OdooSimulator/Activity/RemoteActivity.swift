import Foundation
import Synchronization

/// Other people working in Odoo at the same time: edits, confirmations and cancellations of
/// random orders, made as the `colleague` user, so that pulls and conflicts happen live.
///
/// ``step()`` makes one change and says what it did; ``setRate(_:)`` runs steps in the
/// background at a rate per second. Choices come from a seeded generator, and the pause
/// between steps goes through an injected sleep, so tests can drive it step by step.
package final class RemoteActivity: Sendable {
  /// One change made by the generator.
  package enum Step: Sendable, Equatable, CustomStringConvertible {
    case edited(orderID: Int, field: String)
    case confirmed(orderID: Int)
    case cancelled(orderID: Int)

    package var description: String {
      switch self {
      case .edited(let id, let field): "edited \(field) of order \(id)"
      case .confirmed(let id): "confirmed order \(id)"
      case .cancelled(let id): "cancelled order \(id)"
      }
    }
  }

  private struct State: Sendable {
    var random: SplitMix
    var rate = 0.0
    var task: Task<Void, Never>?
    var counter = 0
  }

  private let engine: OdooEngine
  private let uid: Int
  private let state: Mutex<State>
  private let sleeper: @Sendable (Duration) async throws -> Void

  package init(
    engine: OdooEngine, uid: Int = SeedIDs.colleague, seed: UInt64 = 7,
    sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
  ) {
    self.engine = engine
    self.uid = uid
    state = Mutex(State(random: SplitMix(seed: seed)))
    sleeper = sleep
  }

  package var rate: Double { state.withLock { $0.rate } }

  /// Runs `rate` changes per second in the background; 0 stops.
  package func setRate(_ rate: Double) {
    let previous = state.withLock { state -> Task<Void, Never>? in
      let task = state.task
      state.task = nil
      state.rate = max(0, rate)
      return task
    }
    previous?.cancel()
    guard rate > 0 else { return }
    let pause = Duration.milliseconds(Int64(1_000 / rate))
    let task = Task { [weak self, sleeper] in
      while !Task.isCancelled {
        do { try await sleeper(pause) } catch { return }
        guard let self else { return }
        _ = self.step()
      }
    }
    state.withLock { $0.task = task }
  }

  /// Makes one change to a random order, or returns `nil` when there is nothing to change.
  @discardableResult
  package func step() -> Step? {
    let ids =
      (try? engine.call(
        uid: uid, model: "purchase.order", method: "search", args: [[["state", "!=", "cancel"]]],
        kwargs: ["order": "id"]))?
      .flatMap(\.arrayValue)?.compactMap(\.intValue) ?? []
    guard !ids.isEmpty else { return nil }
    let (pick, roll, counter) = state.withLock { state -> (Int, Int, Int) in
      state.counter += 1
      return (Int(state.random.next() % UInt64(ids.count)), Int(state.random.next() % 100), state.counter)
    }
    let orderID = ids[pick]
    let current =
      (try? engine.call(
        uid: uid, model: "purchase.order", method: "read", args: [[.int(orderID)], ["state", "order_line"]]))?
      .flatMap(\.arrayValue)?.first
    let orderState = current?["state"]?.stringValue ?? ""
    let isQuotation = orderState == "draft" || orderState == "sent"
    do {
      if roll < 20, isQuotation {
        _ = try engine.call(uid: uid, model: "purchase.order", method: "button_confirm", args: [[.int(orderID)]])
        return .confirmed(orderID: orderID)
      }
      if roll < 30, isQuotation || orderState == "to approve" {
        _ = try engine.call(uid: uid, model: "purchase.order", method: "button_cancel", args: [[.int(orderID)]])
        return .cancelled(orderID: orderID)
      }
      if isQuotation, let line = current?["order_line"]?.arrayValue?.first?.intValue, roll < 70 {
        _ = try engine.call(
          uid: uid, model: "purchase.order.line", method: "write",
          args: [[.int(line)], ["product_qty": .double(Double(1 + roll % 12))]])
        return .edited(orderID: orderID, field: "order_line")
      }
      _ = try engine.call(
        uid: uid, model: "purchase.order", method: "write",
        args: [[.int(orderID)], ["partner_ref": .string("RA-\(counter)")]])
      return .edited(orderID: orderID, field: "partner_ref")
    } catch {
      return nil
    }
  }

  /// Stops the background task.
  package func stop() { setRate(0) }
}
