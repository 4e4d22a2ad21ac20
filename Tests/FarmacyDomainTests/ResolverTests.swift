import FarmacyDomain
import FarmacyTestSupport
import Foundation
import Testing

@Suite struct ResolverTests {
  static let earlier = testNow
  static let later = testNow.addingTimeInterval(600)

  static func base(controlled: Bool = false, quantity: Quantity = 2) -> PurchaseOrder {
    var line = OrderLine.fixture(quantity: quantity, controlled: controlled)
    line.odooID = 501
    return PurchaseOrder.fixture(odooID: 42, lines: [line])
  }

  /// Merges, then runs the resolver with the given times and policy.
  static func run(
    base: PurchaseOrder, local: PurchaseOrder, remote: PurchaseOrder, localEditedAt: Date = earlier,
    remoteWrittenAt: Date? = later, policy: ResolverPolicy = ResolverPolicy()
  ) -> (settled: [AutoResolution], open: [MergeConflict]) {
    let conflicts = ThreeWayMerge.merge(base: base, local: local, remote: remote).conflicts
    return ConflictResolver.resolve(
      conflicts, base: base, local: local, remote: remote, localEditedAt: localEditedAt,
      remoteWrittenAt: remoteWrittenAt, policy: policy)
  }

  @Test func defaultPolicy_hasLastWriterWinsOff_andLeavesConflictsOpen() {
    let policy = ResolverPolicy()
    #expect(!policy.lastWriterWins)
    #expect(policy.negligibleTotalMinor == 1)
    let base = Self.base()
    var local = base
    local.notes = "Local"
    local.lines[0].quantity = 3
    var remote = base
    remote.notes = "Odoo"
    remote.lines[0].quantity = 4

    let outcome = Self.run(base: base, local: local, remote: remote, policy: policy)
    #expect(outcome.settled.isEmpty)
    #expect(outcome.open.map(\.field) == ["notes", "lines[TAB-00001].quantity"])
  }

  @Test func cancellationInOdoo_winsTheStateConflict_only() {
    let base = Self.base()
    var local = base
    local.state = .sent
    local.notes = "Local"
    local.lines[0].unitPriceMinor = 1_100
    var remote = base
    remote.state = .cancelled
    remote.notes = "Odoo"
    remote.lines[0].unitPriceMinor = 1_100

    // Last-writer-wins would settle the notes, but a cancellation leaves the rest to a person.
    let outcome = Self.run(
      base: base, local: local, remote: remote, policy: ResolverPolicy(lastWriterWins: true))
    #expect(outcome.settled.count == 1)
    let settled = outcome.settled.first
    #expect(settled?.conflict.field == "state")
    #expect(settled?.side == .remote)
    #expect(settled?.rule == "cancellation-wins")
    #expect(settled?.reason == "Odoo cancelled the order; a cancellation wins.")
    #expect(outcome.open.map(\.field) == ["notes"])
  }

  @Test func localCancellation_winsTheStateConflict() {
    let base = Self.base()
    var local = base
    local.state = .cancelled
    var remote = base
    remote.state = .purchase

    let outcome = Self.run(base: base, local: local, remote: remote, remoteWrittenAt: Self.later)
    #expect(outcome.settled.map(\.side) == [.local])
    #expect(outcome.settled.map(\.rule) == ["cancellation-wins"])
    #expect(outcome.open.isEmpty)
  }

  @Test func negligibleTotalDifference_keepsLocalPrice() {
    // A thousandth of a unit: at 10.04 and at 10.03 the subtotal is 0.01 either way.
    let base = Self.base(quantity: Quantity(thousandths: 1))
    var local = base
    local.lines[0].unitPriceMinor = 1_004
    var remote = base
    remote.lines[0].unitPriceMinor = 1_003
    #expect(local.totals.totalMinor == remote.totals.totalMinor)

    let outcome = Self.run(base: base, local: local, remote: remote)
    #expect(outcome.open.isEmpty)
    #expect(outcome.settled.map(\.conflict.field) == ["lines[TAB-00001].price"])
    #expect(outcome.settled.map(\.side) == [.local])
    #expect(outcome.settled.map(\.rule) == ["negligible-total"])
  }

  @Test func negligibleTotal_appliesToDiscounts_andFollowsThePolicyThreshold() {
    let base = Self.base()
    var local = base
    local.lines[0].discount = Percentage(percent: 1)  // 19.80
    var remote = base
    remote.lines[0].discount = Percentage(basisPoints: 125)  // 19.75

    let strict = Self.run(base: base, local: local, remote: remote)
    #expect(strict.settled.isEmpty)
    #expect(strict.open.map(\.field) == ["lines[TAB-00001].discount"])

    let lenient = Self.run(base: base, local: local, remote: remote, policy: ResolverPolicy(negligibleTotalMinor: 6))
    #expect(lenient.open.isEmpty)
    #expect(lenient.settled.map(\.rule) == ["negligible-total"])
    #expect(lenient.settled.map(\.side) == [.local])
  }

  @Test func negligibleTotal_doesNotSettleOtherFields() {
    let base = Self.base()
    var local = base
    local.lines[0].description = "Local text"
    var remote = base
    remote.lines[0].description = "Odoo text"
    #expect(local.totals == remote.totals)

    let outcome = Self.run(base: base, local: local, remote: remote)
    #expect(outcome.settled.isEmpty)
    #expect(outcome.open.map(\.field) == ["lines[TAB-00001].description"])
  }

  @Test func lastWriterWins_picksTheLaterSide() {
    let base = Self.base()
    var local = base
    local.notes = "Local"
    var remote = base
    remote.notes = "Odoo"
    let policy = ResolverPolicy(lastWriterWins: true)

    let odooLater = Self.run(
      base: base, local: local, remote: remote, localEditedAt: Self.earlier, remoteWrittenAt: Self.later,
      policy: policy)
    #expect(odooLater.settled.map(\.side) == [.remote])
    #expect(odooLater.settled.map(\.rule) == ["last-writer-wins"])
    #expect(odooLater.open.isEmpty)

    let localLater = Self.run(
      base: base, local: local, remote: remote, localEditedAt: Self.later, remoteWrittenAt: Self.earlier,
      policy: policy)
    #expect(localLater.settled.map(\.side) == [.local])

    let unknown = Self.run(
      base: base, local: local, remote: remote, localEditedAt: Self.earlier, remoteWrittenAt: nil, policy: policy)
    #expect(unknown.settled.map(\.side) == [.local])
    #expect(unknown.settled.allSatisfy { !$0.reason.isEmpty })
  }

  @Test func controlledLines_areNeverSettled_evenWithLastWriterWins() {
    let base = Self.base(controlled: true)
    var local = base
    local.notes = "Local"
    local.lines[0].quantity = 3
    var remote = base
    remote.notes = "Odoo"
    remote.lines[0].quantity = 4

    let outcome = Self.run(base: base, local: local, remote: remote, policy: ResolverPolicy(lastWriterWins: true))
    #expect(outcome.settled.map(\.conflict.field) == ["notes"])
    #expect(outcome.open.map(\.field) == ["lines[TAB-00001].quantity"])
    #expect(outcome.open.allSatisfy { $0.isControlled })
  }

  @Test func controlledLines_areNeverSettled_byNegligibleTotal() {
    let base = Self.base(controlled: true, quantity: Quantity(thousandths: 1))
    var local = base
    local.lines[0].unitPriceMinor = 1_004
    var remote = base
    remote.lines[0].unitPriceMinor = 1_003

    let outcome = Self.run(base: base, local: local, remote: remote)
    #expect(outcome.settled.isEmpty)
    #expect(outcome.open.map(\.field) == ["lines[TAB-00001].price"])
  }

  @Test func settledSides_applyThroughResolve() {
    let base = Self.base()
    var local = base
    local.state = .sent
    var remote = base
    remote.state = .cancelled
    remote.notes = "Cancelled by the vendor"
    let result = ThreeWayMerge.merge(base: base, local: local, remote: remote)
    let outcome = ConflictResolver.resolve(
      result.conflicts, base: base, local: local, remote: remote, localEditedAt: Self.earlier,
      remoteWrittenAt: Self.later, policy: ResolverPolicy())
    let choices = Dictionary(uniqueKeysWithValues: outcome.settled.map { ($0.conflict.field, $0.side) })

    let resolved = ThreeWayMerge.resolve(
      result.merged, conflicts: result.conflicts, choices: choices, local: local, remote: remote)
    #expect(resolved.state == .cancelled)
    #expect(resolved.notes == "Cancelled by the vendor")
  }
}
