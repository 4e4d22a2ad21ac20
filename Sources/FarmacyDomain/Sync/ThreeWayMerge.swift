import Foundation

/// Which version a conflict is settled with.
package enum MergeSide: String, Sendable, Codable, CaseIterable {
  case local, remote
}

/// One field changed on both sides to different values.
package struct MergeConflict: Hashable, Sendable, Codable {
  /// "notes", "state", "priority", "vendor", "date_order", "date_planned", "vendor_reference", "origin", "currency",
  /// or for lines "lines[KEY].quantity" / ".price" / ".discount" / ".description" / ".date_planned" / ".product" /
  /// ".sequence", or "lines[KEY]" for a line removed on one side and edited on the other. KEY = product code, or the
  /// first 8 chars of the line uuid when there is no code (same naming as `OrderChange.diff`).
  package var field: String
  /// For line conflicts: the line's id in the merged order (the local line's uuid; for a line that exists only
  /// remotely, the remote line's uuid).
  package var lineID: UUID?
  /// Display text of each version; nil = absent (e.g. line missing on that side).
  package var base: String?
  package var local: String?
  package var remote: String?
  /// True when the line (either side) is a controlled substance: never settled automatically.
  package var isControlled: Bool

  package init(
    field: String, lineID: UUID? = nil, base: String?, local: String?, remote: String?, isControlled: Bool = false
  ) {
    self.field = field
    self.lineID = lineID
    self.base = base
    self.local = local
    self.remote = remote
    self.isControlled = isControlled
  }

  /// Whether the conflict is about one line (a field of it or its presence) rather than the header.
  package var isLineConflict: Bool { field.hasPrefix("lines[") }

  /// The line's key (its product code, or the start of its uuid) for a line conflict: `TAB-00042`
  /// for `lines[TAB-00042].price`; `nil` for a header field.
  package var lineKey: String? { LineField(field)?.key }

  /// The line field in conflict: `price` for `lines[TAB-00042].price`, empty for the line's
  /// presence (`lines[TAB-00042]`), `nil` for a header field.
  package var lineFieldName: String? { LineField(field)?.name }

  /// Whether the conflict is about a field of a line that both sides added (no base), with
  /// different values: the merge paired the two lines by product.
  package var isOnLineAddedOnBothSides: Bool {
    lineFieldName?.isEmpty == false && base == nil && local != nil && remote != nil
  }
}

extension Sequence where Element == MergeConflict {
  /// The keys of the lines both sides added with the same product, in the order listed: every
  /// conflict about such a line is ``MergeConflict/isOnLineAddedOnBothSides``, so both copies
  /// can be kept instead of settling its fields.
  package var keysOfLinesAddedOnBothSides: [String] {
    var keys: [String] = []
    var addedOnBothSides: [String: Bool] = [:]
    for conflict in self {
      guard let key = conflict.lineKey else { continue }
      if addedOnBothSides[key] == nil { keys.append(key) }
      addedOnBothSides[key] = (addedOnBothSides[key] ?? true) && conflict.isOnLineAddedOnBothSides
    }
    return keys.filter { addedOnBothSides[$0] == true }
  }
}

package struct MergeResult: Sendable, Equatable {
  /// Base + every one-sided change from both sides; for conflicted fields it holds the LOCAL value.
  package var merged: PurchaseOrder
  package var conflicts: [MergeConflict]
  /// Human-readable notes of what was taken from the remote side without conflict ("notes taken from Odoo",
  /// "line TAB-00042 added in Odoo merged in", "line … removed in Odoo"), for the audit trail.
  package var notes: [String]

  package init(merged: PurchaseOrder, conflicts: [MergeConflict] = [], notes: [String] = []) {
    self.merged = merged
    self.conflicts = conflicts
    self.notes = notes
  }
}

/// A field- and line-level three-way merge of a purchase order.
///
/// `base` is the version both sides last agreed on, `local` the version edited here and `remote`
/// the version Odoo has now. A field changed on one side only takes that side's value; a field
/// changed on both sides to different values is a ``MergeConflict`` and keeps the local value in
/// the merged order until someone (or ``ConflictResolver``) picks a side.
package enum ThreeWayMerge {
  package static func merge(base: PurchaseOrder, local: PurchaseOrder, remote: PurchaseOrder) -> MergeResult {
    var merger = Merger(base: base, local: local, remote: remote)
    merger.mergeHeader()
    merger.mergeLines()
    return MergeResult(merged: merger.merged, conflicts: merger.conflicts, notes: merger.notes)
  }

  /// Sets `conflict`'s field in `order` to the value it has in `source` (local or remote version). For "lines[KEY]"
  /// presence conflicts: if `source` lacks the line, remove it from `order`; if it has it, put source's line in.
  package static func apply(_ conflict: MergeConflict, from source: PurchaseOrder, to order: PurchaseOrder)
    -> PurchaseOrder
  {
    var order = order
    guard let lineField = LineField(conflict.field) else {
      applyHeader(conflict.field, from: source, to: &order)
      return order
    }
    if lineField.name.isEmpty {
      applyPresence(conflict, from: source, to: &order)
      return order
    }
    guard let target = targetIndex(of: conflict, key: lineField.key, in: order),
      let counterpart = LineMatching.counterpart(of: order.lines[target], among: order.lines, in: source.lines)
    else { return order }
    let from = source.lines[counterpart]
    switch lineField.name {
    case "quantity": order.lines[target].quantity = from.quantity
    case "price": order.lines[target].unitPriceMinor = from.unitPriceMinor
    case "discount": order.lines[target].discount = from.discount
    case "description": order.lines[target].description = from.description
    case "date_planned": order.lines[target].datePlanned = from.datePlanned
    case "sequence":
      order.lines[target].sequence = from.sequence
      order.lines = LineMatching.sortedBySequence(order.lines)
    case "product":
      // What follows from the product comes with it: a controlled product keeps its flag.
      order.lines[target].productID = from.productID
      order.lines[target].productCode = from.productCode
      order.lines[target].unit = from.unit
      order.lines[target].taxRate = from.taxRate
      order.lines[target].isControlled = from.isControlled
    default: break
    }
    return order
  }

  /// Convenience: applies each chosen side (local or remote version) to `merged`.
  package static func resolve(
    _ merged: PurchaseOrder, conflicts: [MergeConflict], choices: [String: MergeSide], local: PurchaseOrder,
    remote: PurchaseOrder
  ) -> PurchaseOrder {
    var order = merged
    for conflict in conflicts {
      guard let side = choices[conflict.field] else { continue }
      order = apply(conflict, from: side == .local ? local : remote, to: order)
    }
    return order
  }

  /// Keeps both copies of a line that both sides added with the same product: the merge paired
  /// them into one line with the local values and Odoo's line id. The local copy becomes a new
  /// line (no Odoo id, so a push creates it) and Odoo's copy is put back as Odoo has it.
  ///
  /// - Parameters:
  ///   - lineID: The paired line's id in `order` (the conflicts' ``MergeConflict/lineID``).
  ///   - remote: Odoo's version of the order.
  /// - Returns: The order with both lines, or `nil` when `order` has no such line paired with a
  ///   line of `remote`.
  package static func keepBoth(lineID: UUID, remote: PurchaseOrder, in order: PurchaseOrder) -> PurchaseOrder? {
    guard let index = order.lines.firstIndex(where: { $0.id == lineID }), let odooID = order.lines[index].odooID,
      var theirs = remote.lines.first(where: { $0.odooID == odooID })
    else { return nil }
    var order = order
    order.lines[index].odooID = nil
    if order.lines.contains(where: { $0.id == theirs.id }) { theirs.id = UUID() }
    order.lines.append(theirs)
    order.lines = LineMatching.sortedBySequence(order.lines)
    return order
  }

  // MARK: - Applying one side

  private static func applyHeader(_ field: String, from source: PurchaseOrder, to order: inout PurchaseOrder) {
    switch field {
    case "notes": order.notes = source.notes
    case "state": order.state = source.state
    case "priority": order.priority = source.priority
    case "vendor":
      order.vendorID = source.vendorID
      order.vendorName = source.vendorName
    case "date_order": order.dateOrder = source.dateOrder
    case "date_planned": order.datePlanned = source.datePlanned
    case "vendor_reference": order.vendorReference = source.vendorReference
    case "origin": order.origin = source.origin
    case "currency": order.currency = source.currency
    default: break
    }
  }

  private static func applyPresence(
    _ conflict: MergeConflict, from source: PurchaseOrder, to order: inout PurchaseOrder
  ) {
    guard let lineID = conflict.lineID else { return }
    let inOrder = order.lines.firstIndex { $0.id == lineID }
    // Presence is decided by identity only (uuid, then Odoo id): another line of the same
    // product in `source` is not this line.
    let reference = inOrder.map { order.lines[$0] }
    let inSource =
      source.lines.firstIndex { $0.id == lineID }
      ?? reference?.odooID.flatMap { odooID in source.lines.firstIndex { $0.odooID == odooID } }
    switch (inOrder, inSource) {
    case (let index?, nil):
      order.lines.remove(at: index)
    case (let index?, let sourceIndex?):
      var line = source.lines[sourceIndex]
      line.id = order.lines[index].id
      line.odooID = line.odooID ?? order.lines[index].odooID
      order.lines[index] = line
      order.lines = LineMatching.sortedBySequence(order.lines)
    case (nil, let sourceIndex?):
      let line = source.lines[sourceIndex]
      if let odooID = line.odooID, order.lines.contains(where: { $0.odooID == odooID }) { return }
      order.lines.append(line)
      order.lines = LineMatching.sortedBySequence(order.lines)
    case (nil, nil):
      break
    }
  }

  private static func targetIndex(of conflict: MergeConflict, key: String, in order: PurchaseOrder) -> Int? {
    if let lineID = conflict.lineID, let index = order.lines.firstIndex(where: { $0.id == lineID }) { return index }
    return order.lines.firstIndex { LineMatching.key(of: $0) == key }
  }
}

/// A line field name split into the line's key and the field: `lines[TAB-00042].price` is
/// (`TAB-00042`, `price`); `lines[TAB-00042]` (presence) has an empty field name.
private struct LineField {
  var key: String
  var name: String

  init?(_ field: String) {
    guard field.hasPrefix("lines[") else { return nil }
    let rest = field.dropFirst("lines[".count)
    if rest.hasSuffix("]") {
      key = String(rest.dropLast())
      name = ""
    } else if let close = rest.range(of: "].", options: .backwards) {
      key = String(rest[..<close.lowerBound])
      name = String(rest[close.upperBound...])
    } else {
      return nil
    }
  }
}

// MARK: - Line matching

/// Pairs the lines of two versions of an order: by Odoo id first, then by line uuid, then by
/// product among the lines still unpaired.
enum LineMatching {
  /// Pairs of indices (into `a`, into `b`), skipping the indices already taken.
  static func pairs(_ a: [OrderLine], _ b: [OrderLine], takenA: Set<Int> = [], takenB: Set<Int> = []) -> [(Int, Int)]
  {
    var takenA = takenA
    var takenB = takenB
    var result: [(Int, Int)] = []
    func pass(_ same: (OrderLine, OrderLine) -> Bool) {
      for i in a.indices where !takenA.contains(i) {
        guard let j = b.indices.first(where: { !takenB.contains($0) && same(a[i], b[$0]) }) else { continue }
        takenA.insert(i)
        takenB.insert(j)
        result.append((i, j))
      }
    }
    pass { x, y in x.odooID != nil && x.odooID == y.odooID }
    pass { x, y in x.id == y.id }
    pass { x, y in x.productID != nil && x.productID == y.productID }
    return result
  }

  /// The index in `source` of the line matching `line`, one of `lines`, under the same pairing.
  static func counterpart(of line: OrderLine, among lines: [OrderLine], in source: [OrderLine]) -> Int? {
    guard let index = lines.firstIndex(where: { $0.id == line.id }) else { return nil }
    return pairs(lines, source).first { $0.0 == index }?.1
  }

  /// The line's name in field names: its product code, or the first 8 characters of its uuid.
  static func key(of line: OrderLine) -> String {
    line.productCode.isEmpty ? String(line.id.uuidString.prefix(8)) : line.productCode
  }

  /// Lines by sequence, keeping the given order among equal sequences.
  static func sortedBySequence(_ lines: [OrderLine]) -> [OrderLine] {
    lines.enumerated().sorted { ($0.element.sequence, $0.offset) < ($1.element.sequence, $1.offset) }.map(\.element)
  }
}

// MARK: - The merge itself

private struct Merger {
  let base: PurchaseOrder
  let local: PurchaseOrder
  let remote: PurchaseOrder
  var merged: PurchaseOrder
  var conflicts: [MergeConflict] = []
  var notes: [String] = []

  init(base: PurchaseOrder, local: PurchaseOrder, remote: PurchaseOrder) {
    self.base = base
    self.local = local
    self.remote = remote
    merged = local
  }

  /// The three-way choice for one value: the agreed value, the one-sided change, or a conflict
  /// that keeps the local value.
  private enum Outcome<Value> {
    case same(Value)
    case fromLocal(Value)
    case fromRemote(Value)
    case conflict(Value)
  }

  private static func decide<Value: Equatable>(_ base: Value?, _ local: Value, _ remote: Value) -> Outcome<Value> {
    if local == remote { return .same(local) }
    guard let base else { return .conflict(local) }
    if local == base { return .fromRemote(remote) }
    if remote == base { return .fromLocal(local) }
    return .conflict(local)
  }

  // MARK: Header

  mutating func mergeHeader() {
    header("vendor", \.vendor, text: { $0.name }) { $0.vendorID = $1.id; $0.vendorName = $1.name }
    header("state", \.state, text: \.slug) { $0.state = $1 }
    header("priority", \.priority, text: { $0 == .urgent ? "urgent" : "normal" }) { $0.priority = $1 }
    header("currency", \.currency, text: \.rawValue) { $0.currency = $1 }
    header("date_order", \.dateOrder, text: OdooDateTime.format) { $0.dateOrder = $1 }
    header("date_planned", \.datePlanned, text: Self.text) { $0.datePlanned = $1 }
    header("vendor_reference", \.vendorReference, text: { $0 }) { $0.vendorReference = $1 }
    header("origin", \.origin, text: { $0 }) { $0.origin = $1 }
    header("notes", \.notes, text: { $0 }) { $0.notes = $1 }

    // Odoo's name for the order and the server-owned facts come from Odoo.
    if merged.odooID == nil { merged.odooID = remote.odooID }
    if remote.reference != base.reference, !remote.reference.isEmpty { merged.reference = remote.reference }
    merged.dateApprove = remote.dateApprove
    merged.hasActiveVendorBill = remote.hasActiveVendorBill
    merged.hasDoneReceipt = remote.hasDoneReceipt
  }

  private mutating func header<Value: Equatable>(
    _ field: String, _ path: KeyPath<PurchaseOrder, Value>, text: (Value) -> String,
    set: (inout PurchaseOrder, Value) -> Void
  ) {
    switch Self.decide(base[keyPath: path], local[keyPath: path], remote[keyPath: path]) {
    case .same(let value), .fromLocal(let value):
      set(&merged, value)
    case .fromRemote(let value):
      set(&merged, value)
      notes.append("\(field) taken from Odoo")
    case .conflict(let value):
      set(&merged, value)
      conflicts.append(
        MergeConflict(
          field: field, base: text(base[keyPath: path]), local: text(local[keyPath: path]),
          remote: text(remote[keyPath: path])))
    }
  }

  // MARK: Lines

  /// One line followed through the three versions; any of them may be missing.
  private struct Trio {
    var base: OrderLine?
    var local: OrderLine?
    var remote: OrderLine?
    /// Where the merged line sorts among equal sequences: local order first, then remote order.
    var rank: Int
  }

  private func trios() -> [Trio] {
    let baseLocal = LineMatching.pairs(base.lines, local.lines)
    let baseRemote = LineMatching.pairs(base.lines, remote.lines)
    let localOfBase = Dictionary(uniqueKeysWithValues: baseLocal)
    let remoteOfBase = Dictionary(uniqueKeysWithValues: baseRemote)
    let localRemote = LineMatching.pairs(
      local.lines, remote.lines, takenA: Set(baseLocal.map(\.1)), takenB: Set(baseRemote.map(\.1)))
    let remoteOfLocal = Dictionary(uniqueKeysWithValues: localRemote)

    let remoteRankBase = local.lines.count
    var result: [Trio] = []
    var remoteDone = Set<Int>()
    func remoteRank(_ index: Int?) -> Int { remoteRankBase + (index ?? remote.lines.count) }

    for (b, line) in base.lines.enumerated() {
      let l = localOfBase[b]
      let r = remoteOfBase[b]
      if let r { remoteDone.insert(r) }
      result.append(
        Trio(
          base: line, local: l.map { local.lines[$0] }, remote: r.map { remote.lines[$0] }, rank: l ?? remoteRank(r)))
    }
    let localWithBase = Set(baseLocal.map(\.1))
    for (l, line) in local.lines.enumerated() where !localWithBase.contains(l) {
      let r = remoteOfLocal[l]
      if let r { remoteDone.insert(r) }
      result.append(Trio(base: nil, local: line, remote: r.map { remote.lines[$0] }, rank: l))
    }
    for (r, line) in remote.lines.enumerated() where !remoteDone.contains(r) {
      result.append(Trio(base: nil, local: nil, remote: line, rank: remoteRank(r)))
    }
    return result
  }

  mutating func mergeLines() {
    var lines: [(line: OrderLine, rank: Int)] = []
    for trio in trios() {
      if let line = mergeLine(trio) { lines.append((line, trio.rank)) }
    }
    merged.lines = lines.sorted { ($0.line.sequence, $0.rank) < ($1.line.sequence, $1.rank) }.map(\.line)
  }

  /// The merged version of one line, or nil when it is gone from the merged order.
  private mutating func mergeLine(_ trio: Trio) -> OrderLine? {
    let controlled = [trio.base, trio.local, trio.remote].contains { $0?.isControlled == true }
    switch (trio.base, trio.local, trio.remote) {
    case (nil, nil, nil), (_?, nil, nil):
      return nil
    case (nil, let local?, nil):
      return local
    case (nil, nil, let remote?):
      notes.append("line \(LineMatching.key(of: remote)) added in Odoo merged in")
      return remote
    case (let base?, nil, let remote?):
      guard Self.isEdited(remote, since: base) else { return nil }
      conflicts.append(
        MergeConflict(
          field: "lines[\(LineMatching.key(of: remote))]", lineID: remote.id, base: presence(base), local: nil,
          remote: presence(remote), isControlled: controlled))
      return nil
    case (let base?, let local?, nil):
      guard Self.isEdited(local, since: base) else {
        notes.append("line \(LineMatching.key(of: local)) removed in Odoo")
        return nil
      }
      conflicts.append(
        MergeConflict(
          field: "lines[\(LineMatching.key(of: local))]", lineID: local.id, base: presence(base),
          local: presence(local), remote: nil, isControlled: controlled))
      return local
    case (let base, let local?, let remote?):
      return mergeFields(base: base, local: local, remote: remote, controlled: controlled)
    }
  }

  private mutating func mergeFields(base: OrderLine?, local: OrderLine, remote: OrderLine, controlled: Bool)
    -> OrderLine
  {
    var line = local
    line.odooID = local.odooID ?? remote.odooID
    let name = "lines[\(LineMatching.key(of: local))]"

    func field<Value: Equatable>(
      _ suffix: String, _ path: KeyPath<OrderLine, Value>, text: (Value) -> String,
      set: (inout OrderLine, Value) -> Void
    ) {
      switch Self.decide(base?[keyPath: path], local[keyPath: path], remote[keyPath: path]) {
      case .same(let value), .fromLocal(let value):
        set(&line, value)
      case .fromRemote(let value):
        set(&line, value)
        notes.append("\(name).\(suffix) taken from Odoo")
      case .conflict(let value):
        set(&line, value)
        conflicts.append(
          MergeConflict(
            field: "\(name).\(suffix)", lineID: local.id, base: base.map { text($0[keyPath: path]) },
            local: text(local[keyPath: path]), remote: text(remote[keyPath: path]), isControlled: controlled))
      }
    }
    // Follow-on fields: the side that changed wins, and a change on both sides keeps local.
    func quiet<Value: Equatable>(_ path: WritableKeyPath<OrderLine, Value>) {
      switch Self.decide(base?[keyPath: path], local[keyPath: path], remote[keyPath: path]) {
      case .same(let value), .fromLocal(let value), .fromRemote(let value), .conflict(let value):
        line[keyPath: path] = value
      }
    }

    let currency = merged.currency
    field("product", \.product, text: { $0.text }) { $0.productID = $1.id; $0.productCode = $1.code }
    field("description", \.description, text: { $0 }) { $0.description = $1 }
    field("quantity", \.quantity, text: \.description) { $0.quantity = $1 }
    field("price", \.unitPriceMinor, text: { Money(minorUnits: $0, currency: currency).decimalString }) {
      $0.unitPriceMinor = $1
    }
    field("discount", \.discount, text: \.description) { $0.discount = $1 }
    field("date_planned", \.datePlanned, text: Self.text) { $0.datePlanned = $1 }
    field("sequence", \.sequence, text: { String($0) }) { $0.sequence = $1 }
    quiet(\.taxRate)
    quiet(\.unit)
    quiet(\.isControlled)
    return line
  }

  /// Whether `line` differs from `base` in a field the merge compares.
  private static func isEdited(_ line: OrderLine, since base: OrderLine) -> Bool {
    line.product != base.product || line.description != base.description || line.quantity != base.quantity
      || line.unitPriceMinor != base.unitPriceMinor || line.discount != base.discount
      || line.datePlanned != base.datePlanned || line.sequence != base.sequence
  }

  /// A line as one piece of text, for presence conflicts: `TAB-00042 2 × 10.00`.
  private func presence(_ line: OrderLine) -> String {
    let price = Money(minorUnits: line.unitPriceMinor, currency: merged.currency).decimalString
    return "\(LineMatching.key(of: line)) \(line.quantity) × \(price)"
  }

  private static func text(_ date: Date?) -> String { date.map(OdooDateTime.format) ?? "" }
}

/// The vendor is one field: its id and its name change together.
private struct VendorValue: Equatable {
  var id: Vendor.ID?
  var name: String
}

/// The product is one field: its id and its code change together.
private struct ProductValue: Equatable {
  var id: Product.ID?
  var code: String
  var text: String { code.isEmpty ? id.map { "#\($0)" } ?? "" : code }
}

extension PurchaseOrder {
  fileprivate var vendor: VendorValue { VendorValue(id: vendorID, name: vendorName) }
}

extension OrderLine {
  fileprivate var product: ProductValue { ProductValue(id: productID, code: productCode) }
}
