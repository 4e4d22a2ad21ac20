import FarmacyDomain
import FarmacyStore
import Foundation
import OdooKit

/// The order-submission saga: **reserve** local stock → **push** the order and **confirm** it in
/// Odoo. When the push fails for good (its job is dead-lettered), the compensations run in
/// reverse: cancel the remote order if Odoo has it, release the reservation, mark the order
/// failed with the reason, and notify.
///
/// The saga's step and direction are stored with the order, and every step is idempotent, so
/// after a crash ``SyncEngine/resumeSagas()`` carries each unfinished saga forward or back.
extension SyncEngine {
  static let submissionSaga = "submit"

  /// Starts the saga for a new order: queues its confirmation, then reserves its stock. An order
  /// that cannot be confirmed (no lines, a broken rule) is refused before anything is written,
  /// so no saga is left waiting for a confirmation that never comes.
  /// - Returns: The order's reference now.
  @discardableResult
  package func submit(orderID: UUID) async throws -> String {
    guard let stored = try store.order(id: orderID) else { throw SyncError.notFound("no order \(orderID)") }
    if stored.order.state == .draft || stored.order.state == .sent {
      try store.perform(.confirm, orderID: orderID, actor: configuration.user, now: now())
    }
    let saga = try store.startSaga(kind: Self.submissionSaga, orderID: orderID, step: "reserve", now: now())
    try store.reserveInventory(orderID: orderID, now: now())
    try store.updateSaga(id: saga.id, step: "push", state: .running, now: now())
    await bus.publish(.sagaChanged(orderID: orderID, order: stored.order.reference, step: "push", state: "running"))
    return stored.order.reference
  }

  /// Carries every unfinished saga forward or back, as far as it can go now.
  func resumeSagas() async {
    await advanceSagas()
  }

  /// Completes sagas whose order reached Odoo confirmed, and compensates those whose push
  /// failed for good.
  package func advanceSagas() async {
    guard let sagas = try? store.unfinishedSagas() else { return }
    for saga in sagas {
      guard let stored = try? store.order(id: saga.orderID) else { continue }
      let reference = stored.order.reference
      if saga.state == .compensating {
        await compensate(saga, stored: stored, reason: saga.failure ?? "submission failed")
        continue
      }
      if saga.step == "reserve" {
        // Crashed between the start and the reservation: do it again (idempotent).
        _ = try? store.reserveInventory(orderID: saga.orderID, now: now())
        try? store.updateSaga(id: saga.id, step: "push", state: .running, now: now())
      }
      if stored.order.state == .cancelled {
        // Cancelled here since: the cancellation is pushed as a step of its own; the stock
        // held for the order is free again.
        _ = try? store.releaseInventory(orderID: saga.orderID, now: now())
        try? store.updateSaga(
          id: saga.id, step: "cancelled", state: .compensated, failure: "the order was cancelled", now: now())
        await bus.publish(.sagaChanged(orderID: saga.orderID, order: reference, step: "cancelled", state: "compensated"))
        continue
      }
      let jobs = (try? store.outboxJobs(orderID: saga.orderID)) ?? []
      if let dead = jobs.last(where: { $0.state == .dead }) {
        // A later edit's job can die after the submission itself reached Odoo: ask Odoo
        // before undoing anything.
        switch await submissionInOdoo(saga, stored: stored) {
        case .unknown:
          continue
        case .confirmed:
          await complete(saga, reference: reference)
          continue
        case .notConfirmed:
          break
        }
        let reason = dead.lastError ?? "the push failed"
        try? store.updateSaga(id: saga.id, step: "compensate", state: .compensating, failure: reason, now: now())
        await bus.publish(.sagaChanged(orderID: saga.orderID, order: reference, step: "compensate", state: "compensating"))
        await compensate(saga, stored: stored, reason: reason)
        continue
      }
      let unfinished = jobs.contains { $0.state != .done }
      if !unfinished && stored.order.odooID != nil && stored.order.state.isConfirmed && stored.info.syncStatus == .synced {
        await complete(saga, reference: reference)
      }
    }
  }

  /// The submission reached Odoo confirmed: the reserved stock is taken, the saga done.
  private func complete(_ saga: SagaRecord, reference: String) async {
    _ = try? store.consumeInventory(orderID: saga.orderID, now: now())
    try? store.updateSaga(id: saga.id, step: "done", state: .completed, now: now())
    await bus.publish(.sagaChanged(orderID: saga.orderID, order: reference, step: "done", state: "completed"))
  }

  private enum SubmissionInOdoo { case confirmed, notConfirmed, unknown }

  /// Whether Odoo has the order confirmed (or waiting for approval): then the submission
  /// reached it, whatever a later job did.
  private func submissionInOdoo(_ saga: SagaRecord, stored: StoredOrder) async -> SubmissionInOdoo {
    do {
      guard let odooID = try await remoteID(of: saga, stored: stored) else { return .notConfirmed }
      let remote = try await client.read("purchase.order", ids: [odooID], fields: ["state"])
      let state = remote.first?["state"]?.string.flatMap(OrderState.init(rawValue:))
      return state.map { $0.isConfirmed || $0 == .toApprove } == true ? .confirmed : .notConfirmed
    } catch {
      return error.isRetryable ? .unknown : .notConfirmed
    }
  }

  /// The order's Odoo id: known here, or found by its external id (a create may have reached
  /// Odoo even though its reply did not).
  private func remoteID(of saga: SagaRecord, stored: StoredOrder) async throws(OdooError) -> Int? {
    if let known = stored.order.odooID { return known }
    let found = try await client.searchRead(
      "ir.model.data",
      domain: [
        ["module", "=", .string(OdooOrderMapping.module)], ["model", "=", "purchase.order"],
        ["name", "=", .string(OdooOrderMapping.externalName(order: saga.orderID))],
      ], fields: ["res_id"])
    return found.first?["res_id"]?.int
  }

  /// The compensations, in reverse order of the steps; each can run again safely. While Odoo
  /// is out of reach the saga stays compensating and the next round tries again. When Odoo
  /// refuses to cancel its copy (a vendor bill or a receipt exists, the user may not), the
  /// order is still live there: the saga ends saying so, and a person is told to cancel it in
  /// Odoo, never that the order was not submitted.
  private func compensate(_ saga: SagaRecord, stored: StoredOrder, reason: String) async {
    var cancelRefused: String?
    do {
      if let odooID = try await remoteID(of: saga, stored: stored) {
        let remote = try await client.read("purchase.order", ids: [odooID], fields: ["state"])
        if let state = remote.first?["state"]?.string, state != OrderState.cancelled.rawValue {
          try await client.callButton("purchase.order", OrderAction.cancel.odooMethod, ids: [odooID])
        }
      }
    } catch {
      guard !error.isRetryable else {
        try? store.updateSaga(id: saga.id, step: "cancel-remote", state: .compensating, now: now())
        return
      }
      cancelRefused = error.description
    }
    _ = try? store.releaseInventory(orderID: saga.orderID, now: now())
    let reference = stored.order.reference
    if let cancelRefused {
      let failure = "\(reason); Odoo refused to cancel its copy (\(cancelRefused)): cancel it in Odoo"
      try? store.markOrderFailed(orderID: saga.orderID, reason: failure, actor: configuration.user, now: now())
      try? store.updateSaga(id: saga.id, step: "cancel-refused", state: .compensated, failure: failure, now: now())
      await bus.publish(
        .notification(
          level: "error", title: "\(reference) is still open in Odoo",
          body: "Its submission failed (\(reason)) and Odoo refused to cancel it (\(cancelRefused)). Cancel it in Odoo."))
      await bus.publish(.sagaChanged(orderID: saga.orderID, order: reference, step: "cancel-refused", state: "compensated"))
      return
    }
    try? store.markOrderFailed(orderID: saga.orderID, reason: reason, actor: configuration.user, now: now())
    try? store.updateSaga(id: saga.id, step: "compensated", state: .compensated, failure: reason, now: now())
    await bus.publish(.sagaChanged(orderID: saga.orderID, order: reference, step: "compensated", state: "compensated"))
  }
}
