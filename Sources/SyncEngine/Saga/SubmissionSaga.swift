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

  /// Starts the saga for a new order: reserves its stock and queues its confirmation.
  package func submit(orderID: UUID) async throws {
    guard let stored = try store.order(id: orderID) else { throw SyncError.notFound("no order \(orderID)") }
    let saga = try store.startSaga(kind: Self.submissionSaga, orderID: orderID, step: "reserve", now: now())
    try store.reserveInventory(orderID: orderID, now: now())
    if stored.order.state == .draft || stored.order.state == .sent {
      try store.perform(.confirm, orderID: orderID, actor: configuration.user, now: now())
    }
    try store.updateSaga(id: saga.id, step: "push", state: .running, now: now())
    await bus.publish(.sagaChanged(orderID: orderID, order: stored.order.reference, step: "push", state: "running"))
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
      let jobs = (try? store.outboxJobs(orderID: saga.orderID)) ?? []
      if let dead = jobs.last(where: { $0.state == .dead }) {
        let reason = dead.lastError ?? "the push failed"
        try? store.updateSaga(id: saga.id, step: "compensate", state: .compensating, failure: reason, now: now())
        await bus.publish(.sagaChanged(orderID: saga.orderID, order: reference, step: "compensate", state: "compensating"))
        await compensate(saga, stored: stored, reason: reason)
        continue
      }
      let unfinished = jobs.contains { $0.state != .done }
      if !unfinished && stored.order.odooID != nil && stored.order.state.isConfirmed && stored.info.syncStatus == .synced {
        _ = try? store.consumeInventory(orderID: saga.orderID, now: now())
        try? store.updateSaga(id: saga.id, step: "done", state: .completed, now: now())
        await bus.publish(.sagaChanged(orderID: saga.orderID, order: reference, step: "done", state: "completed"))
      }
    }
  }

  /// The compensations, in reverse order of the steps; each can run again safely.
  private func compensate(_ saga: SagaRecord, stored: StoredOrder, reason: String) async {
    var remoteID = stored.order.odooID
    if remoteID == nil {
      // The create may have reached Odoo even though its reply did not: ask by external id.
      let found = try? await client.searchRead(
        "ir.model.data",
        domain: [
          ["module", "=", .string(OdooOrderMapping.module)], ["model", "=", "purchase.order"],
          ["name", "=", .string(OdooOrderMapping.externalName(order: saga.orderID))],
        ], fields: ["res_id"])
      guard let found else {
        try? store.updateSaga(id: saga.id, step: "cancel-remote", state: .compensating, now: now())
        return
      }
      remoteID = found.first?["res_id"]?.int
    }
    if let odooID = remoteID {
      do {
        let remote = try await client.read("purchase.order", ids: [odooID], fields: ["state"])
        if let state = remote.first?["state"]?.string, state != OrderState.cancelled.rawValue {
          try await client.callButton("purchase.order", OrderAction.cancel.odooMethod, ids: [odooID])
        }
      } catch {
        if error.isRetryable {
          // Odoo is out of reach: stay compensating, the next round tries again.
          try? store.updateSaga(id: saga.id, step: "cancel-remote", state: .compensating, now: now())
          return
        }
      }
    }
    _ = try? store.releaseInventory(orderID: saga.orderID, now: now())
    try? store.markOrderFailed(orderID: saga.orderID, reason: reason, actor: configuration.user, now: now())
    try? store.updateSaga(id: saga.id, step: "compensated", state: .compensated, failure: reason, now: now())
    await bus.publish(.sagaChanged(orderID: saga.orderID, order: stored.order.reference, step: "compensated", state: "compensated"))
  }
}
