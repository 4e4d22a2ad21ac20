import FarmacyDomain
import Foundation
import SyncEngine
import TerminalKit

@testable import FarmacyApp
@testable import FarmacyStore

/// A fixed "now" for screens: 2026-03-14 12:00 UTC.
let screenNow = Date(timeIntervalSince1970: 1_773_489_600)

/// A deterministic UUID from a number, so screens and expectations stay stable.
func uuid(_ number: Int) -> UUID {
  UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", number)) ?? UUID()
}

/// An order summary as a page of the store would hold it.
func summary(_ number: Int, state: OrderState = .draft, sync: SyncStatus = .synced) -> OrderSummary {
  let vendors = ["Alpenvet Großhandel GmbH", "Northbridge Veterinary Supply Ltd", "動物薬品 株式会社", "Harvest Paw Nutrition"]
  return OrderSummary(
    rowID: Int64(number), id: uuid(number), odooID: number, reference: String(format: "P%05d", number),
    vendorID: Int64(number % 4 + 1), vendorName: vendors[number % vendors.count], state: state, priority: .normal,
    dateOrder: screenNow.addingTimeInterval(Double(-number * 3_600)),
    datePlanned: screenNow.addingTimeInterval(Double(86_400 * 3 - number * 3_600)),
    total: Money(minorUnits: Int64(number * 1_234 + 99), currency: .eur), lineCount: 3, syncStatus: sync, revision: 1)
}

/// A page of summaries `range`, with cursors as the store would give them.
func page(_ range: Range<Int>, hasMore: Bool, hasPrevious: Bool = false) -> OrderPage {
  OrderPage(
    orders: range.map { summary($0) },
    nextCursor: hasMore
      ? PageCursor(value: .integer(Int64(range.upperBound - 1)), rowID: Int64(range.upperBound - 1)) : nil,
    previousCursor: hasPrevious
      ? PageCursor(value: .integer(Int64(range.lowerBound)), rowID: Int64(range.lowerBound)) : nil)
}

func job(_ id: Int64, state: OutboxJob.State, reference: String = "P00042", error: String? = nil, attempts: Int = 1)
  -> OutboxJob
{
  OutboxJob(
    id: id, orderUUID: uuid(Int(id)), orderReference: reference, kind: .update, action: nil, revision: 2, priority: 0,
    state: state, attempts: attempts, nextAttemptAt: screenNow.addingTimeInterval(30), lastError: error,
    createdAt: screenNow.addingTimeInterval(-125), updatedAt: screenNow)
}

func storedConflict(_ id: Int64, order: Int, field: String, base: String?, local: String?, remote: String?)
  -> StoredConflict
{
  StoredConflict(
    id: id, orderID: uuid(order), reference: String(format: "P%05d", order),
    conflict: MergeConflict(field: field, base: base, local: local, remote: remote), isOpen: true, resolution: nil,
    resolvedBy: nil, detectedAt: screenNow)
}

/// A state that has started and received its first page of orders.
func loadedState(
  role: Role = .staff, readOnly: Bool = false, size: Size = Size(width: 80, height: 24), total: Int = 1_000
) -> AppState {
  var state = AppState(
    now: screenNow, role: role, readOnly: readOnly, connection: .demo(url: "http://127.0.0.1:8069"), actor: "ana",
    size: size)
  let effects = reduce(&state, .appStarted)
  if case .loadOrderPage(let request)? = effects.first {
    _ = reduce(&state, .orderPageLoaded(request, page(0..<min(total, 100), hasMore: total > 100)))
    _ = reduce(&state, .orderCountLoaded(generation: request.generation, count: total))
  }
  return state
}

/// Renders the whole app at its size.
func screen(_ state: AppState, theme: Theme? = nil) -> Buffer {
  var frame = Frame(buffer: Buffer(size: state.size))
  AppView.render(state, theme: theme ?? state.theme, into: &frame)
  return frame.buffer
}
